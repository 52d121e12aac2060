// End to end: `--rejects` on the built binary. Every record that did not succeed comes out in the input's own format
// (the same bytes), its reasons beside it; fixing that file and running it again is the whole loop.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import type { RecordResult } from '../../src/report/record-result.js';
import { defaultSandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/sandbox-server.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { readNdjsonFile, repoPath, writeSeedAccounts } from '../helpers.js';
import { runCli } from './run-cli.js';

let sandbox: Sandbox;
let dir: string;
let input: string;
const numbers = Array.from({ length: 12 }, (_, index) => `RJ${100 + index}`);
// Every fourth account has an email Kraken refuses: the fix is to correct it.
const broken = (number: string) => Number(number.slice(2)) % 4 === 0;

interface Reason {
  line: number | null;
  source: string;
  source_line: number;
  external_account_number: string | null;
  outcome: string;
  errors: { code: string; attr: string | null; detail: string }[];
}

beforeAll(async () => {
  sandbox = await startSandbox({ ...defaultSandboxOptions(defaultTenantRules), port: 0, processingMs: 10 });
  dir = mkdtempSync(join(tmpdir(), 'kraken-rejects-'));
  input = join(dir, 'accounts.ndjson');
  writeSeedAccounts(input, numbers, (account, number) => {
    if (broken(number)) account['customers'] = [{ given_name: 'Ann', family_name: 'Lee', email: 'ann.lee@' }];
  });
});
afterAll(async () => {
  await sandbox.close();
});

const env = () => ({ KRAKEN_API_KEY: 'sandbox-key', KRAKEN_BASE_URL: sandbox.url });
const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '');

