// Runs of account numbers moved to a temporary file: found again exactly, whatever their hashes, and the file gone.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { SpilledAccountRuns, type SpillingKey } from '../../src/validation/spilled-account-runs.js';
import { useTempFolder } from '../helpers.js';

/** Keys given as [hash, text, source, line], already in order of hash. */
function keysOf(entries: [number, string, number, number][]): SpillingKey[] {
  return entries.map(([hash, text, source, line]) => {
    const bytes = Buffer.from(`..${text}`);
    return { hash, bytes, start: 2, end: bytes.length, source, line };
  });
}

function find(runs: SpilledAccountRuns, hash: number, text: string) {
  const bytes = Buffer.from(text);
  return runs.find(hash, bytes, 0, bytes.length);
}

describe('SpilledAccountRuns', () => {
  const folder = useTempFolder('spilled-runs-');

  it('finds keys that share one hash across many index stretches, and the extreme hashes', () => {
    const runs = new SpilledAccountRuns(folder());
    const entries: [number, string, number, number][] = [[0, 'zero', 0, 1]];
    for (let index = 0; index < 300; index += 1) entries.push([7, `same-${index}`, index % 3, 2 ** 40 + index]);
    entries.push([0xffffffff, 'top', 2, 9]);
    runs.writeRun(keysOf(entries), entries.length);
    expect(find(runs, 0, 'zero')).toEqual({ source: 0, line: 1 });
    expect(find(runs, 0xffffffff, 'top')).toEqual({ source: 2, line: 9 });
    for (const index of [0, 63, 64, 65, 128, 299]) {
      expect(find(runs, 7, `same-${index}`)).toEqual({ source: index % 3, line: 2 ** 40 + index });
    }
    expect(find(runs, 7, 'same-300')).toBeUndefined();
    expect(find(runs, 7, 'same-')).toBeUndefined();
    expect(find(runs, 8, 'same-1')).toBeUndefined();
    expect(find(runs, 0xffffffff, 'zero')).toBeUndefined();
  });

  it('looks in every run, leaves no file in its directory, open or closed, and is not used after close', () => {
    const runs = new SpilledAccountRuns(folder());
    expect(find(runs, 1, 'a')).toBeUndefined();
    runs.writeRun(
      keysOf([
        [1, 'a', 0, 10],
        [2, 'b', 0, 11],
      ]),
      2,
    );
    runs.writeRun(keysOf([[1, 'c', 1, 12]]), 1);
    runs.writeRun([], 0);
    expect(runs.runCount).toBe(3);
    expect(readdirSync(folder())).toEqual([]);
    expect([find(runs, 1, 'a'), find(runs, 2, 'b'), find(runs, 1, 'c'), find(runs, 1, 'b')]).toEqual([
      { source: 0, line: 10 },
      { source: 0, line: 11 },
      { source: 1, line: 12 },
      undefined,
    ]);
    runs.close();
    expect(readdirSync(folder())).toEqual([]);
    expect(() => find(runs, 1, 'a')).toThrow('after close()');
    expect(() => {
      runs.writeRun(keysOf([[1, 'd', 0, 13]]), 1);
    }).toThrow('after close()');
  });

  it('merges every 8 runs of a level into one of the next, finding every key after, its files closed', () => {
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const runs = new SpilledAccountRuns(folder());
    // 70 runs of 50 keys (hashes spread, several keys a hash): 64 make one run of level 2, 6 stay at level 0.
    const keyOf = (run: number, index: number): [number, string, number, number] => [
      ((index * 7 + run * 13) % 40) * 100_000_000,
      `k-${run}-${index}`,
      run % 3,
      run * 1000 + index,
    ];
    for (let run = 0; run < 70; run += 1) {
      const entries = Array.from({ length: 50 }, (_, index) => keyOf(run, index)).sort((a, b) => a[0] - b[0]);
      runs.writeRun(keysOf(entries), entries.length);
      if (run === 7) expect(runs.levels).toEqual([1]);
    }
    expect(runs.levels).toEqual([2, 0, 0, 0, 0, 0, 0]);
    expect(openFiles()).toBe(before + 7);
    const wrong: string[] = [];
    for (let run = 0; run < 70; run += 1) {
      for (let index = 0; index < 50; index += 1) {
        const [hash, text, source, line] = keyOf(run, index);
        const found = find(runs, hash, text);
        if (found?.source !== source || found.line !== line) wrong.push(text);
      }
    }
    expect(wrong).toEqual([]);
    expect(find(runs, 0, 'k-70-0')).toBeUndefined();
    runs.close();
    expect(openFiles()).toBe(before);
    expect(readdirSync(folder())).toEqual([]);
  });

  it('refuses keys out of order of hash, and a directory it cannot write to', () => {
    const runs = new SpilledAccountRuns(folder());
    expect(() => {
      runs.writeRun(
        keysOf([
          [2, 'a', 0, 1],
          [1, 'b', 0, 2],
        ]),
        2,
      );
    }).toThrow('order of hash');
    runs.close();
    const nowhere = new SpilledAccountRuns(join(folder(), 'missing'));
    expect(() => {
      nowhere.writeRun(keysOf([[1, 'a', 0, 1]]), 1);
    }).toThrow('ENOENT');
  });
});
