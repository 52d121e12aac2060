// `push` and `status` in process against the real sandbox over loopback: outcomes, exit codes, faults, resume and auth.
import { describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordResult } from '../../src/report/record-result.js';
import {
  defaultSandboxOptions,
  startSandbox,
  type Sandbox,
  type SandboxOptions,
} from '../../src/sandbox/sandbox-server.js';
import { defaultTenantRules, resolveTenantRules } from '../../src/validation/tenant-rules.js';
import { readNdjsonFile, writeSeedAccounts } from '../helpers.js';
import { runInProcess, useSandboxes } from '../in-process.js';

const sandbox = useSandboxes({ processingMs: 50 });

/** A fresh folder holding an input file of seed-based accounts, and where its report goes. */
function accountsFile(
  numbers: readonly string[],
  change?: Parameters<typeof writeSeedAccounts>[2],
): { dir: string; input: string; report: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kraken-push-'));
  const input = join(dir, 'accounts.ndjson');
  writeSeedAccounts(input, numbers, change);
  return { dir, input, report: join(dir, 'r.ndjson') };
}

/** A clock for the sandbox: real time, plus whatever the test moves it on by (instead of waiting for it). */
function sandboxClock(): { now: () => number; advance: (ms: number) => void } {
  let ahead = 0;
  return {
    now: () => Date.now() + ahead,
    advance: (ms) => {
      ahead += ms;
    },
  };
}

const cli = runInProcess;

function byAccount(results: RecordResult[]): Record<string, RecordResult> {
  return Object.fromEntries(results.map((result) => [result.external_account_number ?? `line ${result.line}`, result]));
}

function expectNoDuplicateAccounts(server: Sandbox): void {
  for (const [key, count] of server.store.commits) expect([key, count]).toEqual([key, 1]);
}

