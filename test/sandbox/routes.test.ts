// The sandbox's routing table, request body parsing and nested error shape, without a server.
import { describe, expect, it } from '@jest/globals';
import { nestErrors } from '../../src/sandbox/account-routes.js';
import { HttpProblem, parseJsonObject } from '../../src/sandbox/http.js';
import { findRoute } from '../../src/sandbox/routes.js';

describe('findRoute', () => {
  it.each([
    ['/v1/graphql/', 'graphql', 'POST'],
    ['/v2/data-import/accounts/', 'create', 'POST'],
    ['/v2/data-import/accounts/validate/', 'validate', 'POST'],
    ['/v2/data-import/accounts/ACME/1000/', 'status', 'GET'],
    ['/v2/data-import/accounts/validate/1000/', 'status', 'GET'],
    ['//v2//data-import/accounts/ACME/1000/', 'status', 'GET'],
    ['/v1/graphql', undefined, undefined],
    ['/v2/data-import/accounts', undefined, undefined],
    ['/v2/data-import/accounts/validate', undefined, undefined],
    ['/v2/data-import/accounts/other/', undefined, undefined],
    ['/v2/data-import/accounts/ACME/1000/extra/', undefined, undefined],
    ['/v2/nothing/', undefined, undefined],
  ])('routes %s to %s', (path, name, method) => {
    const found = findRoute(path);
    expect(found?.route.name).toBe(name);
    expect(found?.route.method).toBe(method);
  });

  it('applies faults and authentication to the account endpoints only', () => {
    expect(findRoute('/v1/graphql/')?.route.guarded).toBe(false);
    expect(findRoute('/v2/data-import/accounts/')?.route.guarded).toBe(true);
  });
});

describe('parseJsonObject', () => {
  it.each([
    ['{not json', /^JSON parse error - /],
    ['', /^JSON parse error - /],
    ['[1,2]', /^Expected a JSON object\.$/],
    ['null', /^Expected a JSON object\.$/],
  ])('refuses %j with a 400 parse_error', (text, detail) => {
    let problem: unknown;
    try {
      parseJsonObject(Buffer.from(text));
    } catch (error) {
      problem = error;
    }
    expect(problem).toBeInstanceOf(HttpProblem);
    expect(problem).toMatchObject({
      status: 400,
      body: { code: 'parse_error', detail: expect.stringMatching(detail) },
    });
  });

  it('returns an object as parsed', () => {
    expect(parseJsonObject(Buffer.from('{"payload":{"a":1}}'))).toEqual({ payload: { a: 1 } });
  });
});

describe('nestErrors', () => {
  it('nests errors by attr path, lists repeated leaves, and files attr-less errors under non_field_errors', () => {
    expect(
      nestErrors([
        { code: 'a', attr: 'customers.0.landline', detail: 'first' },
        { code: 'b', attr: 'customers.0.landline', detail: 'second' },
        { code: 'c', attr: 'customers.1.email', detail: 'third' },
        { code: 'd', detail: 'fourth' },
      ]),
    ).toEqual({
      customers: { '0': { landline: ['first', 'second'] }, '1': { email: ['third'] } },
      non_field_errors: ['fourth'],
    });
  });

  it.each([
    ['child first', ['customers.0.landline', 'customers']],
    ['parent first', ['customers', 'customers.0.landline']],
  ])('keeps both errors when one attr is a prefix of another (%s), as DRF nests them', (_name, attrs) => {
    const nested = nestErrors(attrs.map((attr) => ({ code: 'x', attr, detail: attr })));
    expect(nested).toEqual({
      customers: { non_field_errors: ['customers'], '0': { landline: ['customers.0.landline'] } },
    });
  });

  it('files errors with an empty attr under non_field_errors', () => {
    expect(nestErrors([{ code: 'x', attr: '', detail: 'whole' }])).toEqual({ non_field_errors: ['whole'] });
  });
});
