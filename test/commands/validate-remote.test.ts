// `validate --remote` against the real sandbox: the tenant's own verdict joins the local one.
import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/main.js';
import type { RecordResult } from '../../src/report/record-result.js';
import { defaultSandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/sandbox-server.js';
import { resolveTenantRules } from '../../src/validation/tenant-rules.js';
import { readNdjsonFile, testDeps, writeSeedAccounts } from '../helpers.js';

const running: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function validateRemote(url: string, input: string, report: string, key: string) {
  const deps = testDeps({ env: { NO_COLOR: '1', KRAKEN_API_KEY: key } });
  const code = await run(['validate', input, '--remote', '--base-url', url, '--report', report], deps);
  return { code, stdout: deps.stdout.text(), stderr: deps.stderr.text() };
}

describe('validate --remote', () => {
  it('adds the errors only the tenant knows about', async () => {
    const server = await startSandbox({
      ...defaultSandboxOptions(resolveTenantRules({ ledger_codes: ['ELECTRICITY'] })),
      port: 0,
    });
    running.push(server);
    const dir = mkdtempSync(join(tmpdir(), 'kraken-remote-'));
    const input = join(dir, 'a.ndjson');
    writeSeedAccounts(input, ['V-1', 'V-2'], (account, number) => {
      if (number === 'V-2') account['ledgers'] = [];
    });
    const result = await validateRemote(server.url, input, join(dir, 'r.ndjson'), 'sandbox-key');
    expect(result.code).toBe(1);
    expect(
      readNdjsonFile<RecordResult>(join(dir, 'r.ndjson')).map((item) => [
        item.outcome,
        item.errors.map((error) => error.code),
      ]),
    ).toEqual([
      ['invalid', ['ledger_code_does_not_exist']],
      ['valid', []],
    ]);
    expect(server.requestCounts['validate']).toBe(2);
    expect(server.store.size.imports).toBe(0);
  });

  it('exits 3 on refused credentials before reading a record or writing a file', async () => {
    const server = await startSandbox({ ...defaultSandboxOptions(resolveTenantRules(undefined)), port: 0 });
    running.push(server);
    const dir = mkdtempSync(join(tmpdir(), 'kraken-remote-'));
    const input = join(dir, 'a.ndjson');
    writeSeedAccounts(input, ['V-1', 'V-2', 'V-3']);
    const result = await validateRemote(server.url, input, join(dir, 'r.ndjson'), 'wrong-key-value');
    expect(result.code).toBe(3);
    expect(existsSync(join(dir, 'r.ndjson'))).toBe(false);
    expect(server.requestCounts['validate'] ?? 0).toBe(0);
    expect(server.requestCounts['status']).toBe(1);
    expect(result.stderr).toContain('401');
    expect(result.stderr + result.stdout).not.toContain('wrong-key-value');
  });

  it('exits 3 at once, with the fix in words, when the base URL is not the API', async () => {
    const server = await startSandbox({
      ...defaultSandboxOptions(resolveTenantRules(undefined)),
      port: 0,
      fault: 'html',
      faultStatus: 404,
    });
    running.push(server);
    const dir = mkdtempSync(join(tmpdir(), 'kraken-remote-'));
    const input = join(dir, 'a.ndjson');
    writeSeedAccounts(input, ['V-1']);
    const result = await validateRemote(`${server.url}/api`, input, join(dir, 'r.ndjson'), 'sandbox-key');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('check KRAKEN_BASE_URL');
    expect(result.stdout).toBe('');
  });
});
