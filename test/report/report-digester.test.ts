// The digest a run works out while writing its report equals the one read back from the file.
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { digestReport, ReportDigester } from '../../src/report/manifest.js';
import { NdjsonWriter } from '../../src/report/ndjson-writer.js';
import { useTempFolder } from '../helpers.js';

describe('ReportDigester', () => {
  const folder = useTempFolder('kraken-digest-');

  it('gives what digestReport reads back: checksum, bytes, lines, unreadable lines and counts', async () => {
    const path = join(folder(), 'report.ndjson');
    const digester = new ReportDigester();
    const writer = await NdjsonWriter.open(path, false, digester);
    const lines: unknown[] = [
      { line: 1, outcome: 'valid', errors: [] },
      { line: 2, outcome: 'invalid', errors: [{ code: 'invalid', detail: 'Zoë’s “name” — 東京 🚀' }] },
      { line: 3, outcome: 'valid', errors: [] },
      { line: 4, note: 'no outcome' },
      ['not', 'an', 'object'],
    ];
    for (const value of lines) await writer.write(value);
    await writer.close();
    const readBack = await digestReport(path);
    expect(digester.digest()).toEqual(readBack);
    expect(readBack).toMatchObject({ lines: 5, unreadable_lines: 2, counts: { invalid: 1, valid: 2 } });
  });

  it('has no digest once a write failed, so that the report is read back instead', () => {
    const digester = new ReportDigester();
    digester.written({ outcome: 'valid' }, Buffer.from('{"outcome":"valid"}\n'));
    expect(digester.digest()).toMatchObject({ lines: 1 });
    digester.failed();
    digester.written({ outcome: 'valid' }, Buffer.from('{"outcome":"valid"}\n'));
    expect(digester.digest()).toBeUndefined();
  });

  it('gives the digest of an empty report before any line', async () => {
    const path = join(folder(), 'empty.ndjson');
    const digester = new ReportDigester();
    const writer = await NdjsonWriter.open(path, false, digester);
    await writer.close();
    expect(digester.digest()).toEqual(await digestReport(path));
  });
});
