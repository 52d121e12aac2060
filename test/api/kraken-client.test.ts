// Narrow unit tests of the client's retry timing and response parsing, with undici's MockAgent standing in for the API.
import { describe, expect, it } from '@jest/globals';
import { MockAgent } from 'undici';
import { KrakenClient, statusPath } from '../../src/api/kraken-client.js';
import { flattenErrors, parseAlreadyImported } from '../../src/api/parse-responses.js';
import { RequestGate } from '../../src/api/request-gate.js';
import { backoffDelay, defaultRetryPolicy, mayRetry, parseRetryAfter } from '../../src/api/retry-policy.js';
import { ApiUnusableError } from '../../src/core/errors.js';
import { serializeAccount } from '../../src/core/json.js';
import { PollSchedule } from '../../src/pipeline/poll-schedule.js';

const base = 'https://api.tenant.test';

function client(agent: MockAgent, sleeps: number[] = [], auth: 'token' | 'jwt' = 'token') {
  return new KrakenClient({
    baseUrl: base,
    apiKey: 'k',
    auth,
    payloadWrapper: 'wrapped',
    gate: new RequestGate({ concurrency: 4, ratePerSecond: undefined }),
    dispatcher: agent,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
}

function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}

const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });

describe('retry timing', () => {
  it('waits at least Retry-After seconds after a 429, then succeeds', async () => {
    const agent = mockAgent();
    const pool = agent.get(base);
    pool
      .intercept({ path: '/v2/data-import/accounts/validate/', method: 'POST' })
      .reply(429, {}, { headers: { 'retry-after': '2' } });
    pool
      .intercept({ path: '/v2/data-import/accounts/validate/', method: 'POST' })
      .reply(200, {}, { headers: { 'x-kraken-correlation-id': 'c-1' } });
    const sleeps: number[] = [];
    const answer = await client(agent, sleeps).validate(serializeAccount({}));
    expect(answer).toEqual({ kind: 'valid', attempts: 2, correlationId: 'c-1' });
    expect(sleeps).toEqual([2000]);
  });

  it('reads Retry-After as an HTTP date', async () => {
    const agent = mockAgent();
    const pool = agent.get(base);
    const when = new Date(Date.now() + 5000).toUTCString();
    pool.intercept({ path: statusPath('S', '1'), method: 'GET' }).reply(429, {}, { headers: { 'retry-after': when } });
    pool.intercept({ path: statusPath('S', '1'), method: 'GET' }).reply(404, { code: 'not_found' });
    const sleeps: number[] = [];
    expect((await client(agent, sleeps).status('S', '1')).kind).toBe('not_found');
    expect(sleeps[0]).toBeGreaterThan(3000);
  });

  it('retries a 5xx of validate with growing backoff, and gives up after the attempt cap', async () => {
    const agent = mockAgent();
    agent.get(base).intercept({ path: '/v2/data-import/accounts/validate/', method: 'POST' }).reply(503, {}).times(8);
    const sleeps: number[] = [];
    const answer = await client(agent, sleeps).validate(serializeAccount({}));
    expect(answer).toMatchObject({ kind: 'exhausted', reason: 'http_503', attempts: 8 });
    expect(sleeps).toEqual([125, 250, 500, 1000, 2000, 4000, 8000]);
  });

  it('never re-sends a create after a 5xx or a reset: the outcome is unknown', async () => {
    const agent = mockAgent();
    const pool = agent.get(base);
    pool.intercept({ path: '/v2/data-import/accounts/', method: 'POST' }).reply(502, {});
    pool.intercept({ path: '/v2/data-import/accounts/', method: 'POST' }).replyWithError(reset);
    const api = client(agent);
    const params = { is_dry_run: false, schedule_window_start: null, schedule_window_end: null };
    expect(await api.create(serializeAccount({}), params)).toMatchObject({
      kind: 'unknown',
      reason: 'http_502',
      attempts: 1,
    });
    expect(await api.create(serializeAccount({}), params)).toMatchObject({
      kind: 'unknown',
      reason: 'UND_ERR_SOCKET',
      attempts: 1,
    });
  });

  it('re-sends a create that certainly never left (connection refused)', async () => {
    const agent = mockAgent();
    const pool = agent.get(base);
    pool.intercept({ path: '/v2/data-import/accounts/', method: 'POST' }).replyWithError(refused);
    pool.intercept({ path: '/v2/data-import/accounts/', method: 'POST' }).reply(201, {});
    const answer = await client(agent).create(serializeAccount({}), {
      is_dry_run: false,
      schedule_window_start: null,
      schedule_window_end: null,
    });
    expect(answer).toMatchObject({ kind: 'created', attempts: 2 });
  });

  it('declares the API unusable when every attempt was refused', async () => {
    const agent = mockAgent();
    agent
      .get(base)
      .intercept({ path: statusPath('S', '1'), method: 'GET' })
      .replyWithError(refused)
      .times(8);
    await expect(client(agent).status('S', '1')).rejects.toThrow(ApiUnusableError);
  });

  it('stops at once on 401 with a plain key, and renews a JWT once', async () => {
    const agent = mockAgent();
    const pool = agent.get(base);
    pool.intercept({ path: statusPath('S', '1'), method: 'GET' }).reply(401, { detail: 'x' });
    await expect(client(agent).status('S', '1')).rejects.toThrow(/401/);

    const jwt = (exp: number) => `e30.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.sig`;
    const later = Math.floor(Date.now() / 1000) + 3600;
    pool
      .intercept({ path: '/v1/graphql/', method: 'POST' })
      .reply(200, { data: { obtainKrakenToken: { token: jwt(later), refreshToken: 'r1' } } });
    pool.intercept({ path: statusPath('S', '1'), method: 'GET' }).reply(401, {});
    pool
      .intercept({ path: '/v1/graphql/', method: 'POST' })
      .reply(200, { data: { obtainKrakenToken: { token: jwt(later + 1), refreshToken: 'r2' } } });
    pool
      .intercept({ path: statusPath('S', '1'), method: 'GET' })
      .reply(200, { status: 'PROCESSED', kraken_identifier: 'A-1', latest_error: null });
    const api = client(agent, [], 'jwt');
    expect(await api.status('S', '1')).toMatchObject({
      kind: 'found',
      status: { status: 'PROCESSED', kraken_identifier: 'A-1' },
    });
    expect(api.requestCounts.auth).toBe(2);
  });
});

