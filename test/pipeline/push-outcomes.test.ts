// `push` in process against the sandbox: one line per input record through resume, read errors after records were
// sent, dry runs of accounts that exist, a resume against other input, and the next command in the summary.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { RecordResult } from '../../src/report/record-result.js';
import { readNdjsonFile, writeSeedAccounts } from '../helpers.js';
import { runInProcess, useSandboxes } from '../in-process.js';

const sandbox = useSandboxes({ processingMs: 0 });

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'kraken-outcomes-'));
}

const cli = (args: string[], stdin?: string) => runInProcess(args, stdin === undefined ? {} : { stdin });

describe('one final line per input record', () => {
  it('keeps both lines of an account number that appears twice, and the created one keeps its identifier, through --resume', async () => {
    const server = await sandbox();
    const dir = folder();
    const input = join(dir, 'a.ndjson');
    const report = join(dir, 'r.ndjson');
    writeSeedAccounts(input, ['5001', '5002', '5001']);
    const first = await cli(['push', input, '--base-url', server.url, '--report', report]);
    expect(first.code).toBe(1);
    const second = await cli(['push', input, '--base-url', server.url, '--report', report, '--resume']);
    expect(second.code).toBe(1);
    const lines = readNdjsonFile<RecordResult>(report).sort((a, b) => a.line - b.line);
    expect(lines.map((line) => [line.line, line.external_account_number, line.outcome])).toEqual([
      [1, '5001', 'skipped'],
      [2, '5002', 'skipped'],
      [3, '5001', 'invalid'],
    ]);
    expect(lines[0]).toMatchObject({ previous_outcome: 'processed', kraken_identifier: expect.stringMatching(/^A-/) });
    expect(second.stdout).toContain('Pushed 3 records');
    expect(server.store.commits.get('ACME\u00005001')).toBe(1);
  });
});

