// End to end: `kraken-import mapping check` and `mapping explain` on the built binary.
import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

const mapping = 'fixtures/relational/export.yaml';

describe('kraken-import mapping check (binary)', () => {
  it('finds nothing wrong with the shipped export (exit 0)', async () => {
    const run = await runCli(['mapping', 'check', mapping]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`Checked ${mapping} (9 tables): no findings.\n`);
    expect(run.code).toBe(0);
  });

  it('lists unknown paths, type mismatches, missing and unmapped columns (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kraken-mapping-check-'));
    cpSync('fixtures/relational', dir, { recursive: true });
    const text = readFileSync(join(dir, 'export.yaml'), 'utf8')
      .replace('FIRST_NM: given_name', 'FIRST_NM: first_name')
      .replace('MULTIPLIER: multiplier', 'MULTIPLIER: multiplier\n    types:\n      DIGITS: boolean')
      .replace('NOTE_TEXT: body', 'NOTE_BODY: body')
      .replace('ignore: [ACCT_STATUS]', 'ignore: []');
    writeFileSync(join(dir, 'export.yaml'), text);
    const run = await runCli(['mapping', 'check', join(dir, 'export.yaml'), '--json']);
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { at?: string; code?: string; summary?: { findings: number } });
    const findings = lines
      .filter((line) => line.code !== undefined)
      .map((line) => `${line.at ?? ''} ${line.code ?? ''}`);
    expect(findings).toEqual([
      'root.columns unmapped_column',
      'children.customers.columns.FIRST_NM unknown_path',
      'children.notes.columns.NOTE_BODY missing_column',
      'children.notes.columns unmapped_column',
      'children.registers.types.DIGITS type_mismatch',
    ]);
    expect(lines.at(-1)).toEqual({ summary: { findings: 5 } });
  });

  it("reads the paths in the tenant's schema given by --schema (one without supply points finds them unknown)", async () => {
    const run = await runCli([
      'mapping',
      'check',
      mapping,
      '--schema',
      'test/sandbox/fixtures/origin-data-import.yml',
      '--json',
    ]);
    expect(run.code).toBe(1);
    const findings = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { at?: string; code?: string });
    expect(findings).toContainEqual(
      expect.objectContaining({ at: 'children.supply_points.path', code: 'unknown_path' }),
    );
    expect(findings).not.toContainEqual(expect.objectContaining({ at: 'children.customers.columns.FIRST_NM' }));
  });

  it('exits 2 when the mapping itself cannot be read', async () => {
    const run = await runCli(['mapping', 'check', 'fixtures/relational/nope.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read mapping file fixtures/relational/nope.yaml');
  });
});

describe('kraken-import mapping explain (binary)', () => {
  it('annotates every value with its file, line and column, and lists the errors where they came from', async () => {
    const run = await runCli(['mapping', 'explain', mapping, '--account', '8100000003']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^fixtures\/relational\/accounts\.csv:2\n/);
    expect(run.stdout).toMatch(
      / {2}customers\.0\.email +"jane\.doe@" +fixtures\/relational\/customers\.csv:5:EMAIL_ADDR\n/,
    );
    expect(run.stdout).toMatch(
      /import_supplier +"ACME_ENERGY" +fixtures\/relational\/accounts\.csv:2 \(constant of root\)\n/,
    );
    expect(run.stdout).toContain(
      'customers.0.email invalid Enter a valid email address. (fixtures/relational/customers.csv:5:EMAIL_ADDR)',
    );
  });

  it('shows a valid account with its children grouped and ordered (exit 0), as JSON too', async () => {
    const run = await runCli(['mapping', 'explain', mapping, '--account', '8100000001', '--json']);
    expect(run.code).toBe(0);
    const record = JSON.parse(run.stdout.trim()) as { values: { attr: string; value: unknown; from: string }[] };
    expect(record.values).toContainEqual({
      attr: 'ledgers.0.historical_billing_documents.1.transactions.0.transaction_id',
      value: 'T-1003',
      from: 'fixtures/relational/transactions.csv:3:TXN_ID',
    });
  });

  it('says so when no row has that account (exit 1)', async () => {
    const run = await runCli(['mapping', 'explain', mapping, '--account', '123']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('No rows of fixtures/relational/export.yaml');
  });
});
