// `status` in process against the real sandbox: --from with filters and --watch, its summary, and where the
// import supplier comes from.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordResult } from '../../src/report/record-result.js';
import { defaultSandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/sandbox-server.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { readNdjsonFile, writeSeedAccounts } from '../helpers.js';
import { runInProcess } from '../in-process.js';

const running: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** A sandbox whose clock the test moves instead of waiting for imports to finish. */
async function sandbox(errorAccounts?: RegExp) {
  let ahead = 0;
  const server = await startSandbox({
    ...defaultSandboxOptions(defaultTenantRules),
    port: 0,
    processingMs: 1000,
    errorAccounts,
    now: () => Date.now() + ahead,
  });
  running.push(server);
  return {
    url: server.url,
    advance: (ms: number) => {
      ahead += ms;
    },
  };
}

const cli = runInProcess;

/** Pushes seed accounts with --no-wait and returns the report path. */
async function submitted(url: string, numbers: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kraken-status-'));
  const input = join(dir, 'accounts.ndjson');
  writeSeedAccounts(input, numbers);
  const report = join(dir, 'r.ndjson');
  const pushed = await cli(['push', input, '--base-url', url, '--report', report, '--no-wait']);
  expect(pushed.code).toBe(0);
  return report;
}

const outcomes = (report: string): Record<string, string> =>
  Object.fromEntries(
    readNdjsonFile<RecordResult>(report).map((result) => [result.external_account_number ?? '', result.outcome]),
  );

/** Writes a one-line push report: a real create of `account` that got no answer (`submitted`). */
function unansweredCreateReport(dir: string, source: string, account: string): string {
  const report = join(dir, 'submitted.ndjson');
  const line = {
    source,
    line: 1,
    external_account_number: account,
    import_supplier: 'ACME',
    outcome: 'submitted',
    errors: [{ code: 'create_outcome_unknown', detail: 'The create got no answer.' }],
    dry_run: false,
  };
  writeFileSync(report, `${JSON.stringify(line)}\n`);
  return report;
}

describe('status --from', () => {
  it('refreshes only the accounts named with it, and says what is left', async () => {
    const server = await sandbox();
    const report = await submitted(server.url, ['S-1', 'S-2', 'S-3']);
    server.advance(1500);
    const run1 = await cli(['status', 'S-2', '--from', report, '--base-url', server.url]);
    expect(run1.code).toBe(0); // the exit code speaks of the records asked about
    expect(outcomes(report)).toEqual({ 'S-1': 'submitted', 'S-2': 'processed', 'S-3': 'submitted' });
    expect(run1.stdout).toContain('Refreshed 1 record of');
    expect(run1.stdout).toContain('3 records: 1 processed, 2 submitted.\n1 record asked about: 1 processed.');
    const unknown = await cli(['status', 'NOPE-1', '--from', report, '--base-url', server.url]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('has no record of NOPE-1');
  });

  it('with --watch polls until every waiting record has ended, then lists the failed ones', async () => {
    const server = await sandbox(/^ERR/);
    const report = await submitted(server.url, ['OK-1', 'ERR-1']);
    const watching = cli(['status', '--from', report, '--base-url', server.url, '--watch', '--interval', '0.05']);
    setTimeout(() => {
      server.advance(1500);
    }, 150);
    const watched = await watching;
    expect(watched.code).toBe(1);
    expect(outcomes(report)).toEqual({ 'OK-1': 'processed', 'ERR-1': 'errored' });
    expect(watched.stdout).toContain('0 still not finished');
    expect(watched.stdout).toMatch(/accounts\.ndjson:2 ERR-1 account_import_failed/);
    expect(watched.stdout).toContain('2 records: 1 processed, 1 errored.');
    expect(watched.stdout).not.toContain('Check again later');
  });

  it('without --watch names the command to check again while imports are running', async () => {
    const server = await sandbox();
    const report = await submitted(server.url, ['R-1']);
    const once = await cli(['status', '--from', report, '--base-url', server.url]);
    expect(once.code).toBe(1);
    expect(once.stdout).toContain('1 still not finished');
    expect(once.stdout).toContain(`Check again later: kraken-import status --from ${report}`);
  });

  it('points a create that got no answer and is unknown to Kraken at --resume', async () => {
    const server = await sandbox();
    const report = unansweredCreateReport(mkdtempSync(join(tmpdir(), 'kraken-status-')), 'a.ndjson', 'LOST-1');
    const refreshed = await cli(['status', '--from', report, '--base-url', server.url]);
    expect(refreshed.code).toBe(1);
    expect(refreshed.stdout).toContain('1 record whose create got no answer Kraken does not know (404)');
    expect(refreshed.stdout).toContain('same push with --resume');
  });

  it('never settles a real push with a dry run of the same account', async () => {
    const server = await sandbox();
    const dir = mkdtempSync(join(tmpdir(), 'kraken-status-'));
    const input = join(dir, 'accounts.ndjson');
    writeSeedAccounts(input, ['DRY-1']);
    const dryRun = await cli([
      'push',
      input,
      '--base-url',
      server.url,
      '--report',
      join(dir, 'dry.ndjson'),
      '--dry-run',
      '--no-wait',
    ]);
    expect(dryRun.code).toBe(0);
    server.advance(1500);
    const report = unansweredCreateReport(dir, input, 'DRY-1');
    const refreshed = await cli(['status', '--from', report, '--base-url', server.url]);
    expect(refreshed.code).toBe(1);
    expect(outcomes(report)).toEqual({ 'DRY-1': 'submitted' });
    expect(refreshed.stdout).toContain('1 still not finished');
  });

  it('refuses the report of validate with a clear error', async () => {
    const server = await sandbox();
    const dir = mkdtempSync(join(tmpdir(), 'kraken-status-'));
    const report = join(dir, 'validated.ndjson');
    const line = { source: 'a.ndjson', line: 1, external_account_number: '1', outcome: 'valid', errors: [] };
    writeFileSync(report, `${JSON.stringify(line)}\n`);
    const refused = await cli(['status', '--from', report, '--base-url', server.url]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is not the report of a push (it looks like a validate report)');
  });
});

describe('status of accounts', () => {
  it('takes the import supplier from the environment or the config file, and says where to put it', async () => {
    const server = await sandbox();
    await submitted(server.url, ['8888888889']);
    const fromEnv = await cli(['status', '8888888889', '--base-url', server.url], {
      env: { KRAKEN_IMPORT_SUPPLIER: 'ACME' },
    });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toMatch(/^8888888889 {2}(PENDING|IN_PROGRESS)/);
    const dir = mkdtempSync(join(tmpdir(), 'kraken-status-config-'));
    writeFileSync(join(dir, 'kraken-import.yaml'), 'import_supplier: ACME\n');
    const fromConfig = await cli(['status', '8888888889', '--base-url', server.url], { cwd: dir });
    expect(fromConfig.code).toBe(0);
    const missing = await cli(['status', '8888888889', '--base-url', server.url], {
      cwd: mkdtempSync(join(tmpdir(), 'kraken-status-none-')),
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'no import supplier for these accounts: pass --import-supplier, set KRAKEN_IMPORT_SUPPLIER, or put import_supplier in kraken-import.yaml',
    );
  });
});
