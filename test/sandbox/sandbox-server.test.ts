// The sandbox over real HTTP on loopback: every documented response, the import lifecycle, auth and injected faults.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import {
  defaultSandboxOptions,
  startSandbox,
  type Sandbox,
  type SandboxOptions,
} from '../../src/sandbox/sandbox-server.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import type { JsonObject } from '../../src/core/json.js';
import { mutatedSeed, seedAccount } from '../helpers.js';

const startTime = Date.parse('2026-11-27T12:00:00Z');
let clock = startTime;
const running: Sandbox[] = [];

async function sandbox(overrides: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  clock = startTime;
  const started = await startSandbox({
    ...defaultSandboxOptions(defaultTenantRules),
    port: 0,
    now: () => clock,
    ...overrides,
  });
  running.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

interface Answer {
  status: number;
  body: JsonObject;
  headers: Record<string, string | string[] | undefined>;
}

async function call(
  server: Sandbox,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  auth: string | null = 'Token sandbox-key',
): Promise<Answer> {
  const response = await request(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(auth === null ? {} : { authorization: auth }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    body: text === '' ? {} : (JSON.parse(text) as JsonObject),
    headers: response.headers,
  };
}

const account = (number = '8888888889') => ({
  ...seedAccount(),
  import_supplier: 'ACME',
  external_account_number: number,
});
const create = (server: Sandbox, payload: JsonObject, taskParams: JsonObject = {}) =>
  call(server, 'POST', '/v2/data-import/accounts/', {
    payload,
    task_params: { is_dry_run: false, schedule_window_start: null, schedule_window_end: null, ...taskParams },
  });
const status = (server: Sandbox, number = '8888888889', supplier = 'ACME') =>
  call(server, 'GET', `/v2/data-import/accounts/${encodeURIComponent(supplier)}/${encodeURIComponent(number)}/`);

describe('validate endpoint', () => {
  it('answers 200 {} for the seed example', async () => {
    const server = await sandbox();
    const answer = await call(server, 'POST', '/v2/data-import/accounts/validate/', { payload: seedAccount() });
    expect(answer).toMatchObject({ status: 200, body: {} });
    expect(answer.headers['x-kraken-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 400 account_failed_validation with every error', async () => {
    const server = await sandbox();
    const invalid = mutatedSeed((a) => {
      a.customers[0].landline = 'abcde';
      a.customers[0].email = 'test@example.com';
    });
    const answer = await call(server, 'POST', '/v2/data-import/accounts/validate/', { payload: invalid });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      detail: 'Could not validate account data.',
      code: 'account_failed_validation',
      errors: [
        { detail: 'abcde is not a valid phone number', code: 'invalid_phone_number', attr: 'customers.0.landline' },
        {
          detail: 'test@example.com looks like a test email address.',
          code: 'possible_test_email_address',
          attr: 'customers.0.email',
        },
      ],
    });
  });

  it('can answer in the raw nested form some tenants use', async () => {
    const server = await sandbox({ errorFormat: 'nested' });
    const invalid = mutatedSeed((a) => (a.customers[0].landline = 'abcde'));
    const answer = await call(server, 'POST', '/v2/data-import/accounts/validate/', { payload: invalid });
    expect(answer).toMatchObject({
      status: 400,
      body: { customers: { '0': { landline: ['abcde is not a valid phone number'] } } },
    });
  });

  it('refuses a bare account as the published schema does, and takes one with acceptBare as some tenants do', async () => {
    expect(await call(await sandbox(), 'POST', '/v2/data-import/accounts/validate/', seedAccount())).toMatchObject({
      status: 400,
      body: { errors: [{ code: 'required', attr: 'payload', detail: 'This field is required.' }] },
    });
    const lenient = await sandbox({ acceptBare: true });
    expect((await call(lenient, 'POST', '/v2/data-import/accounts/validate/', seedAccount())).status).toBe(200);
  });
});

describe('create and status', () => {
  it('moves an import from PENDING through IN_PROGRESS to PROCESSED over the processing time', async () => {
    const server = await sandbox({ processingMs: 2000 });
    expect(await create(server, account())).toMatchObject({ status: 201, body: {} });
    const pending = await status(server);
    expect(pending.body).toMatchObject({
      status: 'PENDING',
      kraken_identifier: null,
      latest_error: null,
      latest_event: {
        event: 'EVENT_ACCOUNT_IMPORT_PROCESS_CREATED',
        occurred_at: '2026-11-27T12:00:00.000Z',
        data: null,
      },
    });
    clock += 1000;
    expect((await status(server)).body['status']).toBe('IN_PROGRESS');
    clock += 1000;
    const done = await status(server);
    expect(done.body).toMatchObject({
      status: 'PROCESSED',
      created_at: '2026-11-27T12:00:00.000Z',
      modified_at: '2026-11-27T12:00:02.000Z',
    });
    expect(done.body['kraken_identifier']).toMatch(/^A-[0-9A-F]{8}$/);
  });

  it('refuses a second import of the same account with its account_id, but not a dry run', async () => {
    const server = await sandbox({ processingMs: 0 });
    await create(server, account());
    const identifier = (await status(server)).body['kraken_identifier'];
    const again = await create(server, account());
    expect(again).toMatchObject({
      status: 400,
      body: {
        non_field_errors: {
          detail: 'The account import process with the account number 8888888889 has already been imported.',
          code: 'account_import_process_already_imported',
        },
        account_id: identifier,
      },
    });
    expect((await create(server, account(), { is_dry_run: true })).status).toBe(201);
    expect((await create(server, { ...account(), import_supplier: 'OTHER' })).status).toBe(201);
  });

  it('ends a dry run in DRY_RUN_SUCCEEDED and leaves the account free to import', async () => {
    const server = await sandbox({ processingMs: 100 });
    await create(server, account('D1'), { is_dry_run: true });
    clock += 100;
    expect((await status(server, 'D1')).body).toMatchObject({ status: 'DRY_RUN_SUCCEEDED', kraken_identifier: null });
    expect((await create(server, account('D1'))).status).toBe(201);
  });

  it('makes chosen accounts end ERRORED (or DRY_RUN_ERRORED) with a latest_error', async () => {
    const server = await sandbox({ processingMs: 0, errorAccounts: /7$/ });
    await create(server, account('1007'));
    await create(server, account('2007'), { is_dry_run: true });
    await create(server, account('1008'));
    expect((await status(server, '1007')).body).toMatchObject({
      status: 'ERRORED',
      kraken_identifier: null,
      latest_error: { code: 'account_import_failed', domain: 'account_import' },
    });
    expect((await status(server, '2007')).body['status']).toBe('DRY_RUN_ERRORED');
    expect((await status(server, '1008')).body['status']).toBe('PROCESSED');
    expect((await create(server, account('1007'))).status).toBe(201);
  });

  it('refuses an invalid account with import_process_failed_validation', async () => {
    const server = await sandbox();
    const answer = await create(
      server,
      mutatedSeed((a) => (a.customers[0].landline = 'abcde')),
    );
    expect(answer).toMatchObject({
      status: 400,
      body: { code: 'import_process_failed_validation', domain: 'import_process' },
    });
    expect(server.store.size.imports).toBe(0);
  });

  it('checks schedule windows and keeps a future window PENDING until it opens', async () => {
    const server = await sandbox({ processingMs: 1000 });
    const at = (offsetMs: number) => new Date(clock + offsetMs).toISOString();
    const codes = async (params: JsonObject) =>
      ((await create(server, account('W0'), params)).body['errors'] as { code: string }[] | undefined)?.map(
        (error) => error.code,
      );
    expect(await codes({ schedule_window_start: at(-3_600_000) })).toEqual(['schedule_window_start_in_past']);
    expect(await codes({ schedule_window_end: at(5 * 24 * 3_600_000) })).toEqual([
      'schedule_window_end_too_far_in_future',
    ]);
    expect(await codes({ schedule_window_start: at(7_200_000), schedule_window_end: at(3_600_000) })).toEqual([
      'schedule_window_start__after_end',
    ]);
    expect(
      await create(server, account('W1'), { schedule_window_start: at(3_600_000), schedule_window_end: at(7_200_000) }),
    ).toMatchObject({ status: 201 });
    clock += 3_000_000;
    expect((await status(server, 'W1')).body['status']).toBe('PENDING');
    clock += 600_000 + 1000;
    expect((await status(server, 'W1')).body['status']).toBe('PROCESSED');
  });

  it('answers 404 not_found for an unknown import, and knows pre-imported accounts', async () => {
    const server = await sandbox({ preimported: new Set(['P-1']) });
    expect(await status(server, 'nope')).toMatchObject({
      status: 404,
      body: { detail: 'The requested resource was not found.', code: 'not_found' },
    });
    expect((await status(server, 'P-1')).body['status']).toBe('PROCESSED');
    expect((await create(server, account('P-1'))).body['account_id']).toMatch(/^A-/);
  });

  it('decodes account numbers with slashes and spaces in the status path', async () => {
    const server = await sandbox({ processingMs: 0 });
    await create(server, account('AB/12 3'));
    expect((await status(server, 'AB/12 3')).body['status']).toBe('PROCESSED');
  });

  it('keeps imports across a restart with a state file', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'kraken-sandbox-')), 'state.json');
    const first = await sandbox({ statePath, processingMs: 0 });
    await create(first, account('S1'));
    await first.close();
    running.splice(running.indexOf(first), 1);
    const second = await sandbox({ statePath });
    expect((await status(second, 'S1')).body['status']).toBe('PROCESSED');
    expect((await create(second, account('S1'))).status).toBe(400);
  });
});