describe('a read error after records were sent', () => {
  it('keeps every outcome, prints the summary, names the file, exits 1 (never 2), and both ways on work: resume, or the fixed file to a new report', async () => {
    const server = await sandbox();
    const dir = folder();
    const plain = join(dir, 'plain.ndjson');
    const numbers = Array.from({ length: 400 }, (_, index) => `GZ-${index}`);
    writeSeedAccounts(plain, numbers);
    const zipped = gzipSync(readFileSync(plain));
    const input = join(dir, 'cut.ndjson.gz');
    writeFileSync(input, zipped.subarray(0, Math.floor(zipped.length * 0.6)));
    const report = join(dir, 'r.ndjson');
    const result = await cli(['push', input, '--base-url', server.url, '--report', report]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${input}: reading stopped: unexpected end of file`);
    expect(result.stderr).toContain(`kraken-import push ${input} --base-url ${server.url} --report ${report} --resume`);
    const lines = readNdjsonFile<RecordResult>(report);
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.length).toBeLessThan(400);
    expect(new Set(lines.map((line) => line.outcome))).toEqual(new Set(['processed']));
    expect(result.stdout).toContain(`Pushed ${lines.length} records`);
    expect(result.stdout).toContain(`Requests: ${lines.length} validate, ${lines.length} create`);
    expect(server.store.commits.size).toBe(lines.length);
    // The other advice, for a file that must change to be fixed (--resume refuses another input): a new report.
    expect(result.stderr).toContain('push the fixed file to a new report (--report <new path>)');
    writeFileSync(input, zipped);
    const fixed = await cli(['push', input, '--base-url', server.url, '--report', join(dir, 'fixed.ndjson')]);
    expect(fixed.code).toBe(0);
    const outcomes = readNdjsonFile<RecordResult>(join(dir, 'fixed.ndjson')).map((line) => line.outcome);
    expect(outcomes.filter((outcome) => outcome === 'already_imported')).toHaveLength(lines.length);
    expect(outcomes.filter((outcome) => outcome === 'processed')).toHaveLength(400 - lines.length);
    expect(Math.max(...server.store.commits.values())).toBe(1);
  });
});

describe('dry runs of accounts that already exist', () => {
  it('report already_imported with the identifier, never processed', async () => {
    const server = await sandbox({ preimported: new Set(['OLD-1']) });
    const dir = folder();
    const input = join(dir, 'a.ndjson');
    writeSeedAccounts(input, ['REAL-1']);
    expect((await cli(['push', input, '--base-url', server.url, '--report', join(dir, 'real.ndjson')])).code).toBe(0);
    const both = join(dir, 'both.ndjson');
    writeSeedAccounts(both, ['REAL-1', 'OLD-1', 'NEW-1']);
    const report = join(dir, 'dry.ndjson');
    const result = await cli(['push', both, '--base-url', server.url, '--report', report, '--dry-run']);
    expect(result.code).toBe(0);
    const lines = readNdjsonFile<RecordResult>(report).sort((a, b) => a.line - b.line);
    expect(lines.map((line) => [line.external_account_number, line.outcome])).toEqual([
      ['REAL-1', 'already_imported'],
      ['OLD-1', 'already_imported'],
      ['NEW-1', 'dry_run_succeeded'],
    ]);
    expect(lines[0]).toMatchObject({
      kraken_identifier: expect.stringMatching(/^A-/),
      dry_run: true,
      warnings: [{ code: 'account_already_imported' }],
    });
    expect(result.stdout).toContain('2 already_imported');
    expect(result.stdout).not.toContain('processed');
  });
});

describe('--resume belongs to one input', () => {
  it('refuses a resume against other input before anything is sent, saying how to start a new report', async () => {
    const server = await sandbox();
    const dir = folder();
    const a = join(dir, 'a.ndjson');
    const b = join(dir, 'b.ndjson');
    const report = join(dir, 'r.ndjson');
    writeSeedAccounts(a, ['A-1', 'A-2']);
    writeSeedAccounts(b, ['B-1', 'B-2']);
    expect((await cli(['push', a, '--base-url', server.url, '--report', report])).code).toBe(0);
    const before = readFileSync(report, 'utf8');
    const requests = { ...server.requestCounts };
    const refused = await cli(['push', b, '--base-url', server.url, '--report', report, '--resume']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${report} belongs to other input (${b} is not ${a})`);
    expect(refused.stderr).toContain('--report <new path>');
    expect(server.requestCounts).toEqual(requests);
    expect(readFileSync(report, 'utf8')).toBe(before);

    writeSeedAccounts(a, ['A-1', 'A-2', 'A-3']);
    const changed = await cli(['push', a, '--base-url', server.url, '--report', report, '--resume']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain(`${a} changed`);
    expect(server.requestCounts).toEqual(requests);
  });

  it('refuses to resume standard input, which cannot be identified', async () => {
    const server = await sandbox();
    const dir = folder();
    const report = join(dir, 'r.ndjson');
    writeSeedAccounts(join(dir, 'a.ndjson'), ['S-1']);
    const text = readFileSync(join(dir, 'a.ndjson'), 'utf8');
    const args = ['push', '-', '--input-format', 'ndjson', '--base-url', server.url, '--report', report];
    expect((await cli(args, text)).code).toBe(0);
    const resumed = await cli([...args, '--resume'], text);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain('cannot tell whether standard input (-) is the input');
    expect(server.requestCounts['create']).toBe(1);
  });
});

describe('the next command', () => {
  it('after --no-wait is status --from the report; after failures it is the resume command', async () => {
    const server = await sandbox({ processingMs: 60_000, errorAccounts: /^ERR/ });
    const dir = folder();
    const input = join(dir, 'a.ndjson');
    writeSeedAccounts(input, ['NW-1']);
    const report = join(dir, 'r.ndjson');
    const noWait = await cli(['push', input, '--base-url', server.url, '--report', report, '--no-wait']);
    expect(noWait.code).toBe(0);
    expect(noWait.stdout).toContain(`1 submitted`);
    expect(noWait.stdout).toContain(`Next:\n  kraken-import status --from ${report}\n`);

    const quick = await sandbox({ errorAccounts: /^ERR/ });
    const failing = join(dir, 'f.ndjson');
    writeSeedAccounts(failing, ['ERR-1']);
    const failedReport = join(dir, 'f-report.ndjson');
    const failed = await cli(['push', failing, '--base-url', quick.url, '--report', failedReport]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(
      `Next:\n  kraken-import push ${failing} --base-url ${quick.url} --report ${failedReport} --resume\n`,
    );
  });
});
