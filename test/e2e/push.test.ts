// End to end: the built binary pushing to the sandbox, killed with SIGKILL mid-run, then resumed without duplicates.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordResult } from '../../src/report/record-result.js';
import { defaultSandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/sandbox-server.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { readNdjsonFile, repoPath, writeSeedAccounts } from '../helpers.js';
import { runCli } from './run-cli.js';

let server: Sandbox;
beforeAll(async () => {
  server = await startSandbox({
    ...defaultSandboxOptions(defaultTenantRules),
    port: 0,
    processingMs: 150,
    latencyMs: 10,
    rateLostCreate: 0.1,
    seed: 3,
  });
});
afterAll(async () => {
  await server.close();
});

function lineCount(path: string): number {
  return existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '').length
    : 0;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('kraken-import push (binary)', () => {
  it.each([1, 12, 25])(
    'survives kill -9 after %i finished records: --resume creates nothing twice and leaves nothing out',
    async (killAfter) => {
      const dir = mkdtempSync(join(tmpdir(), 'kraken-kill-'));
      const input = join(dir, 'accounts.ndjson');
      const report = join(dir, 'report.ndjson');
      const numbers = Array.from({ length: 40 }, (_, index) => `KILL${killAfter}-${index}`);
      writeSeedAccounts(input, numbers);
      const env = { PATH: process.env['PATH'] ?? '', KRAKEN_API_KEY: 'sandbox-key', NO_COLOR: '1' };
      const args = [
        repoPath('bin/kraken-import.cjs'),
        'push',
        input,
        '--base-url',
        server.url,
        '--report',
        report,
        '--concurrency',
        '4',
      ];
      const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
      await waitFor(() => lineCount(report) >= killAfter, 20_000);
      child.kill('SIGKILL');
      await once(child, 'exit');
      expect(lineCount(report)).toBeLessThan(40);

      const resumed = await runCli(
        ['push', input, '--base-url', server.url, '--report', report, '--concurrency', '4', '--resume'],
        { env },
      );
      expect(resumed.stderr).toMatch(/resuming: \d+ records already succeeded/);
      expect(resumed.code).toBe(0);
      const results = readNdjsonFile<RecordResult>(report);
      expect(results.map((result) => result.external_account_number).sort()).toEqual([...numbers].sort());
      for (const result of results) expect(['processed', 'skipped']).toContain(result.outcome);
      for (const number of numbers) expect(server.store.commits.get(`ACME\u0000${number}`)).toBe(1);
    },
  );

  it('on SIGINT finishes in-flight work, completes the report, prints how to resume and exits 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kraken-sigint-'));
    const input = join(dir, 'accounts.ndjson');
    const report = join(dir, 'report.ndjson');
    writeSeedAccounts(
      input,
      Array.from({ length: 60 }, (_, index) => `SIGINT-${index}`),
    );
    const env = { PATH: process.env['PATH'] ?? '', KRAKEN_API_KEY: 'sandbox-key', NO_COLOR: '1' };
    const child = spawn(
      process.execPath,
      [
        repoPath('bin/kraken-import.cjs'),
        'push',
        input,
        '--base-url',
        server.url,
        '--report',
        report,
        '--concurrency',
        '2',
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    await waitFor(() => lineCount(report) >= 3, 20_000);
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(130);
    expect(lineCount(report)).toBe(60);
    expect(
      readNdjsonFile<RecordResult>(report).filter((result) => result.errors[0]?.code === 'interrupted').length,
    ).toBeGreaterThan(0);
    expect(stderr).toContain(
      `kraken-import push ${input} --base-url ${server.url} --report ${report} --concurrency 2 --resume`,
    );
  });

  it('on a second SIGINT quits at once by the signal (not 130: the report is not complete), and a resume completes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kraken-sigint2-'));
    const input = join(dir, 'accounts.ndjson');
    const report = join(dir, 'report.ndjson');
    const numbers = Array.from({ length: 60 }, (_, index) => `QUIT-${index}`);
    writeSeedAccounts(input, numbers);
    const env = { PATH: process.env['PATH'] ?? '', KRAKEN_API_KEY: 'sandbox-key', NO_COLOR: '1' };
    const args = [repoPath('bin/kraken-import.cjs'), 'push', input, '--base-url', server.url, '--report', report];
    const child = spawn(process.execPath, [...args, '--concurrency', '2'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    await waitFor(() => lineCount(report) >= 3, 20_000);
    child.kill('SIGINT');
    await waitFor(() => stderr.includes('press again to quit at once'), 10_000);
    child.kill('SIGINT');
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGINT' });
    expect(stderr).toContain('second SIGINT: quitting at once; the report lacks the records in flight');
    expect(stderr).toContain('--resume');
    const resumed = await runCli([...args.slice(1), '--concurrency', '2', '--resume'], {
      env: { KRAKEN_API_KEY: 'sandbox-key' },
    });
    expect(resumed.code).toBe(0);
    const finals = new Map(readNdjsonFile<RecordResult>(report).map((result) => [result.line, result.outcome]));
    expect(finals.size).toBe(60);
    expect(new Set(finals.values())).toEqual(new Set(['processed', 'skipped']));
    for (const number of numbers) expect(server.store.commits.get(`ACME\u0000${number}`)).toBe(1);
  });

  it('prints the summary and exit code of a normal run, and keeps the key out of everything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kraken-push-bin-'));
    const input = join(dir, 'a.ndjson');
    const report = join(dir, 'r.ndjson');
    writeSeedAccounts(input, ['BIN-1', 'BIN-2', 'BIN-3']);
    const run = await runCli(['push', input, '--base-url', server.url, '--report', report], {
      env: { KRAKEN_API_KEY: 'sandbox-key' },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Pushed 3 records in [\d.]+s: 3 processed\./);
    expect(run.stdout).toMatch(/Requests: 3 validate, \d+ create, \d+ status\. Report: /);
    expect(run.stderr).not.toContain('sandbox-key');
    expect(run.stdout).not.toContain('sandbox-key');
    expect(readFileSync(report, 'utf8')).not.toContain('sandbox-key');
  });

  it('gives a record nested too deep to send its error and pushes the records after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kraken-push-deep-'));
    const input = join(dir, 'a.ndjson');
    const report = join(dir, 'r.ndjson');
    writeSeedAccounts(input, ['DEEP-1', 'DEEP-2', 'DEEP-3']);
    const [first, second, third] = readFileSync(input, 'utf8').trim().split('\n');
    // Deeper than JSON.stringify can serialize: the run must not stop at it.
    const nested = `${'{"a":['.repeat(20_000)}{}${']}'.repeat(20_000)}`;
    const deep = (second ?? '').replace(/}$/, `,"notes":[${nested}]}`);
    writeFileSync(input, `${first}\n${deep}\n${third}\n`);
    const run = await runCli(['push', input, '--base-url', server.url, '--report', report], {
      env: { KRAKEN_API_KEY: 'sandbox-key' },
    });
    expect(run.code).toBe(1);
    const lines = readNdjsonFile<RecordResult>(report).sort((a, b) => a.line - b.line);
    expect(lines.map((line) => [line.line, line.outcome, line.errors.map((error) => error.code)])).toEqual([
      [1, 'processed', []],
      [2, 'invalid', ['too_deep']],
      [3, 'processed', []],
    ]);
  });
});
