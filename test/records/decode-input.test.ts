// The byte-level pieces of reading: BOM and --encoding transcoding, invalid UTF-8 offsets, over-long lines.
import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { invalidUtf8Offset } from '../../src/records/check-utf8.js';
import { decodeToUtf8, type InputEncoding } from '../../src/records/decode-input.js';
import type { InputRecord } from '../../src/records/input-record.js';
import { readCsv } from '../../src/records/read-csv.js';
import { readNdjson } from '../../src/records/read-ndjson.js';
import { oneBufferReused } from '../helpers.js';

async function decoded(chunks: AsyncIterable<Buffer> | Buffer[], encoding: InputEncoding): Promise<Buffer> {
  const parts: Buffer[] = [];
  // A copy of each part before the next is asked for, as the NDJSON chunker keeps them.
  const input = Array.isArray(chunks) ? Readable.from(chunks) : chunks;
  for await (const part of decodeToUtf8(input, encoding)) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

/** Splits bytes into one-byte chunks: every multi-byte sequence is cut somewhere. */
const bytewise = (bytes: Buffer) => Array.from(bytes, (byte) => Buffer.from([byte]));

async function collect(records: AsyncIterable<InputRecord>): Promise<InputRecord[]> {
  const all: InputRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

describe('decodeToUtf8', () => {
  it.each([
    [
      'windows-1252 (€ is 0x80 there, not a C1 control)',
      Buffer.from([0x4a, 0x6f, 0x73, 0xe9, 0x20, 0x80]),
      'latin1',
      'José €',
    ],
    [
      'UTF-16LE chosen by its BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Zoë 😀\n', 'utf16le')]),
      'utf-8',
      'Zoë 😀\n',
    ],
    ['UTF-16LE declared', Buffer.from('Ćwik\n', 'utf16le'), 'utf-16le', 'Ćwik\n'],
    ['UTF-16BE chosen by its BOM', Buffer.from([0xfe, 0xff, 0x00, 0x41, 0x00, 0x0a]), 'utf-8', 'A\n'],
    ['a UTF-8 BOM over a declared latin1', Buffer.from('\uFEFFMüller', 'utf8'), 'latin1', '\uFEFFMüller'],
  ] as const)(
    'decodes %s, even one byte at a time, and read into one reused buffer',
    async (_name, bytes, encoding, text) => {
      expect((await decoded([bytes], encoding)).toString('utf8')).toBe(text);
      expect((await decoded(bytewise(bytes), encoding)).toString('utf8')).toBe(text);
      for (const sizes of [[1], [2, 1], [5]]) {
        expect((await decoded(oneBufferReused(bytes, sizes), encoding)).toString('utf8')).toBe(text);
      }
    },
  );

  it('passes plain UTF-8 through untouched, invalid bytes included', async () => {
    const bytes = Buffer.from([0x61, 0xe9, 0x62]);
    expect(await decoded([bytes], 'utf-8')).toEqual(bytes);
  });

  it('turns a lone surrogate in UTF-16 into bytes that are not UTF-8, so the line is reported', async () => {
    const units = Buffer.from([0x41, 0x00, 0x3d, 0xd8, 0x42, 0x00]);
    expect(invalidUtf8Offset(await decoded([units], 'utf-16le'))).toBe(1);
  });
});

describe('invalidUtf8Offset', () => {
  it.each([
    [[0x61, 0x62], -1],
    [[0x61, 0xe9, 0x62], 1],
    [[0xc3, 0xa9, 0xff], 2],
    [[0xed, 0xa0, 0x80], 0],
    [[0xe2, 0x82], 0],
    [[0xf0, 0x9f, 0x98, 0x80], -1],
    [[0xc0, 0x80], 0],
  ])('%j → %i', (bytes, offset) => {
    expect(invalidUtf8Offset(Uint8Array.from(bytes))).toBe(offset);
  });
});

describe('readers and bad bytes', () => {
  it('makes a line of invalid UTF-8 an invalid_encoding record naming line and offset, and reads on', async () => {
    const bytes = Buffer.concat([Buffer.from('{"a":1}\n{"n":"Jos'), Buffer.from([0xe9]), Buffer.from('"}\n{"b":2}\n')]);
    const records = await collect(readNdjson(Readable.from([bytes]), 'in.ndjson'));
    expect(records.map((record) => [record.line, record.errors.map((error) => error.code)])).toEqual([
      [1, []],
      [2, ['invalid_encoding']],
      [3, []],
    ]);
    expect(records[1]?.errors[0]?.detail).toContain('Line 2 is not valid UTF-8 at byte offset 9 (0xE9)');
  });

  it('reports a line over the limit as record_too_large without holding it, in time linear in its length', async () => {
    const piece = Buffer.alloc(64 * 1024, 0x78);
    const chunks = [
      Buffer.from('{"a":1}\n{"x":"'),
      ...Array.from({ length: 1600 }, () => piece),
      Buffer.from('"}\n{"b":2}\n'),
    ];
    const started = Date.now();
    const records = await collect(readNdjson(Readable.from(chunks), 'in.ndjson', { maxRecordBytes: 1024 * 1024 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(records.map((record) => [record.line, record.payload, record.errors.map((error) => error.code)])).toEqual([
      [1, { a: 1 }, []],
      [2, undefined, ['record_too_large']],
      [3, { b: 2 }, []],
    ]);
  });

  it('reads a 100 MB line under the limit in linear time', async () => {
    const piece = Buffer.alloc(256 * 1024, 0x78);
    const chunks = [Buffer.from('{"x":"'), ...Array.from({ length: 400 }, () => piece), Buffer.from('"}\n')];
    const started = Date.now();
    const records = await collect(
      readNdjson(Readable.from(chunks), 'in.ndjson', { maxRecordBytes: 200 * 1024 * 1024 }),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((records[0]?.payload?.['x'] as string).length).toBe(400 * 256 * 1024);
  }, 20_000);

  it('gives a CSV row with invalid UTF-8 or over the limit its own error and keeps the other rows', async () => {
    const bytes = Buffer.concat([
      Buffer.from('external_account_number,customers.0.given_name\n1,Ana\n2,Jos'),
      Buffer.from([0xe9]),
      Buffer.from(`\n3,${'x'.repeat(5000)}\n4,Zoë\n`),
    ]);
    const records = await collect(readCsv(Readable.from(bytewise(bytes)), 'in.csv', { maxRecordBytes: 1000 }));
    expect(records.map((record) => [record.line, record.errors.map((error) => error.code)])).toEqual([
      [2, []],
      [3, ['invalid_encoding']],
      [4, ['record_too_large']],
      [5, []],
    ]);
    expect(records[3]?.payload).toEqual({ external_account_number: '4', customers: [{ given_name: 'Zoë' }] });
  });

  it('cuts an over-long CSV line out of the middle of one chunk, keeping the lines around it', async () => {
    const text = `external_account_number,customers.0.given_name\n1,Ana\n2,${'y'.repeat(3000)}\n3,Zoë\n4,${'z'.repeat(3000)}`;
    const records = await collect(readCsv(Readable.from([Buffer.from(text)]), 'in.csv', { maxRecordBytes: 1000 }));
    expect(records.map((record) => [record.line, record.errors.map((error) => error.code)])).toEqual([
      [2, []],
      [3, ['record_too_large']],
      [4, []],
      [5, ['record_too_large']],
    ]);
    expect(records[2]?.payload).toEqual({ external_account_number: '3', customers: [{ given_name: 'Zoë' }] });
  });
});