describe('push outcomes', () => {
  it('ends each record with exactly one outcome and exits 1 when some failed', async () => {
    const server = await sandbox({ errorAccounts: /^ERR/, cancelAccounts: /^CAN/, preimported: new Set(['OLD-1']) });
    const { input, report } = accountsFile(['OK-1', 'OK-2', 'ERR-1', 'CAN-1', 'OLD-1', 'BAD-1'], (account, number) => {
      if (number === 'BAD-1') (account['customers'] as { landline: string }[])[0]!.landline = 'abcde';
    });
    writeFileSync(input, `${readFileSync(input, 'utf8')}not json\n`);
    const result = await cli(['push', input, '--base-url', server.url, '--report', report]);
    expect(result.code).toBe(1);
    const results = readNdjsonFile<RecordResult>(report);
    expect(results).toHaveLength(7);
    const outcomes = byAccount(results);
    expect(outcomes['OK-1']).toMatchObject({
      outcome: 'processed',
      status: 'PROCESSED',
      attempts: { validate: 1, create: 1 },
    });
    expect(outcomes['OK-1']?.kraken_identifier).toMatch(/^A-[0-9A-F]{8}$/);
    expect(outcomes['OK-1']?.['correlation_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcomes['ERR-1']).toMatchObject({
      outcome: 'errored',
      status: 'ERRORED',
      errors: [{ code: 'account_import_failed' }],
    });
    expect(outcomes['CAN-1']).toMatchObject({ outcome: 'cancelled', status: 'CANCELLED' });
    expect(outcomes['OLD-1']).toMatchObject({ outcome: 'already_imported', account_id: expect.stringMatching(/^A-/) });
    expect(outcomes['BAD-1']).toMatchObject({
      outcome: 'invalid',
      errors: [{ code: 'invalid_phone_number', attr: 'customers.0.landline' }],
    });
    expect(outcomes['line 7']).toMatchObject({ outcome: 'invalid', errors: [{ code: 'parse_error' }] });
    expect(result.stdout).toMatch(/Pushed 7 records in [\d.]+s: /);
    expect(result.stdout).toContain('2 processed');
    expect(result.stdout).toContain(`${input}:6 BAD-1 customers.0.landline invalid_phone_number`);
    expectNoDuplicateAccounts(server);
  });

  it('exits 0 when every record succeeded, with about one status request per account', async () => {
    const server = await sandbox({ processingMs: 100 });
    const numbers = Array.from({ length: 40 }, (_, index) => `N-${index}`);
    const { input, report } = accountsFile(numbers);
    const result = await cli(['push', input, '--base-url', server.url, '--report', report, '--json']);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(41);
    const summary = lines[40] as {
      summary: { processed: number; requests: { status: number; create: number; validate: number } };
    };
    expect(summary.summary.processed).toBe(40);
    expect(summary.summary.requests.create).toBe(40);
    expect(summary.summary.requests.status).toBeLessThanOrEqual(70);
    expect(server.requestCounts['create']).toBe(40);
  });

  it('tells a remote validation failure (invalid) from a refused create (rejected)', async () => {
    const strict = resolveTenantRules({ ledger_codes: ['ELECTRICITY'] });
    const server = await sandbox({ tenant: strict });
    const { dir, input, report } = accountsFile(['R-1']);
    await cli(['push', input, '--base-url', server.url, '--report', report]);
    expect(readNdjsonFile<RecordResult>(report)[0]).toMatchObject({
      outcome: 'invalid',
      errors: [{ code: 'ledger_code_does_not_exist', attr: 'ledgers.0.ledger_code' }],
      attempts: { validate: 1, create: 0 },
    });
    await cli([
      'push',
      input,
      '--base-url',
      server.url,
      '--report',
      join(dir, 'without.ndjson'),
      '--skip-remote-validate',
    ]);
    expect(readNdjsonFile<RecordResult>(join(dir, 'without.ndjson'))[0]).toMatchObject({
      outcome: 'rejected',
      errors: [{ code: 'import_process_failed_validation' }],
    });
    expect(server.store.size.imports).toBe(0);
  });

  it('flattens the raw nested error form into attr paths', async () => {
    const server = await sandbox({
      errorFormat: 'nested',
      tenant: resolveTenantRules({ ledger_codes: ['ELECTRICITY'] }),
    });
    const { input, report } = accountsFile(['NEST-1']);
    await cli(['push', input, '--base-url', server.url, '--report', report]);
    expect(readNdjsonFile<RecordResult>(report)[0]?.errors).toEqual([
      { code: 'invalid', attr: 'ledgers.0.ledger_code', detail: 'Ledger code "ENERGY" does not exist.' },
    ]);
  });

  it('runs dry runs without creating accounts', async () => {
    const server = await sandbox({ errorAccounts: /^ERR/ });
    const { input, report } = accountsFile(['D-1', 'ERR-2']);
    const result = await cli(['push', input, '--base-url', server.url, '--report', report, '--dry-run']);
    expect(result.code).toBe(1);
    const outcomes = byAccount(readNdjsonFile<RecordResult>(report));
    expect(outcomes['D-1']).toMatchObject({ outcome: 'dry_run_succeeded', dry_run: true, status: 'DRY_RUN_SUCCEEDED' });
    expect(outcomes['ERR-2']).toMatchObject({ outcome: 'dry_run_errored' });
    expect(server.store.size).toEqual({ imports: 0, dryRuns: 2 });
    expect(result.stdout).toContain('Dry-ran 2 records');
  });

  it('stops after create with --no-wait, and status --from finishes the report', async () => {
    const clock = sandboxClock();
    const server = await sandbox({ processingMs: 200, now: clock.now });
    const { input, report } = accountsFile(['W-1', 'W-2']);
    expect((await cli(['push', input, '--base-url', server.url, '--report', report, '--no-wait'])).code).toBe(0);
    expect(readNdjsonFile<RecordResult>(report).map((result) => [result.outcome, result['attempts']])).toEqual([
      ['submitted', { validate: 1, create: 1, status: 0 }],
      ['submitted', { validate: 1, create: 1, status: 0 }],
    ]);
    clock.advance(250); // the imports finish on the sandbox's clock
    const refreshed = await cli(['status', '--from', report, '--base-url', server.url]);
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).toContain('Refreshed 2 records');
    expect(readNdjsonFile<RecordResult>(report).map((result) => result.outcome)).toEqual(['processed', 'processed']);
  });

  it('leaves an accepted import submitted after --wait-timeout, with the last status and the next command', async () => {
    const server = await sandbox({ processingMs: 60_000 });
    const { input, report } = accountsFile(['SLOW-1']);
    const result = await cli(['push', input, '--base-url', server.url, '--report', report, '--wait-timeout', '0.4']);
    expect(result.code).toBe(0);
    expect(readNdjsonFile<RecordResult>(report)[0]).toMatchObject({
      outcome: 'submitted',
      status: expect.stringMatching(/PENDING|IN_PROGRESS/),
      errors: [{ code: 'status_wait_timeout', detail: expect.stringContaining('within 0.4s') }],
    });
    expect(result.stdout).toContain('1 submitted');
    expect(result.stdout).toContain(`Next:\n  kraken-import status --from ${report}`);
  });

  it('sends schedule windows and checks them locally first', async () => {
    const server = await sandbox({ processingMs: 0 });
    const { dir, input, report } = accountsFile(['WIN-1']);
    const past = await cli([
      'push',
      input,
      '--base-url',
      server.url,
      '--report',
      join(dir, 'p.ndjson'),
      '--window-start',
      '2020-01-01T00:00:00Z',
    ]);
    expect(past.code).toBe(2);
    expect(past.stderr).toContain('schedule_window_start_in_past');
    const start = new Date(Date.now() + 300).toISOString();
    const end = new Date(Date.now() + 3_600_000).toISOString();
    const result = await cli([
      'push',
      input,
      '--base-url',
      server.url,
      '--report',
      report,
      '--window-start',
      start,
      '--window-end',
      end,
    ]);
    expect(result.code).toBe(0);
    const found = server.store.find('ACME', 'WIN-1');
    expect(found?.startAt).toBe(Date.parse(start));
  });
});