describe('hostile answers (MockAgent)', () => {
  it.each(['999999', 'Fri, 01 Jan 2099 00:00:00 GMT', '-1', 'junk'])(
    'an absurd Retry-After %j never makes a request give up after one attempt',
    async (header) => {
      const agent = mockAgent();
      const pool = agent.get(base);
      pool
        .intercept({ path: statusPath('S', '1'), method: 'GET' })
        .reply(429, {}, { headers: { 'retry-after': header } });
      pool.intercept({ path: statusPath('S', '1'), method: 'GET' }).reply(404, { code: 'not_found' });
      const sleeps: number[] = [];
      expect(await client(agent, sleeps).status('S', '1')).toMatchObject({ kind: 'not_found', attempts: 2 });
      expect(sleeps[0]).toBeLessThanOrEqual(120_000);
    },
  );

  it('takes a token that is not a valid header value as an unexpected answer of the token endpoint', async () => {
    const agent = mockAgent();
    agent
      .get(base)
      .intercept({ path: '/v1/graphql/', method: 'POST' })
      .reply(200, { data: { obtainKrakenToken: { token: 'abc\ndef', refreshToken: 'r' } } })
      .times(8);
    const failure = client(agent, [], 'jwt').status('S', '1');
    await expect(failure).rejects.toThrow(ApiUnusableError);
    await expect(failure).rejects.toThrow(
      /token_endpoint unexpected_answer \(http_200, token not a valid header value\)/,
    );
  });
});

describe('request bodies', () => {
  it.each([
    [
      'wrapped',
      '{"payload":{"external_account_number":"1"},"task_params":{"is_dry_run":true,"schedule_window_start":null,"schedule_window_end":null}}',
    ],
    ['bare', '{"external_account_number":"1"}'],
  ] as const)('sends a %s create as documented', async (payloadWrapper, expected) => {
    const agent = mockAgent();
    agent
      .get(base)
      .intercept({ path: '/v2/data-import/accounts/', method: 'POST', body: (body) => body === expected })
      .reply(201, {});
    const api = new KrakenClient({
      baseUrl: base,
      apiKey: 'k',
      auth: 'token',
      payloadWrapper,
      gate: new RequestGate({ concurrency: 1, ratePerSecond: undefined }),
      dispatcher: agent,
    });
    const answer = await api.create(serializeAccount({ external_account_number: '1' }), {
      is_dry_run: true,
      schedule_window_start: null,
      schedule_window_end: null,
    });
    expect(answer.kind).toBe('created');
  });
});

