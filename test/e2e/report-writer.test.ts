// The built report writer in a process of its own, where Node's own warnings can be seen.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from '../helpers.js';

describe('NdjsonWriter under many writers at once', () => {
  it('shares one wait for drain, so Node never warns of a listener leak, and loses no line', () => {
    // In a process of its own: Node's warnings go to the real process, not to the test's.
    const path = join(mkdtempSync(join(tmpdir(), 'kraken-drain-')), 'r.ndjson');
    const script = `
      const { NdjsonWriter } = await import(${JSON.stringify(repoPath('dist/report/ndjson-writer.js'))});
      const writer = await NdjsonWriter.open(${JSON.stringify(path)});
      const filler = 'x'.repeat(2048);
      await Promise.all(Array.from({ length: 200 }, (_, index) => writer.write({ index, filler })));
      await writer.close();`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    expect(child.stderr).not.toContain('MaxListenersExceededWarning');
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(200);
  });
});
