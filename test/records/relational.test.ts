// The relational reader: joins, external sort, grouping under parents, ordering, provenance, orphans, duplicates.
import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/core/errors.js';
import { loadAnyMapping, type RelationalMapping } from '../../src/records/load-mapping.js';
import type { AssembledRecord } from '../../src/records/relational/assemble.js';
import { locateError } from '../../src/records/relational/origins.js';
import {
  readRelational,
  type RelationalReadOptions,
  type TableStats,
} from '../../src/records/relational/read-relational.js';
import { ExternalSorter, type KeyedRow } from '../../src/records/relational/sort-rows.js';
import type { Account } from '../../src/validation/account-types.js';
import { repoPath } from '../helpers.js';

async function relationalMapping(path: string): Promise<RelationalMapping> {
  const loaded = await loadAnyMapping(path);
  if (loaded.kind !== 'relational') throw new Error('expected a relational mapping');
  return loaded.mapping;
}

async function readAll(
  path: string,
  options: RelationalReadOptions = {},
  onTables?: (stats: TableStats[]) => void,
): Promise<AssembledRecord[]> {
  const records: AssembledRecord[] = [];
  for await (const record of readRelational(await relationalMapping(path), options, onTables)) records.push(record);
  return records;
}

/** A copy of the fixture export in a fresh folder, with some files replaced. */
function fixtureCopy(replace: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kraken-relational-'));
  cpSync(repoPath('fixtures/relational'), dir, { recursive: true });
  for (const [name, text] of Object.entries(replace)) writeFileSync(join(dir, name), text);
  return join(dir, 'export.yaml');
}

const fixture = repoPath('fixtures/relational/export.yaml');

