// End to end: the built binary reading a relational export through its mapping (validate, push, resume).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordResult } from '../../src/report/record-result.js';
import { defaultSandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/sandbox-server.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { readNdjsonFile, repoPath } from '../helpers.js';
import { runCli } from './run-cli.js';

let server: Sandbox;
beforeAll(async () => {
  server = await startSandbox({ ...defaultSandboxOptions(defaultTenantRules), port: 0, processingMs: 50 });
});
afterAll(async () => {
  await server.close();
});

/** A copy of the fixture export in a fresh folder; returns the folder. */
function exportCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kraken-relational-e2e-'));
  cpSync(repoPath('fixtures/relational'), join(dir, 'export'), { recursive: true });
  return dir;
}

describe('relational export (binary)', () => {
  it('validate --mapping: one report line per root row and per orphan, errors pinned to file, line and column', async () => {
    const dir = exportCopy();
    const report = join(dir, 'report.ndjson');
    const run = await runCli(['validate', '--mapping', 'export/export.yaml', '--report', report], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'export/accounts.csv:2 8100000003 customers.0.email invalid Enter a valid email address. (export/customers.csv:5 column EMAIL_ADDR)',
    );
    expect(run.stdout).toContain('Checked 6 records in 9 files');
    const lines = readNdjsonFile<RecordResult>(report);
    expect(lines.map((line) => `${line.source}:${line.line} ${line.outcome}`).sort()).toEqual([
      'export/accounts.csv:2 invalid',
      'export/accounts.csv:3 valid',
      'export/accounts.csv:4 invalid',
      'export/accounts.csv:5 valid',
      'export/accounts.csv:6 invalid',
      'export/customers.csv:6 invalid',
    ]);
    const jane = lines.find((line) => line.line === 2);
    expect(jane?.errors[0]).toMatchObject({
      attr: 'customers.0.email',
      source: 'export/customers.csv:5',
      column: 'EMAIL_ADDR',
    });
  });

  it('refuses input files next to a relational mapping (exit 2)', async () => {
    const run = await runCli([
      'validate',
      'fixtures/demo-accounts.ndjson',
      '--mapping',
      'fixtures/relational/export.yaml',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('names the files of the export itself');
  });

  it('push --mapping creates the valid accounts, resumes the same export, and refuses an export that changed', async () => {
    const dir = exportCopy();
    const report = join(dir, 'push.ndjson');
    const env = { KRAKEN_API_KEY: 'sandbox-key', KRAKEN_IMPORT_SUPPLIER: 'RELATIONAL_E2E' };
    const args = ['push', '--mapping', 'export/export.yaml', '--base-url', server.url, '--report', report];
    const first = await runCli(args, { cwd: dir, env });
    expect(first.code).toBe(1);
    const outcomes = readNdjsonFile<RecordResult>(report).map((line) => `${line.source}:${line.line} ${line.outcome}`);
    expect(outcomes.sort()).toEqual([
      'export/accounts.csv:2 invalid',
      'export/accounts.csv:3 processed',
      'export/accounts.csv:4 invalid',
      'export/accounts.csv:5 processed',
      'export/accounts.csv:6 invalid',
      'export/customers.csv:6 invalid',
    ]);
    const again = await runCli([...args, '--resume'], { cwd: dir, env });
    expect(again.code).toBe(1);
    const resumed = readNdjsonFile<RecordResult>(report);
    expect(resumed).toHaveLength(6);
    expect(resumed.filter((line) => line.outcome === 'skipped')).toHaveLength(2);
    // A child file of the export changes: the resume belongs to other input.
    appendFileSync(join(dir, 'export/notes.csv'), '8100000002,2024-08-01T09:30:00Z,Another note,N\n');
    const changed = await runCli([...args, '--resume'], { cwd: dir, env });
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain('export/notes.csv changed');
  });
});
