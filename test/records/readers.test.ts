// The NDJSON and CSV readers: line numbers, edge cases of real exports, and bad lines as failed records.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { UsageError } from '../../src/core/errors.js';
import { isNdjsonChunk, type InputRecord, type NdjsonChunk } from '../../src/records/input-record.js';
import { loadMapping } from '../../src/records/load-mapping.js';
import { convertCell, readCsv } from '../../src/records/read-csv.js';
import { parseNdjsonChunk, readNdjson, readNdjsonChunks } from '../../src/records/read-ndjson.js';
import { checkInputs, detectFormat, readRecords } from '../../src/records/read-records.js';
import { oneBufferReused, repoPath } from '../helpers.js';

async function collect(records: AsyncIterable<InputRecord>): Promise<InputRecord[]> {
  const all: InputRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

const ndjson = (text: string) => collect(readNdjson(Readable.from([Buffer.from(text)]), 'in.ndjson'));
const csv = (text: string, mapping?: Parameters<typeof readCsv>[2]) =>
  collect(readCsv(Readable.from([Buffer.from(text)]), 'in.csv', mapping));

describe('readNdjson', () => {
  it('keeps physical line numbers across blank lines, CRLF and a BOM', async () => {
    const records = await ndjson('\uFEFF{"a":1}\r\n\r\n   \n{"b":2}\r\n{"c":3}');
    expect(records.map((record) => [record.line, record.payload])).toEqual([
      [1, { a: 1 }],
      [4, { b: 2 }],
      [5, { c: 3 }],
    ]);
  });

  it.each([
    ['not JSON', '{"a":', /not valid JSON/],
    ['a list', '[1,2]', /found a list/],
    ['a string', '"x"', /found a string/],
    ['null', 'null', /found null/],
  ])('turns %s into a parse_error record and reads on', async (_name, bad, detail) => {
    const records = await ndjson(`{"a":1}\n${bad}\n{"b":2}\n`);
    expect(records).toHaveLength(3);
    expect(records[1]).toMatchObject({ line: 2, payload: undefined, errors: [{ code: 'parse_error' }] });
    expect(records[1]?.errors[0]?.detail).toMatch(detail);
    expect(records[2]).toMatchObject({ line: 3, payload: { b: 2 } });
  });

  it('reads a line split across many chunks', async () => {
    const line = JSON.stringify({ external_account_number: 'x'.repeat(100_000) });
    const chunks = line.match(/.{1,1000}/g)?.map((part) => Buffer.from(part)) ?? [];
    const records = await collect(readNdjson(Readable.from(chunks), 'in.ndjson'));
    expect(records[0]?.payload?.['external_account_number']).toHaveLength(100_000);
  });

  it('decodes multi-byte characters split between chunks', async () => {
    const bytes = Buffer.from('{"given_name":"Zoë"}\n');
    const split = bytes.indexOf(0xc3) + 1;
    const records = await collect(
      readNdjson(Readable.from([bytes.subarray(0, split), bytes.subarray(split)]), 'in.ndjson'),
    );
    expect(records[0]?.payload).toEqual({ given_name: 'Zoë' });
  });
});

describe('readNdjsonChunks', () => {
  const lines = Array.from({ length: 50 }, (_, index) =>
    index % 7 === 3 ? '' : JSON.stringify({ n: index + 1, pad: 'x'.repeat(index * 3) }),
  );
  const text = `${lines.join('\r\n')}\n`;

  it.each([16, 64, 100, 1000, 1 << 20])(
    'cuts whole lines and keeps line numbers with %i-byte chunks',
    async (chunkBytes) => {
      const pieces = text.match(/[\s\S]{1,37}/g)?.map((part) => Buffer.from(part)) ?? [];
      const chunks: NdjsonChunk[] = [];
      for await (const chunk of readNdjsonChunks(Readable.from(pieces), 'in.ndjson', { chunkBytes }))
        if (isNdjsonChunk(chunk)) chunks.push(chunk);
      for (const chunk of chunks.slice(0, -1)) expect(chunk.bytes[chunk.bytes.length - 1]).toBe(0x0a);
      const records = chunks.flatMap((chunk) => parseNdjsonChunk(chunk));
      const expected = lines.flatMap((line, index) => (line === '' ? [] : [[index + 1, index + 1]]));
      expect(records.map((record) => [record.line, record.payload?.['n']])).toEqual(expected);
    },
  );

  it.each([16, 64, 1000, 1 << 20])(
    'holds nothing of a piece it was given once it asks for the next (%i-byte chunks), each chunk in a buffer of its own',
    async (chunkBytes) => {
      const bytes = Buffer.from(text);
      const chunks: NdjsonChunk[] = [];
      for await (const chunk of readNdjsonChunks(oneBufferReused(bytes, [1, 37, 5, 300, 2]), 'in.ndjson', {
        chunkBytes,
      })) {
        if (!isNdjsonChunk(chunk)) continue;
        chunks.push({ ...chunk, bytes: Buffer.from(chunk.bytes) });
        expect([chunk.ownsBuffer, chunk.bytes.byteOffset]).toEqual([true, 0]);
      }
      expect(Buffer.concat(chunks.map((chunk) => chunk.bytes)).toString()).toBe(text);
      const records = chunks.flatMap((chunk) => parseNdjsonChunk(chunk));
      expect(records.map((record) => record.line)).toEqual(
        lines.flatMap((line, index) => (line === '' ? [] : [index + 1])),
      );
    },
  );

  it('measures each line against --max-record-bytes on its own, the one after a split line too', async () => {
    const pieces = ['{"a":"xxx', '"}\n{"b":12345}\n{"c":"123456"}\n{"d":1}'].map((piece) => Buffer.from(piece));
    const records: [number, string][] = [];
    for await (const item of readNdjsonChunks(oneBufferReused(Buffer.concat(pieces), [9, 100]), 'in.ndjson', {
      maxRecordBytes: 12,
    })) {
      const parsed = isNdjsonChunk(item) ? parseNdjsonChunk(item) : [item];
      for (const record of parsed)
        records.push([record.line, record.errors[0]?.code ?? JSON.stringify(record.payload)]);
    }
    expect(records).toEqual([
      [1, '{"a":"xxx"}'],
      [2, '{"b":12345}'],
      [3, 'record_too_large'],
      [4, '{"d":1}'],
    ]);
  });

  it('keeps a last line without a newline', async () => {
    const chunks: NdjsonChunk[] = [];
    const input = Readable.from([Buffer.from('{"a":1}\n{"a":2}')]);
    for await (const chunk of readNdjsonChunks(input, 'in.ndjson', { chunkBytes: 4 }))
      if (isNdjsonChunk(chunk)) chunks.push(chunk);
    expect(chunks.flatMap((chunk) => parseNdjsonChunk(chunk)).map((record) => record.line)).toEqual([1, 2]);
  });
});

describe('readCsv', () => {
  it('builds nested payloads from attr headers with schema types', async () => {
    const [record] = await csv(
      'external_account_number,customers.0.given_name,customers.0.customer_preferences.opted_into_sms,supply_addresses.0.supply_points.0.meters.0.voltage,ledgers.0.ledger_balance\n' +
        '123,Sarah,yes,240,-200\n',
    );
    expect(record?.payload).toEqual({
      external_account_number: '123',
      customers: [{ given_name: 'Sarah', customer_preferences: { opted_into_sms: true } }],
      supply_addresses: [{ supply_points: [{ meters: [{ voltage: 240 }] }] }],
      ledgers: [{ ledger_balance: '-200' }],
    });
  });

  it('omits empty cells and closes the gaps they leave in lists', async () => {
    const [record] = await csv('external_account_number,customers.0.given_name,customers.1.given_name\n1,,Tom\n');
    expect(record?.payload).toEqual({ external_account_number: '1', customers: [{ given_name: 'Tom' }] });
  });

  it('gives each row the line where it starts, also after quoted newlines and blank lines', async () => {
    const records = await csv('external_account_number,notes.0.body\n1,"two\nlines"\n\n2,x\n3,y\n');
    expect(records.map((record) => [record.line, record.payload?.['external_account_number']])).toEqual([
      [2, '1'],
      [5, '2'],
      [6, '3'],
    ]);
  });

  it('fails a row with the wrong number of cells and reads on', async () => {
    const records = await csv('external_account_number,customers.0.given_name\n1,A\n2,B,extra\n3,C\n');
    expect(records.map((record) => record.line)).toEqual([2, 3, 4]);
    expect(records[1]).toMatchObject({ payload: undefined, errors: [{ code: 'parse_error' }] });
    expect(records[1]?.errors[0]?.detail).toBe('Row has 3 cells but the header has 2.');
  });

  it('fails a row with a broken quote', async () => {
    const records = await csv('external_account_number,customers.0.given_name\n1,A\n2,"B"x\n');
    expect(records[0]?.payload).toMatchObject({ external_account_number: '1' });
    expect(records[1]).toMatchObject({ line: 3, errors: [{ code: 'parse_error' }] });
  });

  it.each([
    ['__proto__.polluted', /cannot be a field name/],
    ['customers.0.constructor', /cannot be a field name/],
    ['prototype', /cannot be a field name/],
    ['customers.0.shoe_size', /not a field of the account schema/],
    ['customers..given_name', /empty segment/],
    ['customers.100000.given_name', /list index/],
  ])('refuses the header %s', async (header, message) => {
    await expect(csv(`${header}\nx\n`)).rejects.toThrow(message);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses two columns writing to the same place', async () => {
    await expect(csv('customers.0.given_name,customers.0.given_name\na,b\n')).rejects.toThrow(UsageError);
    await expect(csv('customers.0,customers.0.given_name\na,b\n')).rejects.toThrow(/one contains the other/);
  });

  it('applies a mapping: renamed columns, constants, value tables, ignored columns', async () => {
    const mapping = await loadMapping(repoPath('fixtures/mappings/legacy-export.yaml'));
    const records = await collect(
      readCsv(Readable.from([Buffer.from('ACCT_NO,SVC_TYPE,LEGACY_FLAGS\n42,W,zzz\n')]), 'legacy.csv', { mapping }),
    );
    expect(records[0]?.payload).toEqual({
      import_supplier: 'ACME_ENERGY',
      external_account_number: '42',
      supply_addresses: [{ supply_address: { country: 'US' }, supply_points: [{ supply_type: 'WATER' }] }],
    });
  });

  it.each([
    ['7', 'integer', 7],
    ['7.5', 'integer', '7.5'],
    ['-3', 'integer', -3],
    ['2.5', 'number', 2.5],
    ['abc', 'number', 'abc'],
    ['TRUE', 'boolean', true],
    ['n', 'boolean', false],
    ['maybe', 'boolean', 'maybe'],
    ['{"a":1}', 'any', { a: 1 }],
    ['{broken', 'any', '{broken'],
    ['007', 'string', '007'],
  ] as const)('converts %j to %s as %j', (cell, type, expected) => {
    expect(convertCell(cell, type)).toEqual(expected);
  });
});

describe('readRecords', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kraken-import-readers-'));

  it('reads .gz files and standard input, in file order', async () => {
    const gz = join(dir, 'a.ndjson.gz');
    writeFileSync(gz, gzipSync('{"n":1}\n{"n":2}\n'));
    const stdin = Readable.from([Buffer.from('{"n":3}\n')]);
    const records = await collect(readRecords([gz, '-'], { format: 'ndjson', stdin }));
    expect(records.map((record) => [record.source, record.line, record.payload?.['n']])).toEqual([
      [gz, 1, 1],
      [gz, 2, 2],
      ['-', 1, 3],
    ]);
  });

  it('reports a corrupt .gz file as a usage error naming the file', async () => {
    const bad = join(dir, 'bad.ndjson.gz');
    writeFileSync(bad, Buffer.from('this is not gzip'));
    await expect(collect(readRecords([bad], { stdin: Readable.from([]) }))).rejects.toThrow(/bad\.ndjson\.gz/);
  });

  it.each([
    ['a.ndjson', 'ndjson'],
    ['a.JSONL', 'ndjson'],
    ['a.csv.gz', 'csv'],
    ['a.ndjson.gz', 'ndjson'],
  ])('detects %s as %s', (path, format) => {
    expect(detectFormat(path, undefined)).toBe(format);
  });

  it('refuses unknown extensions, missing files and stdin without a format', async () => {
    expect(() => detectFormat('a.txt', undefined)).toThrow(/--input-format/);
    await expect(checkInputs(['-'], {})).rejects.toThrow(/--input-format/);
    await expect(checkInputs([join(dir, 'missing.ndjson')], {})).rejects.toThrow(/ENOENT/);
    await expect(checkInputs([], {})).rejects.toThrow(/no input files/);
  });
});
