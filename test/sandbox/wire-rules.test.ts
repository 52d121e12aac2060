// The sandbox refuses what Kraken refuses: task_params read as DRF reads them, the payload wrapper, protocol faults,
// the dry run of an imported account, and status times.
import { describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import type { Sandbox } from '../../src/sandbox/sandbox-server.js';
import { acmeAccount, callSandbox, paths, startTestSandbox, testClock } from './sandbox-test-kit.js';

const create = (server: Sandbox, body: unknown) => callSandbox(server, 'POST', paths.create, body);

describe('task_params on create', () => {
  it.each([
    ['missing', undefined, 'required', 'This field is required.'],
    ['null', null, 'null', 'This field may not be null.'],
    ['a string', 'x', 'invalid', 'Invalid data. Expected a dictionary, but got str.'],
    ['a list', [], 'invalid', 'Invalid data. Expected a dictionary, but got list.'],
  ])('refuses task_params %s with a 400 on task_params', async (_name, taskParams, code, detail) => {
    const server = await startTestSandbox();
    const body =
      taskParams === undefined ? { payload: acmeAccount() } : { payload: acmeAccount(), task_params: taskParams };
    expect(await create(server, body)).toMatchObject({
      status: 400,
      body: { code: 'invalid_task_params', errors: [{ code, attr: 'task_params', detail }] },
    });
    expect(server.store.size).toEqual({ imports: 0, dryRuns: 0 });
  });

  it.each([
    ['true', true],
    [1, true],
    ['yes', true],
    ['on', true],
    ['T', true],
    [false, false],
    ['0', false],
    ['off', false],
    [0, false],
  ])('reads is_dry_run %j as a DRF BooleanField does (%s)', async (value, dryRun) => {
    const server = await startTestSandbox();
    expect((await create(server, { payload: acmeAccount(), task_params: { is_dry_run: value } })).status).toBe(201);
    expect(server.store.find('ACME', '8888888889')?.dryRun).toBe(dryRun);
  });

  it('takes empty task_params as a real import (is_dry_run defaults to false)', async () => {
    const server = await startTestSandbox();
    expect((await create(server, { payload: acmeAccount(), task_params: {} })).status).toBe(201);
    expect(server.store.size).toEqual({ imports: 1, dryRuns: 0 });
  });

  it.each([
    ['maybe', 'invalid', 'Must be a valid boolean.'],
    ['', 'invalid', 'Must be a valid boolean.'],
    [2, 'invalid', 'Must be a valid boolean.'],
    [null, 'null', 'This field may not be null.'],
  ])('refuses is_dry_run %j with the field error', async (value, code, detail) => {
    const server = await startTestSandbox();
    expect(await create(server, { payload: acmeAccount(), task_params: { is_dry_run: value } })).toMatchObject({
      status: 400,
      body: { errors: [{ code, attr: 'task_params.is_dry_run', detail }] },
    });
  });

  it('lists wrapper errors of payload and task_params together', async () => {
    const server = await startTestSandbox();
    const answer = await create(server, { task_params: { is_dry_run: 'maybe' } });
    expect(answer).toMatchObject({ status: 400, body: { code: 'account_failed_validation' } });
    expect(answer.body['errors']).toEqual([
      { code: 'required', attr: 'payload', detail: 'This field is required.' },
      { code: 'invalid', attr: 'task_params.is_dry_run', detail: 'Must be a valid boolean.' },
    ]);
  });
});

describe('the payload wrapper', () => {
  it.each([
    ['validate', paths.validate],
    ['create', paths.create],
  ])('refuses a bare account on %s unless acceptBare, which then creates a real import', async (name, path) => {
    const strict = await startTestSandbox();
    const refused = await callSandbox(strict, 'POST', path, acmeAccount());
    expect(refused.status).toBe(400);
    expect(refused.body['errors']).toContainEqual({
      code: 'required',
      attr: 'payload',
      detail: 'This field is required.',
    });
    const lenient = await startTestSandbox({ acceptBare: true });
    expect((await callSandbox(lenient, 'POST', path, acmeAccount())).status).toBe(name === 'create' ? 201 : 200);
    if (name === 'create') expect(lenient.store.find('ACME', '8888888889')?.dryRun).toBe(false);
  });

  it.each([
    [null, 'null'],
    ['x', 'invalid'],
    [[1], 'invalid'],
  ])('refuses payload %j with its field error', async (payload, code) => {
    const server = await startTestSandbox({ acceptBare: true });
    expect(await callSandbox(server, 'POST', paths.validate, { payload })).toMatchObject({
      status: 400,
      body: { errors: [{ code, attr: 'payload' }] },
    });
  });
});

describe('protocol faults', () => {
  it('answers 404 for a malformed percent-escape in the status path', async () => {
    const server = await startTestSandbox();
    expect(await callSandbox(server, 'GET', '/v2/data-import/accounts/ACME/%E0%A4%A/')).toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    });
  });

  it('lists an errors entry for a body that is not a JSON object', async () => {
    const server = await startTestSandbox();
    for (const text of ['[1]', '{not json', '']) {
      const answer = await callSandbox(server, 'POST', paths.validate, text);
      expect(answer).toMatchObject({ status: 400, body: { code: 'parse_error' } });
      expect(answer.body['errors']).toEqual([
        { code: 'parse_error', attr: 'non_field_errors', detail: answer.body['detail'] },
      ]);
    }
  });

  it('gives an error about the whole account the attr non_field_errors', async () => {
    const server = await startTestSandbox();
    const answer = await callSandbox(server, 'POST', paths.validate, { payload: {} });
    expect(answer.status).toBe(400);
    const errors = answer.body['errors'] as { attr?: unknown }[];
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(typeof error.attr).toBe('string');
  });

  it('names the allowed method of a 405 in Allow', async () => {
    const server = await startTestSandbox();
    const answer = await callSandbox(server, 'DELETE', paths.status('1'));
    expect(answer.status).toBe(405);
    expect(answer.headers['allow']).toBe('GET');
    expect((await callSandbox(server, 'GET', paths.create)).headers['allow']).toBe('POST');
  });

  it.each(['Token sandbox-key junk', 'Token', 'Token  sandbox-key x', 'sandbox-key'])(
    'answers 401 to Authorization %j',
    async (authorization) => {
      const server = await startTestSandbox();
      expect((await callSandbox(server, 'GET', paths.status('1'), undefined, { authorization })).status).toBe(401);
    },
  );

  it('answers a malformed HTTP request with a 400 rather than hanging up', async () => {
    const server = await startTestSandbox();
    const { port } = new URL(server.url);
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
      socket.on('end', () => {
        resolve(received);
      });
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text).toContain('"code":"bad_request"');
  });
});

