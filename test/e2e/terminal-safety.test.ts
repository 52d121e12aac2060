// End to end: what reaches a person's terminal is safe (no raw control characters, no secrets) and the CLI never
// crashes on a closed pipe, a bad output path or an absurd --workers.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordResult } from '../../src/report/record-result.js';
import { repoPath, writeSeedAccounts } from '../helpers.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kraken-safety-'));

describe('terminal safety', () => {
  it('escapes control characters from the data in human output and keeps them exact in the report', async () => {
    const input = join(dir, 'escapes.ndjson');
    const hostile = '\u001b]0;owned\u0007\u001b[2J';
    writeSeedAccounts(input, [`1${hostile}`], (account) => {
      (account['customers'] as { landline: string }[])[0]!.landline = `abc${hostile}`;
    });
    const report = join(dir, 'escapes-report.ndjson');
    const run = await runCli(['validate', input, '--report', report]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain('\u001b');
    expect(run.stdout + run.stderr).not.toContain('\u0007');
    expect(run.stdout).toContain('1\\x1b]0;owned\\x07\\x1b[2J');
    const [result] = readFileSync(report, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RecordResult);
    expect(result?.external_account_number).toBe(`1${hostile}`);
  });

  it('escapes control characters in file names of usage errors', async () => {
    const run = await runCli(['validate', 'missing\u001b[2J.ndjson']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('\u001b');
    expect(run.stderr).toContain('missing\\x1b[2J.ndjson');
  });
});

describe('secrets on the command line', () => {
  it.each([[['--api-key=SECRET-123']], [['--api-key', 'SECRET-123']]])(
    'refuses %j without echoing the key and says how to pass one',
    async (flags) => {
      const run = await runCli(['push', repoPath('fixtures/demo-accounts.ndjson'), ...flags]);
      expect(run.code).toBe(2);
      expect(run.stdout + run.stderr).not.toContain('SECRET-123');
      expect(run.stderr).toContain('set KRAKEN_API_KEY or put the key in a file and pass --api-key-file <path>');
    },
  );

  it('does not echo a key typed where the key file path goes', async () => {
    const run = await runCli([
      'push',
      repoPath('fixtures/demo-accounts.ndjson'),
      '--base-url',
      'http://127.0.0.1:9',
      '--api-key-file',
      'SECRET-789',
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).not.toContain('SECRET-789');
    expect(run.stderr).toContain('it must be the path of a file holding the key');
  });

  it('does not echo a base URL that does not parse (it may hold a password)', async () => {
    const run = await runCli(
      ['push', repoPath('fixtures/demo-accounts.ndjson'), '--base-url', 'https://user:pa ss@h:x/'],
      {
        env: { KRAKEN_API_KEY: 'k' },
      },
    );
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).not.toContain('pa ss');
    expect(run.stderr).toContain('the base URL is not a URL');
  });

  it('does not echo the value of a mistyped option', async () => {
    const run = await runCli(['validate', repoPath('fixtures/demo-accounts.ndjson'), '--apikey=SECRET-456']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('SECRET-456');
    expect(run.stderr).toContain("unknown option '--apikey=…'");
  });
});

describe('files a run leaves behind', () => {
  it('validate keeps an existing report unless --force, and never replaces the report of a push', async () => {
    const demo = repoPath('fixtures/demo-accounts.ndjson');
    const report = join(dir, 'kept-report.ndjson');
    writeFileSync(report, '{"source":"x","line":1,"outcome":"valid","errors":[]}\n');
    const refused = await runCli(['validate', demo, '--report', report]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists: add --force to replace it');
    expect(readFileSync(report, 'utf8').split('\n')).toHaveLength(2);
    const forced = await runCli(['validate', demo, '--report', report, '--force']);
    expect(forced.code).toBe(1);
    expect(readFileSync(report, 'utf8').trim().split('\n')).toHaveLength(20);
    const pushReport = join(dir, 'cutover.ndjson');
    const pushLine =
      '{"source":"a","line":1,"external_account_number":"1","outcome":"processed","errors":[],"dry_run":false}';
    writeFileSync(pushReport, `${pushLine}\n`);
    // /dev/null holds no report: writing to it needs no --force (the benchmarks do).
    expect((await runCli(['validate', demo, '--report', '/dev/null'])).code).toBe(1);
    const protectedRun = await runCli(['validate', demo, '--report', pushReport, '--force']);
    expect(protectedRun.code).toBe(2);
    expect(protectedRun.stderr).toContain('is the report of a push');
    expect(readFileSync(pushReport, 'utf8')).toBe(`${pushLine}\n`);
  });
});

describe('no crash reaches the user', () => {
  it('ends quietly when standard output is closed early (| head -1)', async () => {
    const input = join(dir, 'many.ndjson');
    writeFileSync(input, readFileSync(repoPath('fixtures/demo-accounts.ndjson'), 'utf8').repeat(200));
    const child = spawn(process.execPath, [repoPath('bin/kraken-import.cjs'), 'validate', input, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => {
      child.on('close', (exit) => {
        resolve(exit);
      });
    });
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toContain('Error');
    expect(code).toBe(141);
  });

  it('refuses an output file in a missing folder before reading anything (exit 2)', async () => {
    const run = await runCli(['validate', repoPath('fixtures/demo-accounts.ndjson'), '--junit', 'nodir/j.xml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--junit nodir/j.xml: the folder');
    expect(run.stdout).toBe('');
  });

  it('bounds --workers by the cores of the machine', async () => {
    const run = await runCli(['validate', repoPath('fixtures/demo-accounts.ndjson'), '--workers', '999']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--workers 999: this machine has .*; use at most \d+/);
  });

  it('writes a JUnit file private to its owner, also over an existing public one', async () => {
    const junit = join(dir, 'existing-junit.xml');
    writeFileSync(junit, 'old', { mode: 0o644 });
    const run = await runCli(['validate', repoPath('fixtures/demo-accounts.ndjson'), '--junit', junit, '--force']);
    expect(run.code).toBe(1);
    expect(statSync(junit).mode & 0o777).toBe(0o600);
    expect(readFileSync(junit, 'utf8')).toContain('<testsuites tests="20" failures="4">');
  });
});
