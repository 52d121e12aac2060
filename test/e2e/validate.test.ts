// End to end: the built binary validating real fixture files, checked by exit code, output and report together.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, freemem, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordResult } from '../../src/report/record-result.js';
import { repoPath, seedAccount, writeSeedAccounts } from '../helpers.js';
import { runCli } from './run-cli.js';

/** The first customer of an account, as the seed gives it. */
function seedCustomer(account: Record<string, unknown>): Record<string, unknown> {
  const customers = account['customers'] as Record<string, unknown>[];
  return customers[0] ?? {};
}

const dir = mkdtempSync(join(tmpdir(), 'kraken-import-e2e-'));
const demo = repoPath('fixtures/demo-accounts.ndjson');
const readReport = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RecordResult);

describe('kraken-import validate', () => {
  it('lists each error of the invalid records, writes a complete report and exits 1', async () => {
    const report = join(dir, 'demo-report.ndjson');
    const run = await runCli(['validate', demo, '--report', report]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `${demo}:4 1000000004 customers.0.landline invalid_phone_number abcde is not a valid phone number`,
    );
    expect(run.stdout).toContain('billing_address.postal_code invalid_postcode');
    expect(run.stdout).toMatch(/Checked 20 records in 1 file in [\d.]+s: 16 valid, 4 invalid \(5 errors\)\./);
    expect(run.stdout).not.toContain('\u001b[');
    const results = readReport(report);
    expect(results.map((result) => result.line)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(results.filter((result) => result.outcome === 'invalid').map((result) => result.line)).toEqual([
      4, 9, 13, 17,
    ]);
    expect(results[3]).toEqual({
      source: demo,
      line: 4,
      external_account_number: '1000000004',
      outcome: 'invalid',
      errors: [
        { code: 'invalid_phone_number', attr: 'customers.0.landline', detail: 'abcde is not a valid phone number' },
      ],
    });
    expect(statSync(report).mode & 0o777).toBe(0o600);
  });

  it('gives the same report on worker threads as on the main thread', async () => {
    const inline = join(dir, 'inline.ndjson');
    const threaded = join(dir, 'threaded.ndjson');
    const inputs = [demo, repoPath('fixtures/csv/accounts.csv'), demo];
    const first = await runCli(['validate', ...inputs, '--report', inline, '--workers', '0']);
    const second = await runCli(['validate', ...inputs, '--report', threaded, '--workers', '2']);
    expect([first.code, second.code]).toEqual([1, 1]);
    expect(readFileSync(threaded, 'utf8')).toBe(readFileSync(inline, 'utf8'));
    expect(
      readReport(threaded).filter((result) =>
        result.errors.some((error) => error.code === 'duplicate_external_account_number'),
      ),
    ).toHaveLength(20);
  });

  it('checks 8 MB of input on a worker beside the main thread by default (where a core is spare), with the same report', async () => {
    const big = join(dir, 'big.ndjson');
    const numbers = Array.from({ length: 2600 }, (_, index) => `B${index}`);
    // Every 97th account has a bad phone number: the errors come back from either thread, in input order.
    writeSeedAccounts(big, numbers, (account, number) => {
      if (Number(number.slice(1)) % 97 === 0) account['customers'] = [{ ...seedCustomer(account), mobile: 'x' }];
    });
    expect(statSync(big).size).toBeGreaterThan(8 * 1024 * 1024);
    const small = join(dir, 'small.ndjson');
    writeSeedAccounts(small, ['S1', 'S2']);
    const byDefault = join(dir, 'big-default.ndjson');
    const alone = join(dir, 'big-alone.ndjson');
    const smallReport = join(dir, 'small-default.ndjson');
    const runs = [
      await runCli(['validate', big, '--report', byDefault]),
      await runCli(['validate', big, '--report', alone, '--workers', '0']),
      await runCli(['validate', small, '--report', smallReport]),
    ];
    expect(runs.map((run) => run.code)).toEqual([1, 1, 0]);
    const workersOf = (report: string) =>
      (JSON.parse(readFileSync(`${report}.manifest.json`, 'utf8')) as { settings: { workers: number } }).settings
        .workers;
    const spare = availableParallelism() >= 2 && freemem() >= 160 * 1024 * 1024;
    expect([workersOf(byDefault), workersOf(alone), workersOf(smallReport)]).toEqual([spare ? 1 : 0, 0, 0]);
    expect(readFileSync(byDefault, 'utf8')).toBe(readFileSync(alone, 'utf8'));
    expect(readReport(byDefault).filter((result) => result.outcome === 'invalid')).toHaveLength(27);
  });

  it('passes once the broken record is fixed', async () => {
    const fixed = join(dir, 'fixed.ndjson');
    const account = seedAccount();
    account['import_supplier'] = 'ACME_ENERGY';
    writeFileSync(fixed, `${JSON.stringify({ ...account, external_account_number: 'A1' })}\n`);
    expect((await runCli(['validate', fixed])).code).toBe(0);
    const broken = JSON.stringify({
      ...account,
      external_account_number: 'A1',
      billing_address: { street_address: 'x', postal_code: '1' },
    });
    writeFileSync(fixed, `${broken}\n`);
    const failing = await runCli(['validate', fixed]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('invalid_postcode');
  });

  it('prints NDJSON with --json: one result per record, then a summary', async () => {
    const run = await runCli(['validate', demo, repoPath('fixtures/csv/accounts.csv'), '--json']);
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(24);
    expect(lines[23]).toMatchObject({ summary: { records: 23, valid: 18, invalid: 5 } });
    expect(lines[20]).toMatchObject({ source: repoPath('fixtures/csv/accounts.csv'), line: 2, outcome: 'valid' });
  });

  it('writes JUnit XML with one test case per record', async () => {
    const junit = join(dir, 'junit.xml');
    await runCli(['validate', demo, '--junit', junit]);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain('<testsuite name="kraken-import validate" tests="20" failures="4" errors="0">');
    expect(xml.match(/<testcase /g)).toHaveLength(20);
    expect(xml).toContain('<failure message="customers.0.landline invalid_phone_number" type="invalid">');
  });

  it('annotates invalid records for GitHub Actions', async () => {
    const run = await runCli(['validate', demo], { env: { GITHUB_ACTIONS: 'true' } });
    const annotations = run.stderr.split('\n').filter((line) => line.startsWith('::error '));
    expect(annotations).toHaveLength(4);
    expect(annotations[0]).toContain(
      `file=${demo},line=4,title=invalid%3A 1000000004::customers.0.landline invalid_phone_number`,
    );
  });

  it('reads standard input with --input-format', async () => {
    const input = readFileSync(demo, 'utf8');
    const run = await runCli(['validate', '-', '--input-format', 'ndjson'], { input });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('-:9 1000000009 customers.0.email possible_test_email_address');
  });

  it('maps a legacy CSV export and validates it', async () => {
    const run = await runCli([
      'validate',
      'fixtures/csv/legacy-export.csv',
      '--mapping',
      'fixtures/mappings/legacy-export.yaml',
    ]);
    expect(run.stdout).toContain('3 valid');
    expect(run.code).toBe(0);
  });

  it('marks a repeated account number on the later record', async () => {
    const twice = join(dir, 'twice.ndjson');
    const line = readFileSync(demo, 'utf8').split('\n')[0] ?? '';
    writeFileSync(twice, `${line}\n${line}\n`);
    const run = await runCli(['validate', twice, '--json']);
    const results = run.stdout
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text) as RecordResult);
    expect(results[0]?.outcome).toBe('valid');
    expect(results[1]?.errors).toEqual([
      {
        code: 'duplicate_external_account_number',
        attr: 'external_account_number',
        detail: `Account number 1000000001 already appears at ${twice}:1 in this run.`,
      },
    ]);
  });

  it('uses ./kraken-import.yaml from the working directory', async () => {
    const project = mkdtempSync(join(dir, 'project-'));
    writeFileSync(join(project, 'kraken-import.yaml'), 'tenant:\n  ledger_codes: [ELECTRICITY]\n');
    const run = await runCli(['validate', demo], { cwd: project });
    expect(run.stdout).toContain(
      'ledgers.0.ledger_code ledger_code_does_not_exist Ledger code "ENERGY" does not exist.',
    );
  });

  it.each([
    ['a missing file', ['validate', 'no-such-file.ndjson'], /cannot read no-such-file\.ndjson: ENOENT/],
    ['an unknown extension', ['validate', 'package.json'], /cannot tell the format/],
    ['an unknown flag', ['validate', 'x.ndjson', '--concurency', '3'], /unknown option '--concurency'/],
    ['no files', ['validate'], /no input files given: name the export files, or the mapping of a relational export/],
    ['a config typo', ['validate', demo, '--config', 'fixtures/config/typo.yaml'], /concurency: unknown key/],
    [
      'a bad mapping',
      ['validate', 'fixtures/csv/legacy-export.csv', '--mapping', 'fixtures/config/typo.yaml'],
      /invalid mapping file/,
    ],
    [
      'a report in a missing folder',
      ['validate', demo, '--report', '/nonexistent-folder/r.ndjson'],
      /--report \/nonexistent-folder\/r\.ndjson: the folder \/nonexistent-folder does not exist/,
    ],
    [
      'an unmapped CSV column',
      ['validate', 'fixtures/csv/legacy-export.csv'],
      /column "ACCT_NO": "ACCT_NO" is not a field of the account schema/,
    ],
  ])('exits 2 on %s, with a clear message and no output', async (_name, args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('prints help with every command and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('validate [options] [files...]');
    for (const name of ['KRAKEN_BASE_URL', 'KRAKEN_API_KEY', 'KRAKEN_AUTH', 'KRAKEN_IMPORT_SUPPLIER', 'NO_COLOR']) {
      expect(run.stdout).toContain(`  ${name} `);
    }
    expect(run.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 .*\n {2}130 /);
    expect(run.stdout).toContain('kraken-import push accounts.ndjson');
  });

  it('shows the first few failures of each code, counts the rest, and keeps every one in the report', async () => {
    const input = join(dir, 'many-bad.ndjson');
    const report = join(dir, 'many-bad-report.ndjson');
    const numbers = Array.from({ length: 40 }, (_, index) => String(7000000000 + index));
    writeSeedAccounts(input, numbers, (account, number) => {
      const customers = account['customers'] as { landline: string; email: string }[];
      if (Number(number) % 4 === 0) customers[0]!.email = 'not-an-email';
      else customers[0]!.landline = 'abcde';
    });
    const run = await runCli(['validate', input, '--report', report]);
    expect(run.code).toBe(1);
    const failureLines = run.stdout.split('\n').filter((line) => line.startsWith(`${input}:`));
    expect(failureLines.filter((line) => line.includes('invalid_phone_number'))).toHaveLength(5);
    expect(failureLines.filter((line) => line.includes('customers.0.email'))).toHaveLength(5);
    expect(run.stdout).toContain(`… and 25 more invalid_phone_number (see ${report})`);
    expect(run.stdout).toMatch(/… and 5 more \w+ \(see /);
    // The summary is the last thing printed.
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Checked 40 records in 1 file in [\d.]+s: 40 invalid/);
    expect(readReport(report).filter((result) => result.outcome === 'invalid')).toHaveLength(40);
  });

  it('says how to keep every failure when there is no report', async () => {
    const input = join(dir, 'many-bad-no-report.ndjson');
    writeSeedAccounts(input, ['1', '2', '3', '4', '5', '6', '7'], (account) => {
      (account['customers'] as { landline: string }[])[0]!.landline = 'abcde';
    });
    const run = await runCli(['validate', input]);
    expect(run.stdout).toContain('… and 2 more invalid_phone_number (add --report <file> to keep them all)');
  });
});