describe('authentication', () => {
  it.each([
    ['no header', null, 401],
    ['a wrong key', 'Token wrong', 401],
    ['a key without permission', 'Token read-only', 403],
    ['a made-up JWT', 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln', 401],
  ])('refuses %s', async (_name, auth, expected) => {
    const server = await sandbox({ forbiddenToken: 'read-only' });
    const answer = await call(server, 'GET', '/v2/data-import/accounts/A/1/', undefined, auth);
    expect(answer.status).toBe(expected);
    expect(answer.body['detail']).toMatch(/credentials|permission/);
  });

  it('issues JWTs through obtainKrakenToken that work until they expire, and refreshes them', async () => {
    const server = await sandbox({ jwtTtlSeconds: 60 });
    const obtain = async (input: JsonObject) =>
      (
        await call(
          server,
          'POST',
          '/v1/graphql/',
          {
            query:
              'mutation obtainKrakenToken($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token refreshToken } }',
            variables: { input },
          },
          null,
        )
      ).body;
    const refused = await obtain({ APIKey: 'wrong' });
    expect(refused['errors']).toBeDefined();
    const issued = (await obtain({ APIKey: 'sandbox-key' }))['data'] as {
      obtainKrakenToken: { token: string; refreshToken: string };
    };
    const { token, refreshToken } = issued.obtainKrakenToken;
    expect((await call(server, 'GET', '/v2/data-import/accounts/A/1/', undefined, token)).status).toBe(404);
    clock += 61_000;
    expect((await call(server, 'GET', '/v2/data-import/accounts/A/1/', undefined, token)).status).toBe(401);
    const refreshed = (await obtain({ refreshToken }))['data'] as { obtainKrakenToken: { token: string } };
    expect(
      (await call(server, 'GET', '/v2/data-import/accounts/A/1/', undefined, refreshed.obtainKrakenToken.token)).status,
    ).toBe(404);
  });

  it('reads an APIKey written inline in the mutation', async () => {
    const server = await sandbox();
    const answer = await call(
      server,
      'POST',
      '/v1/graphql/',
      { query: 'mutation { obtainKrakenToken(input: {APIKey: "sandbox-key"}) { token } }' },
      null,
    );
    expect(
      (answer.body['data'] as { obtainKrakenToken: { token: string } }).obtainKrakenToken.token.split('.'),
    ).toHaveLength(3);
  });
});

describe('faults', () => {
  it('answers 429 with Retry-After', async () => {
    const server = await sandbox({ rate429: 1, retryAfterSeconds: 3 });
    const answer = await status(server);
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('3');
  });

  it('answers 503', async () => {
    const server = await sandbox({ rate5xx: 1 });
    expect((await status(server)).status).toBe(503);
  });

  it('drops the connection without an answer', async () => {
    const server = await sandbox({ rateReset: 1 });
    await expect(status(server)).rejects.toThrow();
  });

  it('commits a create whose answer is lost', async () => {
    const server = await sandbox({ rateLostCreate: 1, processingMs: 0 });
    await expect(create(server, account('L1'))).rejects.toThrow();
    expect((await status(server, 'L1')).body['status']).toBe('PROCESSED');
  });

  it('answers 429 past the concurrency limit', async () => {
    const server = await sandbox({ maxConcurrent: 2, latencyMs: 100 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => status(server)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([404, 404, 429, 429, 429]);
  });

  it('adds latency', async () => {
    const server = await sandbox({ latencyMs: 150 });
    const started = Date.now();
    await status(server);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('injects the same faults in the same order for the same seed', async () => {
    const sequence = async (seed: number) => {
      const server = await sandbox({ seed, rate429: 0.3, rate5xx: 0.3 });
      const statuses: number[] = [];
      for (let index = 0; index < 30; index += 1) statuses.push((await status(server)).status);
      return statuses;
    };
    const first = await sequence(42);
    expect(await sequence(42)).toEqual(first);
    expect(new Set(first)).toEqual(new Set([404, 429, 503]));
    expect(await sequence(43)).not.toEqual(first);
  });
});

describe('bad requests', () => {
  it('answers unknown paths, wrong methods, bad JSON and huge bodies in the documented shape', async () => {
    const server = await sandbox({ maxBodyBytes: 1000 });
    for (const path of ['/v2/nothing/', '/v2/data-import/accounts/validate', '/api/v2/data-import/accounts/']) {
      // Outside the API's routes the framework answers with its HTML page, not the API's JSON.
      const page = await request(`${server.url}${path}`);
      expect(page.statusCode).toBe(404);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(await page.body.text()).toContain('<h1>Not Found</h1>');
    }
    expect(await call(server, 'GET', '/v2/data-import/accounts/')).toMatchObject({
      status: 405,
      body: { code: 'method_not_allowed' },
    });
    expect(await call(server, 'POST', '/v2/data-import/accounts/validate/', '{not json')).toMatchObject({
      status: 400,
      body: { code: 'parse_error' },
    });
    expect(await call(server, 'POST', '/v2/data-import/accounts/validate/', '[1,2]')).toMatchObject({
      status: 400,
      body: { code: 'parse_error' },
    });
    expect(
      await call(server, 'POST', '/v2/data-import/accounts/validate/', { payload: { pad: 'x'.repeat(5000) } }),
    ).toMatchObject({ status: 413 });
  });

  it('survives garbage and still answers', async () => {
    const server = await sandbox();
    const garbage = [
      '',
      'null',
      '{"payload": null}',
      '{"payload": []}',
      '{"payload": {"customers": "x"}}',
      '\u0000\u0001',
      '{"payload": {"external_account_number": 5}}',
    ];
    for (const body of garbage) {
      for (const path of ['/v2/data-import/accounts/validate/', '/v2/data-import/accounts/', '/v1/graphql/']) {
        const answer = await call(server, 'POST', path, body);
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.status).toBeLessThan(500);
      }
    }
    expect((await call(server, 'POST', '/v2/data-import/accounts/validate/', { payload: seedAccount() })).status).toBe(
      200,
    );
  });
});
