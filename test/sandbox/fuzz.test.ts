// Generated and mutated requests to the three operations and GraphQL: the sandbox never answers 5xx, never hangs,
// never hangs up, and answers only documented statuses in documented shapes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { request } from 'undici';
import type { Sandbox } from '../../src/sandbox/sandbox-server.js';
import { ContractChecker, type Exchange } from './published-contract.js';
import { acmeAccount, paths, startTestSandbox } from './sandbox-test-kit.js';

let checker: ContractChecker | undefined;
let sandbox: Sandbox;
beforeAll(async () => {
  checker = await ContractChecker.load();
  sandbox = await startTestSandbox({ processingMs: 10, now: () => Date.now(), acceptBare: false });
});
afterAll(async () => {
  await checker?.close();
});

/** A body: any JSON, a mutated seed account (wrapped or not), odd task_params, or text that is not JSON. */
const body = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .record({
      field: fc.constantFrom('external_account_number', 'customers', 'billing_address', 'import_supplier', 'x'),
      value: fc.jsonValue(),
      taskParams: fc.oneof(
        fc.constant(undefined),
        fc.jsonValue(),
        fc.dictionary(fc.constantFrom('is_dry_run', 'schedule_window_start', 'schedule_window_end'), fc.jsonValue()),
      ),
      wrapped: fc.boolean(),
    })
    .map(({ field, value, taskParams, wrapped }) => {
      const account = { ...acmeAccount(`F-${field}`), [field]: value };
      return JSON.stringify(wrapped ? { payload: account, task_params: taskParams } : account);
    }),
  fc.string(),
);

// Generated text is percent-encoded; the constants go raw (malformed escapes, an encoded slash, a NUL).
const segment = fc.oneof(
  fc.string({ maxLength: 12 }).map((text) => encodeURIComponent(text)),
  fc.constantFrom('%', '%E0%A4%A', '%2F', 'ACME', '%00'),
);

/** One request: a method, a path near the API's, headers and a body. */
const exchangeInput = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
  path: fc.oneof(
    fc.constant(paths.validate),
    fc.constant(paths.create),
    fc.constant('/v1/graphql/'),
    fc.tuple(segment, segment).map(([supplier, number]) => `/v2/data-import/accounts/${supplier}/${number}/`),
  ),
  authorization: fc.constantFrom('Token sandbox-key', 'Token sandbox-key junk', 'Bearer x.y.z', '', 'Token'),
  body: fc.oneof(
    body,
    fc
      .record({
        query: fc.oneof(
          fc.string(),
          fc.constant('mutation($k: String!) { obtainKrakenToken(input: {APIKey: $k}) { token } }'),
        ),
        variables: fc.jsonValue(),
      })
      .map((value) => JSON.stringify(value)),
  ),
});

const documented = new Set([200, 201, 400, 401, 403, 404, 405, 413]);

type ExchangeInput = typeof exchangeInput extends fc.Arbitrary<infer T> ? T : never;

async function send(input: ExchangeInput): Promise<Exchange> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (input.authorization !== '') headers['authorization'] = input.authorization;
  const answer = await request(`${sandbox.url}${input.path}`, {
    method: input.method as 'GET',
    headers,
    body: input.method === 'GET' ? undefined : input.body,
    headersTimeout: 2000,
    bodyTimeout: 2000,
  });
  const responseBody = await answer.body.text();
  return {
    method: input.method,
    path: input.path,
    requestHeaders: headers,
    requestBody: input.method === 'GET' ? '' : input.body,
    status: answer.statusCode,
    responseHeaders: answer.headers,
    responseBody,
  };
}

describe('fuzzing the sandbox', () => {
  it('answers every generated request in time, without 5xx, in a documented status and shape', async () => {
    const exchanges: Exchange[] = [];
    await fc.assert(
      fc.asyncProperty(exchangeInput, async (input) => {
        const exchange = await send(input);
        exchanges.push(exchange);
        expect(documented).toContain(exchange.status);
        if (String(exchange.responseHeaders['content-type']).startsWith('application/json')) {
          const parsed: unknown = JSON.parse(exchange.responseBody);
          expect(typeof parsed).toBe('object');
        } else {
          expect(exchange.status).toBe(404); // Django's HTML page, outside the API's routes
        }
      }),
      { seed: 20261127, numRuns: 200 },
    );
    if (checker === undefined) throw new Error('the contract checker did not load');
    // Requests are malformed on purpose: only what the sandbox answers on published operations must conform (the
    // library cannot read a path with a malformed escape at all; those answers were checked above).
    const answerBreaches = (await checker.check(exchanges)).filter(
      (line) => !/: request |no published operation|no Authorization|checker failed: URI malformed/.test(line),
    );
    expect(answerBreaches.filter((line) => !/-> (401|405|413) /.test(line))).toEqual([]);
    expect(exchanges.length).toBe(200);
  }, 30_000);
});
