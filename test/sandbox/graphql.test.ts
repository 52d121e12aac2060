// The sandbox's GraphQL endpoint as graphql-js executes it: variables, aliases, fragments, operation names, errors.
import { describe, expect, it } from '@jest/globals';
import type { Sandbox } from '../../src/sandbox/sandbox-server.js';
import { callSandbox, startTestSandbox } from './sandbox-test-kit.js';

const mutation = 'mutation Obtain($k: String!) { obtainKrakenToken(input: {APIKey: $k}) { token refreshToken } }';

function graphql(server: Sandbox, body: unknown, accept = 'application/json') {
  return callSandbox(server, 'POST', '/v1/graphql/', body, { accept });
}

function tokenOf(body: Record<string, unknown>, field = 'obtainKrakenToken'): unknown {
  const data = body['data'] as Record<string, { token?: unknown } | null> | undefined;
  return data?.[field]?.token;
}

describe('obtainKrakenToken through graphql-js', () => {
  it('reads the key from variables, with an operation name', async () => {
    const server = await startTestSandbox();
    const answer = await graphql(server, { query: mutation, variables: { k: 'sandbox-key' }, operationName: 'Obtain' });
    expect(answer.status).toBe(200);
    expect(tokenOf(answer.body)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('answers aliases and fragments, and the input object as a variable', async () => {
    const server = await startTestSandbox();
    const query = `
      fragment T on ObtainKrakenJSONWebToken { token payload refreshExpiresIn }
      mutation($input: ObtainJSONWebTokenInput!) { auth: obtainKrakenToken(input: $input) { ...T } }`;
    const answer = await graphql(server, { query, variables: { input: { APIKey: 'sandbox-key' } } });
    expect(tokenOf(answer.body, 'auth')).toEqual(expect.any(String));
    expect((answer.body['data'] as { auth: { payload: unknown } }).auth.payload).toEqual({ exp: expect.any(Number) });
  });

  it('refreshes with a refresh token written inline', async () => {
    const server = await startTestSandbox();
    const first = await graphql(server, { query: mutation, variables: { k: 'sandbox-key' } });
    const refresh = (first.body['data'] as { obtainKrakenToken: { refreshToken: string } }).obtainKrakenToken
      .refreshToken;
    const query = `mutation { obtainKrakenToken(input: {refreshToken: "${refresh}"}) { token } }`;
    expect(tokenOf((await graphql(server, { query })).body)).toEqual(expect.any(String));
  });

  it('keeps the invalid-key answer: KT-CT-1138 and a null obtainKrakenToken', async () => {
    const server = await startTestSandbox();
    const answer = await graphql(server, { query: mutation, variables: { k: 'wrong' } });
    expect(answer).toMatchObject({
      status: 200,
      body: {
        data: { obtainKrakenToken: null },
        errors: [{ message: 'Invalid data.', path: ['obtainKrakenToken'], extensions: { errorCode: 'KT-CT-1138' } }],
      },
    });
  });

  it.each([
    ['a syntax error', { query: 'mutation {' }],
    ['an unknown field', { query: '{ viewer { id } }' }],
    ['a missing variable', { query: mutation }],
    ['an unknown operation name', { query: mutation, variables: { k: 'x' }, operationName: 'Nope' }],
  ])('answers %s with GraphQL errors: 200 as application/json, 400 as graphql-response+json', async (_name, body) => {
    const server = await startTestSandbox();
    const legacy = await graphql(server, body);
    expect(legacy.status).toBe(200);
    expect(legacy.body['data']).toBeUndefined();
    const errors = legacy.body['errors'] as { message: unknown }[];
    expect(errors[0]?.message).toEqual(expect.any(String));
    const strict = await graphql(server, body, 'application/graphql-response+json');
    expect(strict.status).toBe(400);
    expect(strict.headers['content-type']).toBe('application/graphql-response+json');
  });

  it('gives a syntax error its location', async () => {
    const server = await startTestSandbox();
    const answer = await graphql(server, { query: 'mutation {' });
    expect(answer.body['errors']).toEqual([{ message: expect.any(String), locations: [{ line: 1, column: 11 }] }]);
  });

  it.each([['not json'], ['[1]'], [{ query: 5 }], [{ query: mutation, variables: 'x' }]])(
    'answers 400 with GraphQL errors to a body that is not a GraphQL request: %j',
    async (body) => {
      const server = await startTestSandbox();
      const answer = await graphql(server, body);
      expect(answer.status).toBe(400);
      expect(answer.body['errors']).toEqual([{ message: expect.any(String) }]);
    },
  );
});