describe('retry policy', () => {
  it.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    [undefined, undefined],
    ['soon', undefined],
    ['999999', 120_000],
    ['Fri, 01 Jan 2099 00:00:00 GMT', 120_000],
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
    ['-5', undefined],
    ['1e9', undefined],
  ])('parses Retry-After %j as %j ms (clamped to 0..120 s)', (header, expected) => {
    expect(parseRetryAfter(header, Date.now())).toBe(expected);
  });

  it('uses full jitter under a doubling ceiling, never below Retry-After', () => {
    expect(backoffDelay(defaultRetryPolicy, 1, undefined, () => 0.999)).toBeCloseTo(249.75);
    expect(backoffDelay(defaultRetryPolicy, 20, undefined, () => 1)).toBe(30_000);
    expect(backoffDelay(defaultRetryPolicy, 1, 5000, () => 0.1)).toBe(5000);
    expect(mayRetry(defaultRetryPolicy, 8, 0, 0)).toBe(false);
    expect(mayRetry(defaultRetryPolicy, 2, 299_000, 2000)).toBe(false);
    expect(mayRetry(defaultRetryPolicy, 2, 1000, 2000)).toBe(true);
  });
});

describe('flattenErrors', () => {
  it.each([
    [
      'the standardized list',
      {
        detail: 'Could not validate account data.',
        code: 'account_failed_validation',
        errors: [
          { detail: 'abcde is not a valid phone number', code: 'invalid_phone_number', attr: 'customers.0.landline' },
        ],
      },
      [{ code: 'invalid_phone_number', attr: 'customers.0.landline', detail: 'abcde is not a valid phone number' }],
    ],
    [
      'the raw nested form',
      {
        customers: { '0': { landline: ['abcde is not a valid phone number'], email: ['bad', 'worse'] } },
        non_field_errors: ['whole record'],
      },
      [
        { code: 'invalid', attr: 'customers.0.landline', detail: 'abcde is not a valid phone number' },
        { code: 'invalid', attr: 'customers.0.email', detail: 'bad' },
        { code: 'invalid', attr: 'customers.0.email', detail: 'worse' },
        { code: 'invalid', detail: 'whole record' },
      ],
    ],
    [
      'a bare detail',
      {
        code: 'import_process_failed_validation',
        detail: 'Import process validation failed.',
        domain: 'import_process',
      },
      [{ code: 'import_process_failed_validation', detail: 'Import process validation failed.' }],
    ],
    ['a non-object', 'Bad Gateway', [{ code: 'invalid', detail: 'The API answered with an error and no details.' }]],
  ])('reads %s', (_name, body, expected) => {
    expect(flattenErrors(body)).toEqual(expected);
  });

  it('reads the already-imported answer', () => {
    const body = {
      non_field_errors: { detail: 'already', code: 'account_import_process_already_imported' },
      account_id: 'A-12345678',
    };
    expect(parseAlreadyImported(body)).toEqual({ accountId: 'A-12345678', detail: 'already' });
    expect(parseAlreadyImported({ code: 'other' })).toBeUndefined();
  });
});

describe('PollSchedule', () => {
  it('backs off blindly until it has seen an import finish, then aims just past the typical time', () => {
    const schedule = new PollSchedule(500, 30_000);
    expect([1, 2, 3, 8].map((poll) => schedule.delayMs(poll, 0))).toEqual([500, 1000, 2000, 30_000]);
    for (let index = 0; index < 10; index += 1)
      schedule.observeStatus('2026-01-01T00:00:00Z', `2026-01-01T00:00:0${index === 9 ? 4 : 2}Z`);
    expect(schedule.estimateMs).toBe(4000);
    expect(schedule.delayMs(1, 100)).toBe(4000 + 40 - 100);
    expect(schedule.delayMs(1, 10_000)).toBe(25);
  });
});

describe('RequestGate', () => {
  it('halves its limit on 429 and creeps back one slot per window of successes', () => {
    const gate = new RequestGate({ concurrency: 8, ratePerSecond: undefined });
    gate.throttled();
    gate.throttled();
    expect(gate.concurrency).toBe(2);
    gate.succeeded();
    gate.succeeded();
    expect(gate.concurrency).toBe(3);
    for (let index = 0; index < 100; index += 1) gate.succeeded();
    expect(gate.concurrency).toBe(8);
  });

  it('never runs more than its limit at once and spaces requests under a rate cap', async () => {
    let now = 0;
    const waits: number[] = [];
    const gate = new RequestGate({
      concurrency: 2,
      ratePerSecond: 10,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        gate.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(waits.every((wait) => wait <= 100)).toBe(true);
    expect(now).toBeGreaterThanOrEqual(500);
  });
});