describe('readRelational', () => {
  it('assembles each account from every file, children in order under their parents', async () => {
    const records = await readAll(fixture);
    const first = records.find((record) => record.payload?.['external_account_number'] === '8100000001');
    expect(first?.line).toBe(3);
    expect(first?.source).toBe(repoPath('fixtures/relational/accounts.csv'));
    const payload = first?.payload as unknown as Account;
    // CUST_SEQ orders customers (file order was 2, 1).
    expect(payload.customers.map((customer) => customer.given_name)).toEqual(['Sarah', 'Tom']);
    // Transactions are grouped under their billing document by DOC_ID and ordered by POST_SEQ as numbers.
    const documents = payload.ledgers?.[0]?.historical_billing_documents ?? [];
    expect(documents.map((document) => document.billing_document_identifier)).toEqual(['INV-1001', 'INV-1002']);
    expect((documents[1]?.transactions ?? []).map((transaction) => transaction.transaction_id)).toEqual([
      'T-1003',
      'T-1004',
    ]);
    // Meters under their supply point by (ACCT_NO, MPAN), registers under their meter by (ACCT_NO, MPAN, METER_SERIAL).
    const points = payload.supply_addresses?.[0]?.supply_points ?? [];
    expect(points[1]?.meters?.[0]).toMatchObject({ serial_number: 'MTR-1002', is_net_metered: true, voltage: 240 });
    expect(points[1]?.meters?.[0]?.registers).toEqual([{ register_type: 'KWH_IMPORT', digits: 5, multiplier: '1' }]);
    expect((points[0]?.agreements ?? []).map((agreement) => agreement.tariff_code)).toEqual(['R1-FIX', 'R1-VAR']);
    // A quoted note over two lines is one row.
    expect(payload.notes?.[0]?.body).toContain('\nSecond line of the note');
    expect(payload.ledgers?.[0]).toMatchObject({ ledger_code: 'ENERGY', last_statement_issue_date: '2025-12-01' });
  });

  it('gives every root row one record and every orphan one of its own; problems inside an account stay on it', async () => {
    const records = await readAll(fixture);
    const summary = records.map((record) => ({
      at: `${record.source.split('/').pop() ?? ''}:${record.line}`,
      codes: record.errors.map((error) => error.code),
    }));
    expect(summary).toEqual([
      { at: 'accounts.csv:3', codes: [] },
      { at: 'accounts.csv:5', codes: [] },
      { at: 'accounts.csv:2', codes: [] },
      { at: 'accounts.csv:6', codes: ['missing_child'] },
      { at: 'accounts.csv:4', codes: ['parse_error', 'orphan_row'] },
      { at: 'customers.csv:6', codes: ['orphan_row'] },
    ]);
    const broken = records[4]?.errors ?? [];
    expect(broken[0]?.source).toMatch(/meters\.csv:4$/);
    expect(broken[1]?.source).toMatch(/transactions\.csv:6$/);
    expect(broken[1]?.detail).toContain('DOC_ID=INV-5999');
    expect(records[5]?.errors[0]?.detail).toContain('ACCT_NO=8100000099');
  });

  it('names the file, line and column an error at an attr came from', async () => {
    const records = await readAll(fixture);
    const jane = records.find((record) => record.payload?.['external_account_number'] === '8100000003');
    const origins = jane?.origins ?? [];
    const located = locateError({ code: 'invalid', attr: 'customers.0.email', detail: 'bad' }, origins);
    expect(located.source).toMatch(/customers\.csv:5$/);
    expect(located.column).toBe('EMAIL_ADDR');
    const rootField = locateError({ code: 'invalid', attr: 'billing_address.postal_code', detail: 'bad' }, origins);
    expect(rootField.source).toMatch(/accounts\.csv:2$/);
    expect(rootField.column).toBe('BILL_ZIP');
    expect(locateError({ code: 'x', detail: 'whole record' }, origins).source).toBeUndefined();
  });

  it('gives the same records when every table is spilled in tiny sorted runs, and leaves no run behind', async () => {
    const tempDir = mkdtempSync(join(tmpdir(), 'kraken-spill-'));
    const inMemory = await readAll(fixture);
    const spilled = await readAll(fixture, { sortBudgetBytes: 300, tempDir });
    const strip = (records: AssembledRecord[]) =>
      records.map(({ origins, ...record }) => ({ ...record, origins: origins.map((origin) => origin.attr) }));
    expect(strip(spilled)).toEqual(strip(inMemory));
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('fails every row of a repeated account key, and reads rows without a key as findings', async () => {
    const accounts = [
      'ACCT_NO,ACCT_STATUS,BILL_ADDR1,BILL_CITY,BILL_STATE,BILL_ZIP,SITE_REF,SITE_ADDR1,SITE_CITY,SITE_STATE,SITE_ZIP,MOVE_IN_DT,PREMISE_TYPE,LEDGER_BAL,LAST_STMT_DT',
      '8100000001,A,1 A St,Revere,MA,02151,S1,1 A St,Revere,MA,02151,2024-01-01,SF,0,2025-12-01',
      '8100000001,A,2 B St,Revere,MA,02151,S1,2 B St,Revere,MA,02151,2024-01-01,SF,0,2025-12-01',
      ',A,3 C St,Revere,MA,02151,S3,3 C St,Revere,MA,02151,2024-01-01,SF,0,2025-12-01',
      '8100000002,A,"unterminated',
    ].join('\n');
    const records = await readAll(fixtureCopy({ 'accounts.csv': `${accounts}\n` }));
    const byLine = new Map(
      records.filter((record) => record.source.endsWith('accounts.csv')).map((record) => [record.line, record]),
    );
    expect(byLine.get(2)?.errors.map((error) => error.code)).toContain('duplicate_key');
    expect(byLine.get(3)?.errors.map((error) => error.code)).toEqual(['duplicate_key']);
    expect(byLine.get(4)?.errors.map((error) => error.code)).toEqual(['missing_key']);
    expect(byLine.get(5)?.errors[0]?.code).toBe('parse_error');
    // The children of 8100000002 have no readable account row: they are findings of their own.
    expect(
      records.some((record) => record.source.endsWith('supply_points.csv') && record.errors[0]?.code === 'orphan_row'),
    ).toBe(true);
  });

  it('reads CRLF lines, blank lines, quoted rows parsed together (one broken) and non-ASCII text, in memory or spilled', async () => {
    const notes = [
      'ACCT_NO,NOTE_DT,NOTE_TEXT,PINNED',
      '8100000001,2024-06-01T12:00:00Z,"Zoë asked for paper bills, twice.",N',
      '',
      '8100000002,2024-07-01T09:30:00Z,"Gate code ""1234""",Y',
      '8100000003,2024-07-02T09:30:00Z,"Two',
      'lines, with a comma",N',
      '8100000005,2024-07-03T09:30:00Z,"broken" note,N',
      '8100000004,2024-07-04T09:30:00Z,Plain ünïcode,N',
      '8100000001,2024-08-01T12:00:00Z,"Second note",N',
    ].join('\r\n');
    const path = fixtureCopy({ 'notes.csv': `${notes}\r\n` });
    const stats: TableStats[] = [];
    const inMemory = await readAll(path, {}, (tables) => stats.push(...tables));
    const tempDir = mkdtempSync(join(tmpdir(), 'kraken-spill-'));
    const spilled = await readAll(path, { sortBudgetBytes: 200, tempDir });
    const strip = (records: AssembledRecord[]) =>
      records.map(({ origins, ...record }) => ({ ...record, origins: origins.map((origin) => origin.attr) }));
    expect(strip(spilled)).toEqual(strip(inMemory));
    const account = (number: string) =>
      inMemory.find((record) => record.payload?.['external_account_number'] === number)?.payload as unknown as Account;
    expect(account('8100000001').notes?.map((note) => note.body)).toEqual([
      'Zoë asked for paper bills, twice.',
      'Second note',
    ]);
    expect(account('8100000002').notes?.[0]?.body).toBe('Gate code "1234"');
    expect(account('8100000003').notes?.[0]?.body).toBe('Two\nlines, with a comma');
    expect(account('8100000004').notes?.[0]?.body).toBe('Plain ünïcode');
    // The broken quoted row fails on its own line (a record of its own: its key could not be read); the rows parsed
    // with it are unharmed.
    const broken = inMemory.filter((record) => record.source.endsWith('notes.csv'));
    expect(broken.map((record) => [record.line, record.errors[0]?.code])).toEqual([[7, 'parse_error']]);
    expect(broken[0]?.errors[0]?.detail).toContain('Invalid Closing Quote');
    // The fixture lists accounts out of order; the notes file is read as it came.
    expect(stats.find((table) => table.name === 'root')?.sortedInput).toBe(false);
    expect(stats.find((table) => table.name === 'notes')?.rows).toBe(6);
  });

  it('refuses a mapped column that the file does not have, before any record', async () => {
    const path = fixtureCopy({ 'notes.csv': 'ACCT_NO,NOTE_DT,TEXT,PINNED\n8100000001,2024-06-01T12:00:00Z,x,N\n' });
    await expect(readAll(path)).rejects.toThrow(
      /notes\.csv line 1: the mapped column "NOTE_TEXT" is not in the header/,
    );
  });
});

describe('relational mapping', () => {
  async function refused(yaml: string): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'kraken-mapping-'));
    writeFileSync(join(dir, 'm.yaml'), yaml);
    try {
      await loadAnyMapping(join(dir, 'm.yaml'));
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    throw new Error('the mapping was accepted');
  }

  it('keeps the one-file format as it was', async () => {
    const loaded = await loadAnyMapping(repoPath('fixtures/mappings/legacy-export.yaml'));
    expect(loaded.kind).toBe('flat');
  });

  it('refuses keys that do not match the parent, a parent that does not exist, and a path without its *', async () => {
    const root = 'root: { file: a.csv, key: ACCT_NO }\n';
    expect(await refused(`${root}children:\n  c: { file: c.csv, path: customers, key: [ACCT_NO, X] }\n`)).toMatch(
      /children\.c\.key: 2 column\(s\), but the account \(root\.key\) is identified by 1/,
    );
    expect(
      await refused(`${root}children:\n  c: { file: c.csv, path: customers, key: ACCT_NO, parent: nope }\n`),
    ).toMatch(/there is no child named "nope"/);
    expect(
      await refused(
        `${root}children:\n  d: { file: d.csv, path: ledgers.0.historical_billing_documents, key: ACCT_NO, id: DOC }\n  t: { file: t.csv, parent: d, path: ledgers.0.historical_billing_documents.transactions, key: [ACCT_NO, DOC] }\n`,
      ),
    ).toMatch(/must start with its parent's path and a \*/);
    expect(await refused(`${root}columns: { A: b }\n`)).toMatch(/columns belong under root/);
  });
});

describe('ExternalSorter', () => {
  it('merges spilled runs back in key order, keeping line order within a key', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kraken-sorter-'));
    const sorter = new ExternalSorter(folder, 't', 500);
    const keys = ['c', 'a', 'b', 'a', 'c', 'b', 'a', 'd', 'a', 'b'];
    const rows: KeyedRow[] = keys.map((key, index) => ({ key, line: index + 2, cells: [key, `v${index}`] }));
    for (const row of rows) await sorter.add([row]);
    expect(sorter.runCount).toBeGreaterThan(1);
    expect(sorter.sortedInput).toBe(false);
    const groups = [];
    for await (const group of sorter.groups()) groups.push([group.key, group.rows.map((row) => row.line)]);
    expect(groups).toEqual([
      ['a', [3, 5, 8, 10]],
      ['b', [4, 7, 11]],
      ['c', [2, 6]],
      ['d', [9]],
    ]);
  });
});