describe('--rejects', () => {
  it('validate copies each invalid NDJSON line byte for byte, its reasons keyed by its line in the rejects', async () => {
    const rejects = join(dir, 'validate-rejects.ndjson');
    const run = await runCli(['validate', input, '--rejects', rejects, '--json']);
    expect(run.code).toBe(1);
    const original = lines(input);
    const expected = original.filter((_, index) => broken(numbers[index] ?? ''));
    expect(lines(rejects)).toEqual(expected);
    const reasons = readNdjsonFile<Reason>(`${rejects}.reasons.ndjson`);
    expect(reasons.map((reason) => [reason.line, reason.source_line])).toEqual(
      expected.map((text, index) => [index + 1, original.indexOf(text) + 1]),
    );
    expect(reasons.every((reason) => reason.errors.some((error) => error.attr === 'customers.0.email'))).toBe(true);
    const summary = (JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { summary: Record<string, unknown> })
      .summary;
    expect(summary['rejects']).toEqual({ path: rejects, reasons: `${rejects}.reasons.ndjson`, records: 3 });

    // The rejects alone give the same findings.
    const again = await runCli(['validate', rejects]);
    expect(again.stdout).toContain('Checked 3 records in 1 file');
    expect(again.stdout).toContain('3 invalid');
  });

  it('push, fix the rejects, push them: every account imported once, the good ones never sent twice', async () => {
    const rejects = join(dir, 'push-rejects.ndjson');
    const first = await runCli(['push', input, '--report', join(dir, 'push-1.ndjson'), '--rejects', rejects], {
      env: env(),
    });
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('Rejects: 3 records to fix in');
    expect(lines(rejects)).toHaveLength(3);

    writeFileSync(rejects, readFileSync(rejects, 'utf8').replaceAll('"ann.lee@"', '"ann.lee@example.org"'));
    const second = await runCli(['push', rejects, '--report', join(dir, 'push-2.ndjson')], { env: env() });
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(readNdjsonFile<RecordResult>(join(dir, 'push-2.ndjson')).map((result) => result.outcome)).toEqual([
      'processed',
      'processed',
      'processed',
    ]);
    // Pushing the whole file again: the imported accounts answer as already imported, nothing is created twice.
    const third = await runCli(['push', input, '--report', join(dir, 'push-3.ndjson')], {
      env: env(),
    });
    expect(third.code).toBe(1);
    for (const number of numbers) expect(sandbox.store.commits.get(`ACME\u0000${number}`)).toBe(1);
  });

  it("push --resume: the rejects of a resumed run are the whole run's, the stopped run's included", async () => {
    const resumed = join(dir, 'resumed.ndjson');
    const resumedNumbers = numbers.map((number) => `RS${number}`);
    writeSeedAccounts(resumed, resumedNumbers, (account, number) => {
      if (broken(number.slice(2)))
        account['customers'] = [{ given_name: 'Ann', family_name: 'Lee', email: 'ann.lee@' }];
    });
    const rejects = join(dir, 'resumed-rejects.ndjson');
    const report = join(dir, 'resumed.report.ndjson');
    const args = ['push', resumed, '--report', report, '--rejects', rejects, '--concurrency', '1'];
    const stopped = await runCli([...args, '--max-errors', '1'], { env: env() });
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toContain('Stopped early');
    // The resume command it prints keeps --rejects.
    expect(stopped.stdout).toMatch(/Next:\n {2}kraken-import push .*--rejects .*--resume/);
    const early = lines(rejects);
    expect(early.length).toBeLessThan(3);

    const finished = await runCli([...args, '--resume'], { env: env() });
    expect(finished.code).toBe(1);
    expect(finished.stdout).toContain('Rejects: 3 records to fix in');
    const expected = lines(resumed).filter((_, index) => broken(numbers[index] ?? ''));
    expect(lines(rejects)).toEqual(expected);
    for (const text of early) expect(lines(rejects)).toContain(text);
    const reasons = readNdjsonFile<Reason>(`${rejects}.reasons.ndjson`);
    expect(reasons.map((reason) => reason.line)).toEqual([1, 2, 3]);
    expect(reasons.map((reason) => reason.external_account_number)).toEqual(
      resumedNumbers.filter((number) => broken(number.slice(2))),
    );
    for (const number of resumedNumbers.filter((number) => !broken(number.slice(2)))) {
      expect(sandbox.store.commits.get(`ACME\u0000${number}`)).toBe(1);
    }
  });

  it('push: many records failing at once each get one whole line of reasons', async () => {
    const many = join(dir, 'many.ndjson');
    const manyNumbers = Array.from({ length: 40 }, (_, index) => `MANY${index}`);
    writeSeedAccounts(many, manyNumbers, (account) => {
      account['customers'] = [{ given_name: 'Ann', family_name: 'Lee', email: 'ann.lee@' }];
    });
    const rejects = join(dir, 'many-rejects.ndjson');
    const run = await runCli(
      ['push', many, '--concurrency', '8', '--report', join(dir, 'many.report.ndjson'), '--rejects', rejects],
      { env: env() },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(lines(rejects)).toEqual(lines(many));
    const reasons = readNdjsonFile<Reason>(`${rejects}.reasons.ndjson`);
    expect(reasons.map((reason) => reason.external_account_number).sort()).toEqual([...manyNumbers].sort());
  });

  it('refuses to replace a rejects file without --force, and to write over an input (exit 2)', async () => {
    const rejects = join(dir, 'taken.ndjson');
    writeFileSync(rejects, 'keep me\n');
    const refused = await runCli(['validate', input, '--rejects', rejects]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists: add --force');
    expect(readFileSync(rejects, 'utf8')).toBe('keep me\n');
    const forced = await runCli(['validate', input, '--rejects', rejects, '--force']);
    expect(forced.code).toBe(1);
    expect(lines(rejects)).toHaveLength(3);
    const overInput = await runCli(['validate', input, '--rejects', input, '--force']);
    expect(overInput.code).toBe(2);
    expect(overInput.stderr).toContain('is also');
  });

  it('CSV: the header first, then each failed row as it is, a quoted cell over two lines included', async () => {
    const [header = '', valid = '', second = '', invalid = ''] = readFileSync(
      repoPath('fixtures/csv/accounts.csv'),
      'utf8',
    )
      .split('\n')
      .filter((line) => line !== '');
    // The second row gets a given name over two lines and an email Kraken refuses.
    const broken = second.replace(',James,', ',"James\nJr",').replace('james@example.com', 'james@');
    const csv = join(dir, 'accounts.csv');
    writeFileSync(csv, [header, valid, broken, invalid, ''].join('\r\n'));
    const rejects = join(dir, 'rejects.csv');
    const run = await runCli(['validate', csv, '--rejects', rejects]);
    expect(run.code).toBe(1);
    expect(readFileSync(rejects, 'utf8')).toBe([header, broken, invalid, ''].join('\r\n'));
    const reasons = readNdjsonFile<Reason>(`${rejects}.reasons.ndjson`);
    expect(reasons.map((reason) => [reason.external_account_number, reason.line, reason.source_line])).toEqual([
      ['2000000002', 2, 3],
      ['2000000003', 4, 5],
    ]);
  });

  it('standard input and .gz: the rejects are copied from what was read, compressed when named .gz', async () => {
    const rejects = join(dir, 'stdin-rejects.ndjson.gz');
    const run = await runCli(['validate', '-', '--input-format', 'ndjson', '--rejects', rejects], {
      input: readFileSync(input, 'utf8'),
    });
    expect(run.code).toBe(1);
    const copied = gunzipSync(readFileSync(rejects))
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '');
    expect(copied).toHaveLength(3);
    expect(copied.every((line) => line.includes('"ann.lee@"'))).toBe(true);
    expect(existsSync(join(dir, `stdin-rejects.ndjson.gz.${String(process.pid)}.stdin.tmp`))).toBe(false);

    const gz = join(dir, 'accounts.ndjson.gz');
    writeFileSync(gz, gzipSync(readFileSync(input)));
    const fromGz = join(dir, 'gz-rejects.ndjson');
    await runCli(['validate', gz, '--rejects', fromGz]);
    expect(lines(fromGz)).toEqual(lines(input).filter((_, index) => broken(numbers[index] ?? '')));
  });

  it('--redact keeps personal data out of the reasons (the rejects file is the input itself)', async () => {
    const rejects = join(dir, 'redacted.ndjson');
    await runCli(['validate', input, '--rejects', rejects, '--redact']);
    const reasons = readFileSync(`${rejects}.reasons.ndjson`, 'utf8');
    expect(reasons).toContain('customers.0.email');
    expect(reasons).not.toContain('ann.lee@');
  });

  it('a relational export pushed: fix the tables of the rejects, push them, every account imported once', async () => {
    const exportDir = join(dir, 'export-push');
    cpSync(repoPath('fixtures/relational'), exportDir, { recursive: true });
    const folder = join(dir, 'push-relational-rejects');
    const first = await runCli(
      ['push', '--mapping', join(exportDir, 'export.yaml'), '--report', join(dir, 'rel-1.ndjson'), '--rejects', folder],
      { env: env() },
    );
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(`fix them and run kraken-import push --mapping ${join(folder, 'export.yaml')}`);
    const imported = readNdjsonFile<RecordResult>(join(dir, 'rel-1.ndjson'))
      .filter((result) => result.outcome === 'processed')
      .map((result) => result.external_account_number ?? '');
    expect(imported.sort()).toEqual(['8100000001', '8100000002']);

    // The fixes a data team makes: the email, a missing customer, a short meter row, a transaction's document,
    // and the orphan customer (no such account) dropped.
    const edit = (table: string, change: (text: string) => string) => {
      const path = join(folder, table);
      writeFileSync(path, change(readFileSync(path, 'utf8')));
    };
    edit('customers.csv', (text) =>
      text
        .replace('jane.doe@,', 'jane.doe@example.com,')
        .replace(/^8100000099,.*\n/m, '')
        .concat('8100000004,1,Sam,Lee,sam.lee@example.com,+12015550401,,1980-01-01,N,N,N,C4-1\n'),
    );
    edit('meters.csv', (text) => text.replace(/,240,100\n/, ',240,100,Single,AMI,N\n'));
    edit('transactions.csv', (text) => text.replace('INV-5999', 'INV-5001'));
    const second = await runCli(
      ['push', '--mapping', join(folder, 'export.yaml'), '--report', join(dir, 'rel-2.ndjson')],
      { env: env() },
    );
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(readNdjsonFile<RecordResult>(join(dir, 'rel-2.ndjson')).map((result) => result.outcome)).toEqual([
      'processed',
      'processed',
      'processed',
    ]);
    // Pushed again, the fixed rejects answer idempotently; no account of the export was created twice.
    const third = await runCli(
      ['push', '--mapping', join(folder, 'export.yaml'), '--report', join(dir, 'rel-3.ndjson')],
      { env: env() },
    );
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('3 already_imported');
    for (const number of ['8100000001', '8100000002', '8100000003', '8100000004', '8100000005']) {
      expect(sandbox.store.commits.get(`ACME_ENERGY\u0000${number}`)).toBe(1);
    }
  });

  it('a relational export: a folder of its tables with the failed accounts rows and a mapping that reads them', async () => {
    const exportDir = join(dir, 'export');
    cpSync(repoPath('fixtures/relational'), exportDir, { recursive: true });
    const folder = join(dir, 'relational-rejects');
    const run = await runCli(['validate', '--mapping', join(exportDir, 'export.yaml'), '--rejects', folder]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Rejects: 4 records to fix in the tables beside .*export\.yaml/);
    // Only the rows of failed accounts (and rows that failed on their own) are copied, headers first.
    const accounts = lines(join(folder, 'accounts.csv'));
    expect(accounts[0]).toBe(lines(join(exportDir, 'accounts.csv'))[0]);
    expect(accounts.length).toBeLessThan(lines(join(exportDir, 'accounts.csv')).length);
    expect(readNdjsonFile<Reason>(join(folder, 'reasons.ndjson'))).toHaveLength(4);

    const original = await runCli(['validate', '--mapping', join(exportDir, 'export.yaml'), '--json']);
    const again = await runCli(['validate', '--mapping', join(folder, 'export.yaml'), '--json']);
    const summaryOf = (stdout: string) =>
      (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { summary: Record<string, number> }).summary;
    expect(summaryOf(again.stdout)['invalid']).toBe(summaryOf(original.stdout)['invalid']);
    expect(summaryOf(again.stdout)['errors']).toBe(summaryOf(original.stdout)['errors']);
    expect(summaryOf(again.stdout)['valid'] ?? 0).toBe(0);

    const asFile = await runCli(['validate', '--mapping', join(exportDir, 'export.yaml'), '--rejects', 'r.csv']);
    expect(asFile.code).toBe(2);
    expect(asFile.stderr).toContain('are a folder');
    const overExport = await runCli(['validate', '--mapping', join(exportDir, 'export.yaml'), '--rejects', exportDir]);
    expect(overExport.code).toBe(2);
    expect(overExport.stderr).toContain("would overwrite the export's own");
  });
});