describe('a dry-run create of an account already imported', () => {
  async function importedThenDryRun(reading: 'shadowed' | 'latest' | 'refused') {
    const server = await startTestSandbox({ dryRunOfImported: reading, processingMs: 100 });
    await create(server, { payload: acmeAccount(), task_params: {} });
    testClock.now += 1000;
    const dryRun = await create(server, { payload: acmeAccount(), task_params: { is_dry_run: true } });
    testClock.now += 1000;
    const status = await callSandbox(server, 'GET', paths.status('8888888889'));
    return { dryRun, status: status.body['status'] };
  }

  it('runs and stays behind the real import by default (shadowed)', async () => {
    expect(await importedThenDryRun('shadowed')).toMatchObject({ dryRun: { status: 201 }, status: 'PROCESSED' });
  });

  it('runs and is what status shows while it is the latest (latest)', async () => {
    expect(await importedThenDryRun('latest')).toMatchObject({ dryRun: { status: 201 }, status: 'DRY_RUN_SUCCEEDED' });
  });

  it('is refused as already imported (refused)', async () => {
    const { dryRun } = await importedThenDryRun('refused');
    expect(dryRun).toMatchObject({
      status: 400,
      body: { non_field_errors: { code: 'account_import_process_already_imported' } },
    });
  });
});

describe('status times', () => {
  it('keeps modified_at at the last change of status, whatever the time of the request', async () => {
    const server = await startTestSandbox({ processingMs: 4000 });
    await create(server, { payload: acmeAccount(), task_params: {} });
    const seen: { status: unknown; modified_at: unknown; created_at: unknown }[] = [];
    for (const step of [0, 500, 500, 1000, 2000, 3000, 5000]) {
      testClock.now += step;
      seen.push((await callSandbox(server, 'GET', paths.status('8888888889'))).body as (typeof seen)[number]);
    }
    expect(seen.map((body) => [body.status, body.modified_at])).toEqual([
      ['PENDING', '2026-11-27T12:00:00.000Z'],
      ['PENDING', '2026-11-27T12:00:00.000Z'],
      ['IN_PROGRESS', '2026-11-27T12:00:01.000Z'],
      ['IN_PROGRESS', '2026-11-27T12:00:01.000Z'],
      ['PROCESSED', '2026-11-27T12:00:04.000Z'],
      ['PROCESSED', '2026-11-27T12:00:04.000Z'],
      ['PROCESSED', '2026-11-27T12:00:04.000Z'],
    ]);
    const withOffset = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
    for (const body of seen) {
      expect(body.created_at).toMatch(withOffset);
      expect(body.modified_at).toMatch(withOffset);
    }
  });
});
