// Every request the real client sends and every answer the sandbox gives, in a push/validate/status session, conform
// to the tenant's published OpenAPI document (wrapper, task_params, statuses, error shapes, content types).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/main.js';
import { testDeps, writeSeedAccounts } from '../helpers.js';
import { ContractChecker, type Exchange } from './published-contract.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';
import { acmeAccount, callSandbox, paths, startTestSandbox } from './sandbox-test-kit.js';

let checker: ContractChecker | undefined;
beforeAll(async () => {
  checker = await ContractChecker.load();
});

const proxies: RecordingProxy[] = [];
afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await checker?.close();
});

async function cli(args: string[]): Promise<number> {
  const deps = testDeps({
    env: { NO_COLOR: '1', KRAKEN_API_KEY: 'sandbox-key' },
    argv: args,
    now: () => new Date(),
  });
  return run(args, deps);
}

function breachesOf(exchanges: readonly Exchange[]): Promise<string[]> {
  if (checker === undefined) throw new Error('the contract checker did not load');
  return checker.check(exchanges);
}

describe('the contract checker', () => {
  it('catches a bare account, a bad is_dry_run, a wrong status body and an undocumented status', async () => {
    const base = {
      requestHeaders: { authorization: 'Token k' },
      responseHeaders: { 'content-type': 'application/json' },
    };
    const bare = {
      ...base,
      method: 'POST',
      path: paths.validate,
      requestBody: '{"a":1}',
      status: 200,
      responseBody: '{}',
    };
    const dry = {
      ...bare,
      path: paths.create,
      requestBody: '{"payload":{},"task_params":{"is_dry_run":"x"}}',
      status: 201,
    };
    const badStatus = {
      ...bare,
      method: 'GET',
      path: paths.status('1'),
      requestBody: '',
      responseBody: '{"status":1}',
    };
    const teapot = { ...badStatus, status: 418 };
    const cases: [Exchange, RegExp][] = [
      [bare, /request .*payload/],
      [dry, /request .*is_dry_run/],
      [badStatus, /response .*created_at/],
      [teapot, /status not documented/],
    ];
    for (const [exchange, breach] of cases) expect((await breachesOf([exchange])).join('\n')).toMatch(breach);
  });
});

describe('a session of the real client against the sandbox', () => {
  it('sends and receives only what the published document allows', async () => {
    const sandbox = await startTestSandbox({
      processingMs: 30,
      now: () => Date.now(),
      errorAccounts: /^ERR/,
      preimported: new Set(['OLD-1']),
    });
    const proxy = await startRecordingProxy(sandbox.url);
    proxies.push(proxy);
    const dir = mkdtempSync(join(tmpdir(), 'kraken-conformance-'));
    const input = join(dir, 'accounts.ndjson');
    writeSeedAccounts(input, ['OK-1', 'OK-2', 'ERR-1', 'OLD-1']);
    const bad = join(dir, 'bad.ndjson');
    writeSeedAccounts(bad, ['BAD-1'], (account) => (account['billing_address'] = { postal_code: 'x' }));
    const url = ['--base-url', proxy.url];
    await cli(['validate', input, '--remote', ...url]);
    await cli(['push', input, '--dry-run', '--report', join(dir, 'dry.ndjson'), ...url]);
    await cli(['push', input, '--report', join(dir, 'real.ndjson'), ...url]);
    await cli(['push', bad, '--skip-remote-validate', '--report', join(dir, 'bad.ndjson.report'), ...url]);
    await cli(['status', 'OK-1', 'NOPE-1', '--import-supplier', 'ACME', ...url]);
    // What the client does not send by itself: an invalid account on create and validate, and a second create.
    await callSandbox(sandbox, 'POST', paths.create, { payload: acmeAccount('OK-1'), task_params: {} });
    const seen = new Set(proxy.exchanges.map((exchange) => `${exchange.method} ${exchange.status}`));
    expect([...seen]).toEqual(expect.arrayContaining(['POST 200', 'POST 201', 'POST 400', 'GET 200', 'GET 404']));
    expect(await breachesOf(proxy.exchanges)).toEqual([]);
  });

  it('answers hand-made requests with documented shapes: wrapper errors, already imported, 401', async () => {
    const sandbox = await startTestSandbox({ preimported: new Set(['OLD-1']) });
    const proxy = await startRecordingProxy(sandbox.url);
    proxies.push(proxy);
    const token = { authorization: 'Token sandbox-key' };
    const send = (method: string, path: string, body?: unknown, headers = token) =>
      callSandbox({ ...sandbox, url: proxy.url }, method, path, body, headers);
    await send('POST', paths.create, { payload: acmeAccount('OLD-1'), task_params: {} });
    await send('POST', paths.create, { payload: { ...acmeAccount('X-1'), customers: 'x' }, task_params: {} });
    await send('POST', paths.validate, { payload: { ...acmeAccount('X-1'), customers: 'x' } });
    await send('GET', paths.status('OLD-1'), undefined, { authorization: 'Token wrong' });
    await send('GET', paths.status('OLD-1'));
    expect(proxy.exchanges.map((exchange) => exchange.status)).toEqual([400, 400, 400, 401, 200]);
    expect(await breachesOf(proxy.exchanges)).toEqual([]);
  });
});