describe('a status endpoint that lags behind create', () => {
  it('keeps polling through a brief 404 after the create was accepted', async () => {
    const server = await sandbox({ processingMs: 50, statusLagMs: 1200 });
    const { input, report } = accountsFile(['LAG-1']);
    const result = await cli(['push', input, '--base-url', server.url, '--report', report]);
    expect(result.code).toBe(0);
    const [line] = readNdjsonFile<RecordResult>(report);
    expect(line).toMatchObject({ outcome: 'processed' });
    expect((line?.['attempts'] as { status: number }).status).toBeGreaterThan(1);
  });

  it('leaves a created account submitted (never failed) when its status stays 404 until the wait timeout', async () => {
    const server = await sandbox({ processingMs: 0, statusLagMs: 3_600_000 });
    const { input, report } = accountsFile(['LAG-2']);
    const result = await cli(['push', input, '--base-url', server.url, '--report', report, '--wait-timeout', '0.6']);
    expect(result.code).toBe(0);
    expect(readNdjsonFile<RecordResult>(report)[0]).toMatchObject({
      outcome: 'submitted',
      errors: [{ code: 'status_wait_timeout', detail: expect.stringContaining('never found (404)') }],
    });
    expect(result.stdout).toContain(`kraken-import status --from ${report}`);
    expect(server.store.commits.get('ACME\u0000LAG-2')).toBe(1);
  });
});

describe('payload_wrapper: bare', () => {
  it('posts the bare account, and refuses --dry-run which needs task_params', async () => {
    const server = await sandbox({ processingMs: 0, acceptBare: true });
    const { dir, input, report } = accountsFile(['BARE-1']);
    writeFileSync(join(dir, 'kraken-import.yaml'), 'payload_wrapper: bare\n');
    expect((await cli(['push', input, '--base-url', server.url, '--report', report], { cwd: dir })).code).toBe(0);
    expect(server.store.find('ACME', 'BARE-1')?.dryRun).toBe(false);
    const dryRun = await cli(
      ['push', input, '--base-url', server.url, '--report', join(dir, 'd.ndjson'), '--dry-run'],
      { cwd: dir },
    );
    expect(dryRun.code).toBe(2);
    expect(dryRun.stderr).toContain('payload_wrapper: bare cannot send --dry-run');
  });
});

