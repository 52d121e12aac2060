// The command line a manifest records: secrets scrubbed whatever shape they take, everything else as typed; and
// which reports get a manifest at all.
import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportGetsManifest, scrubCommandLine } from '../../src/commands/run-manifest.js';
import { useTempFolder } from '../helpers.js';

describe('reportGetsManifest', () => {
  const folder = useTempFolder('kraken-manifest-');

  it('is true for a report file, or one not written yet, and false for /dev/null or a folder', async () => {
    const existing = join(folder(), 'report.ndjson');
    writeFileSync(existing, '');
    expect(await reportGetsManifest(existing)).toBe(true);
    expect(await reportGetsManifest(join(folder(), 'new-report.ndjson'))).toBe(true);
    expect(await reportGetsManifest('/dev/null')).toBe(false);
    expect(await reportGetsManifest(folder())).toBe(false);
  });
});

describe('scrubCommandLine', () => {
  it.each([
    [
      'plain arguments are kept',
      ['push', 'a.ndjson', '--concurrency', '8'],
      ['push', 'a.ndjson', '--concurrency', '8'],
    ],
    [
      'a key file path is kept',
      ['push', 'a.ndjson', '--api-key-file', '/run/key'],
      ['push', 'a.ndjson', '--api-key-file', '/run/key'],
    ],
    ['a secret-looking option value (separate)', ['sandbox', '--token', 'tok-123'], ['sandbox', '--token', '[secret]']],
    [
      'a secret-looking option value (=)',
      ['sandbox', '--forbidden-token=tok-123'],
      ['sandbox', '--forbidden-token=[secret]'],
    ],
    ['a NAME=value assignment', ['x', 'KRAKEN_API_KEY=abc'], ['x', 'KRAKEN_API_KEY=[secret]']],
    ['URL credentials', ['x', 'https://me:pw@api.example.com/v2'], ['x', 'https://[secret]@api.example.com/v2']],
    ['URL query secrets', ['x', 'https://h/?api_key=abc&page=2'], ['x', 'https://h/?api_key=[secret]&page=2']],
    ['an Authorization value', ['x', 'Token abc123'], ['x', '[secret]']],
    ['a JWT', ['x', 'eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl'], ['x', '[secret]']],
    [
      'the API key of the environment, anywhere',
      ['x', '--import-supplier', 'pre-k3y-value-post'],
      ['x', '--import-supplier', 'pre-[secret]-post'],
    ],
  ])('%s', (_name, argv, expected) => {
    expect(scrubCommandLine(argv, { KRAKEN_API_KEY: 'k3y-value' })).toEqual(['kraken-import', ...expected]);
  });
});
