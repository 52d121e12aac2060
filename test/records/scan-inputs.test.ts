// The one background pass over each input: its size, SHA-256 and records, as progress and the manifest use them.
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { InputScanner, scanFile } from '../../src/records/scan-inputs.js';

const dir = mkdtempSync(join(tmpdir(), 'kraken-import-scan-'));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('scanFile', () => {
  it('counts non-blank lines (blank, whitespace-only and CRLF lines aside; a last line without a newline counts)', async () => {
    const path = file('a.ndjson', '{"a":1}\r\n\n   \n\t\r\n{"b":2}\n{"c":3}');
    const scan = await scanFile(path, { hash: true });
    expect(scan.nonBlankLines).toBe(3);
    expect(scan.size).toBe(Buffer.byteLength('{"a":1}\r\n\n   \n\t\r\n{"b":2}\n{"c":3}'));
    expect(scan.sha256).toBe(createHash('sha256').update('{"a":1}\r\n\n   \n\t\r\n{"b":2}\n{"c":3}').digest('hex'));
  });

  it('reads across its 1 MB buffer: lines cut between two reads are counted once', async () => {
    const line = `{"x":"${'y'.repeat(999)}"}\n`;
    const content = line.repeat(3000);
    const scan = await scanFile(file('big.ndjson', content), { hash: true });
    expect(scan.nonBlankLines).toBe(3000);
    expect(scan.size).toBe(content.length);
    expect(scan.sha256).toBe(createHash('sha256').update(content).digest('hex'));
  });

  it('hashes a .gz file as it is on disk without counting its lines, and skips the hash when not asked', async () => {
    const bytes = gzipSync('{"a":1}\n');
    const scan = await scanFile(file('c.ndjson.gz', bytes), { hash: true });
    expect(scan).toEqual({
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      nonBlankLines: undefined,
    });
    expect((await scanFile(file('d.ndjson', '{}\n'), { hash: false })).sha256).toBeUndefined();
  });
});

describe('InputScanner', () => {
  it("totals the records of the inputs, a CSV's header left out, reading each file once", async () => {
    const ndjson = file('e.ndjson', '{}\n{}\n');
    const csv = file('f.csv', 'a,b\n1,2\n3,4\n5,6\n');
    const scanner = new InputScanner({ hash: false });
    const first = scanner.scan(ndjson);
    expect(await scanner.records([ndjson, csv], undefined)).toBe(5);
    expect(scanner.scan(ndjson)).toBe(first);
  });

  it('has no total when an input is standard input or compressed', async () => {
    const scanner = new InputScanner({ hash: false });
    expect(scanner.scan('-')).toBeUndefined();
    expect(await scanner.records([file('g.ndjson', '{}\n'), '-'], undefined)).toBeUndefined();
    expect(await scanner.records([file('h.ndjson.gz', gzipSync('{}\n'))], undefined)).toBeUndefined();
  });
});