describe('push exit codes 2 and 3', () => {
  it.each([
    ['no base URL', [] as string[], {}, /no API base URL/],
    ['no API key', ['--base-url', 'http://127.0.0.1:9'], { KRAKEN_API_KEY: '' }, /no API key/],
    ['plain http to another host', ['--base-url', 'http://api.example.com'], {}, /refusing plain http/],
  ])('exits 2 on %s before sending anything', async (_name, extra, env, message) => {
    const { input, report } = accountsFile(['X-1']);
    const result = await cli(['push', input, '--report', report, ...extra], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(report)).toBe(false);
  });

  it('leaves no file behind when a CSV header refuses the run before any record, so the rerun is not refused', async () => {
    const server = await sandbox();
    const dir = mkdtempSync(join(tmpdir(), 'kraken-push-'));
    const input = join(dir, 'bad.csv');
    writeFileSync(input, 'external_account_number,bogus_column\n1,2\n');
    const report = join(dir, 'r.ndjson');
    const result = await cli(['push', input, '--base-url', server.url, '--report', report]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"bogus_column" is not a field of the account schema');
    for (const leftover of [report, `${report}.journal`, `${report}.input`]) expect(existsSync(leftover)).toBe(false);
    expect(server.requestCounts['validate'] ?? 0).toBe(0);
  });

  it('makes an existing report and journal private again when it resumes them', async () => {
    const server = await sandbox();
    const { input, report } = accountsFile(['M-1']);
    expect((await cli(['push', input, '--base-url', server.url, '--report', report])).code).toBe(0);
    for (const path of [report, `${report}.journal`]) chmodSync(path, 0o644);
    expect((await cli(['push', input, '--base-url', server.url, '--report', report, '--resume'])).code).toBe(0);
    for (const path of [report, `${report}.journal`]) expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a folder given as input with what to give instead, leaving no file', async () => {
    const server = await sandbox();
    const dir = mkdtempSync(join(tmpdir(), 'kraken-push-'));
    const report = join(dir, 'r.ndjson');
    const result = await cli(['push', dir, '--input-format', 'ndjson', '--base-url', server.url, '--report', report]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${dir} is a folder: name the export files in it`);
    expect(existsSync(report)).toBe(false);
  });

  it('keeps the journal of an earlier run without its report, and looks its creates up on --resume', async () => {
    const server = await sandbox();
    const { input, report } = accountsFile(['J-1']);
    // A run killed after journalling (and sending) its create, before its first report line.
    expect((await cli(['push', input, '--base-url', server.url, '--report', report, '--no-wait'])).code).toBe(0);
    rmSync(report);
    rmSync(`${report}.input`);
    const refused = await cli(['push', input, '--base-url', server.url, '--report', report]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('.journal (an earlier run');
    expect(existsSync(`${report}.journal`)).toBe(true);
    const resumed = await cli(['push', input, '--base-url', server.url, '--report', report, '--resume']);
    expect(resumed.code).toBe(0);
    expect(server.requestCounts['create']).toBe(1);
    expect(readNdjsonFile<RecordResult>(report).map((line) => line.outcome)).toEqual(['processed']);
  });

  it('exits 2 when the report exists and --resume is not given', async () => {
    const { input, report } = accountsFile(['X-1']);
    writeFileSync(report, '');
    const result = await cli(['push', input, '--base-url', 'http://127.0.0.1:9', '--report', report]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already exists: add --resume');
  });

  it('exits 3 on refused credentials before sending a record or writing a file, and never shows the key', async () => {
    const server = await sandbox();
    const { input, report } = accountsFile(Array.from({ length: 200 }, (_, index) => `K-${index}`));
    const wrongKey = 'wrong-key-0123456789';
    const result = await cli(['push', input, '--base-url', server.url, '--report', report, '--concurrency', '1'], {
      env: { KRAKEN_API_KEY: wrongKey },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('refused the credentials (401)');
    // The preflight found it: one status request, nothing else, and no file left to refuse the corrected rerun.
    expect(server.requestCounts).toEqual({ status: 1 });
    for (const leftover of [report, `${report}.journal`, `${report}.input`]) expect(existsSync(leftover)).toBe(false);
    expect(result.stdout + result.stderr).not.toContain(wrongKey);
  });

  it('exits 3 on a key without permission (403)', async () => {
    const server = await sandbox({ forbiddenToken: 'read-only' });
    const { input, report } = accountsFile(['F-1']);
    const result = await cli(['push', input, '--base-url', server.url, '--report', report], {
      env: { KRAKEN_API_KEY: 'read-only' },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('403');
  });

  it('exits 3 at once when nothing listens at the base URL', async () => {
    const closed = await sandbox();
    const url = closed.url;
    await closed.close();
    const { input, report } = accountsFile(['U-1', 'U-2']);
    const result = await cli(['push', input, '--base-url', url, '--report', report, '--max-attempts', '2']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/nothing listens on 127\.0\.0\.1:\d+: check KRAKEN_BASE_URL/);
    expect(existsSync(report)).toBe(false);
  });
});

describe('a create of unknown outcome behind a lagging status', () => {
  it('follows the import an unanswered create made to its end, never calling it already imported', async () => {
    // Every create is committed but its answer lost; the status answers 404 for 0.4 s (well inside the retries that
    // follow a create of unknown outcome, whatever their jitter); every import ends ERRORED.
    const server = await sandbox({ statusLagMs: 400, rateLostCreate: 1, errorAccounts: /./ });
    const { input, report } = accountsFile(['LAG-1', 'LAG-2']);
    const result = await cli(['push', input, '--base-url', server.url, '--report', report]);
    expect(result.code).toBe(1);
    expect(readNdjsonFile<RecordResult>(report).map((line) => line.outcome)).toEqual(['errored', 'errored']);
    expect(server.store.size.imports).toBe(2);
  });
});

describe('push under faults', () => {
  it('retries 429, 5xx and resets, looks up lost creates, and creates no account twice', async () => {
    const server = await sandbox({
      seed: 7,
      rate429: 0.1,
      rate5xx: 0.1,
      rateReset: 0.1,
      rateLostCreate: 0.3,
      retryAfterSeconds: 0,
      processingMs: 20,
    });
    const numbers = Array.from({ length: 30 }, (_, index) => `FAULT-${index}`);
    const { input, report } = accountsFile(numbers);
    const result = await cli(['push', input, '--base-url', server.url, '--report', report, '--concurrency', '6']);
    const results = readNdjsonFile<RecordResult>(report);
    expect(results).toHaveLength(30);
    expect(results.filter((item) => item.outcome !== 'processed')).toEqual([]);
    expect(result.code).toBe(0);
    expect(server.store.commits.size).toBe(30);
    expectNoDuplicateAccounts(server);
    const retried = results.filter((item) => (item['attempts'] as { create: number; status: number }).status > 1);
    expect(retried.length).toBeGreaterThan(0);
  });

  it("backs off under the server's concurrency limit", async () => {
    const server = await sandbox({ maxConcurrent: 2, latencyMs: 20, retryAfterSeconds: 0, processingMs: 10 });
    const { input, report } = accountsFile(Array.from({ length: 20 }, (_, index) => `CC-${index}`));
    const result = await cli(['push', input, '--base-url', server.url, '--report', report, '--concurrency', '8']);
    expect(result.code).toBe(0);
    expectNoDuplicateAccounts(server);
    expect(server.store.commits.size).toBe(20);
  });
});

describe('JWT authentication', () => {
  it('obtains a JWT and refreshes it when it nears expiry', async () => {
    // Tokens live 2 s and are renewed a fifth of that before expiry; the run takes several seconds.
    const server = await sandbox({ jwtTtlSeconds: 2, processingMs: 300, latencyMs: 50 });
    const { input, report } = accountsFile(Array.from({ length: 40 }, (_, index) => `J-${index}`));
    const result = await cli([
      'push',
      input,
      '--base-url',
      server.url,
      '--report',
      report,
      '--auth',
      'jwt',
      '--concurrency',
      '2',
    ]);
    expect(result.code).toBe(0);
    expect(server.requestCounts['graphql']).toBeGreaterThanOrEqual(2);
  });

  it('exits 3 when obtainKrakenToken refuses the key', async () => {
    const server = await sandbox();
    const { input, report } = accountsFile(['J-X']);
    const result = await cli(['push', input, '--base-url', server.url, '--report', report, '--auth', 'jwt'], {
      env: { KRAKEN_API_KEY: 'nope' },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('obtainKrakenToken refused the API key');
  });
});

describe('interrupt and resume', () => {
  it('on interrupt writes every record, exits 130 and prints the resume command; --resume finishes without duplicates', async () => {
    const controller = new AbortController();
    const server = await sandbox({
      processingMs: 300,
      // Interrupt once the first create has been answered: a few records are done or under way, most are not read yet.
      log: (line) => {
        if (line.startsWith('POST /v2/data-import/accounts/ ') && line.includes(' 201 ')) controller.abort();
      },
    });
    const numbers = Array.from({ length: 30 }, (_, index) => `I-${index}`);
    const { input, report } = accountsFile(numbers);
    const first = await cli(['push', input, '--base-url', server.url, '--report', report, '--concurrency', '2'], {
      signal: controller.signal,
    });
    expect(first.code).toBe(130);
    expect(first.stderr).toContain(
      `kraken-import push ${input} --base-url ${server.url} --report ${report} --concurrency 2 --resume`,
    );
    const interrupted = readNdjsonFile<RecordResult>(report);
    expect(interrupted).toHaveLength(30);
    // Records the stop kept from finishing are interrupted (or submitted when their import exists), never failed.
    const stopped = interrupted.filter((item) => item.outcome === 'interrupted');
    expect(stopped.length).toBeGreaterThan(20);
    expect(stopped.every((item) => item.errors[0]?.code === 'interrupted')).toBe(true);
    for (const item of interrupted) expect(['processed', 'submitted', 'interrupted']).toContain(item.outcome);
    expect(first.stdout).toContain(`${stopped.length} interrupted`);

    const second = await cli([
      'push',
      input,
      '--base-url',
      server.url,
      '--report',
      report,
      '--concurrency',
      '4',
      '--resume',
    ]);
    expect(second.code).toBe(0);
    const final = readNdjsonFile<RecordResult>(report);
    expect(final).toHaveLength(30);
    expect(new Set(final.map((item) => item.outcome))).toEqual(new Set(['processed']));
    expect(final.every((item) => typeof item.kraken_identifier === 'string')).toBe(true);
    expectNoDuplicateAccounts(server);
    expect(server.store.commits.size).toBe(30);

    const third = await cli(['push', input, '--base-url', server.url, '--report', report, '--resume']);
    expect(third.code).toBe(0);
    const skipped = readNdjsonFile<RecordResult>(report);
    expect(skipped.map((item) => item.outcome)).toEqual(Array(30).fill('skipped'));
    expect(skipped[0]).toMatchObject({
      previous_outcome: 'processed',
      kraken_identifier: expect.stringMatching(/^A-/),
    });
    expect(server.requestCounts['create']).toBe(30);
  });
});

describe('resume after a dry run', () => {
  it("does not count a dry run's success as an import", async () => {
    const server = await sandbox({ processingMs: 0 });
    const { input, report } = accountsFile(['DRY-THEN-REAL']);
    expect((await cli(['push', input, '--base-url', server.url, '--report', report, '--dry-run'])).code).toBe(0);
    const real = await cli(['push', input, '--base-url', server.url, '--report', report, '--resume']);
    expect(real.code).toBe(0);
    // Allowed, but never silently: a mistyped resume of a rehearsal is the cut-over.
    expect(real.stderr).toContain(`${report}: 1 record last pushed as dry runs; this run is real: it creates accounts`);
    expect(readNdjsonFile<RecordResult>(report)).toEqual([
      expect.objectContaining({ outcome: 'processed', dry_run: false }),
    ]);
    expect(server.store.commits.get('ACME\u0000DRY-THEN-REAL')).toBe(1);
  });

  it("refuses to resume a validate report, which is not a push's, and leaves it as it was", async () => {
    const server = await sandbox({ processingMs: 0 });
    const { input, report } = accountsFile(['VALIDATED-1']);
    expect((await cli(['validate', input, '--report', report])).code).toBe(0);
    const before = readFileSync(report, 'utf8');
    const resumed = await cli(['push', input, '--base-url', server.url, '--report', report, '--resume']);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(
      `--resume: ${report} is not the report of a push (it looks like a validate report)`,
    );
    expect(readFileSync(report, 'utf8')).toBe(before);
    expect(server.store.commits.size).toBe(0);
  });
});

describe('resume after a failed import', () => {
  it('creates an import again when the earlier one ERRORED, and follows the new one', async () => {
    const options: SandboxOptions = {
      ...defaultSandboxOptions(defaultTenantRules),
      port: 0,
      processingMs: 50,
      errorAccounts: /^AGAIN/,
    };
    const server = await startSandbox(options);
    try {
      const { input, report } = accountsFile(['AGAIN-1']);
      expect((await cli(['push', input, '--base-url', server.url, '--report', report])).code).toBe(1);
      expect(readNdjsonFile<RecordResult>(report)[0]?.outcome).toBe('errored');
      options.errorAccounts = undefined; // the data problem was fixed on the Kraken side
      expect((await cli(['push', input, '--base-url', server.url, '--report', report, '--resume'])).code).toBe(0);
      expect(readNdjsonFile<RecordResult>(report)).toEqual([
        expect.objectContaining({
          outcome: 'processed',
          attempts: { validate: 1, create: 1, status: expect.any(Number) },
        }),
      ]);
      expect(server.store.commits.get('ACME\u0000AGAIN-1')).toBe(2);
    } finally {
      await server.close();
    }
  });
});

describe('status', () => {
  it('prints statuses, exits 1 for one not found, and prints JSON', async () => {
    const server = await sandbox({ processingMs: 0, errorAccounts: /^E/ });
    const { input, report } = accountsFile(['S-1', 'E-1']);
    await cli(['push', input, '--base-url', server.url, '--report', report]);
    const ok = await cli(['status', 'S-1', '--base-url', server.url, '--import-supplier', 'ACME']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^S-1 {2}PROCESSED {2}A-[0-9A-F]{8}/);
    const mixed = await cli([
      'status',
      'S-1',
      'E-1',
      'NOPE',
      '--base-url',
      server.url,
      '--import-supplier',
      'ACME',
      '--json',
    ]);
    expect(mixed.code).toBe(1);
    const lines = mixed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line['external_account_number'], line['found'], line['status']])).toEqual([
      ['S-1', true, 'PROCESSED'],
      ['E-1', true, 'ERRORED'],
      ['NOPE', false, undefined],
    ]);
  });

  it('watches an import until it is terminal', async () => {
    const clock = sandboxClock();
    const server = await sandbox({
      processingMs: 600,
      now: clock.now,
      // Every status answered moves the sandbox's clock on by 300 ms: the import ends after a few polls, not 600 ms.
      log: (line) => {
        if (line.startsWith('GET ')) clock.advance(300);
      },
    });
    const { input, report } = accountsFile(['WATCH-1']);
    await cli(['push', input, '--base-url', server.url, '--report', report, '--no-wait']);
    const watched = await cli([
      'status',
      'WATCH-1',
      '--base-url',
      server.url,
      '--import-supplier',
      'ACME',
      '--watch',
      '--interval',
      '0.1',
    ]);
    expect(watched.code).toBe(0);
    const statuses = watched.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('  ')[1]);
    expect(statuses[0]).toMatch(/PENDING|IN_PROGRESS/);
    expect(statuses[statuses.length - 1]).toBe('PROCESSED');
  });

  it('needs an import supplier', async () => {
    const result = await cli(['status', 'S-1', '--base-url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no import supplier');
  });
});
