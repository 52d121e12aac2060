// The long-run hold on V8's heaps (src/core/hold-heap-growth.ts), in a process of its own: V8's flags are the process's.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { repoPath } from '../helpers.js';

/**
 * Allocates with many survivors (a ring of 40,000 live arrays) for 4,000 rounds, yielding to the event loop between
 * rounds as a run does, starting a worker thread halfway (V8 resets the growth factor as it sets up the worker's
 * heap), and prints the largest new space seen, in bytes; `hold` says whether the hold is on.
 */
function largestNewSpace(hold: boolean): number {
  const module = pathToFileURL(repoPath('dist/core/hold-heap-growth.js')).href;
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { Worker } from 'node:worker_threads';
    import { holdHeapGrowth } from ${JSON.stringify(module)};
    if (${String(hold)}) holdHeapGrowth();
    const ring = new Array(40000);
    let largest = 0;
    for (let round = 0; round < 4000; round += 1) {
      if (round === 2000) new Worker('0', { eval: true });
      for (let index = 0; index < 1000; index += 1) ring[(round * 1000 + index) % ring.length] = [round, index, {}];
      await new Promise((resolve) => setImmediate(resolve));
      const size = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
      largest = Math.max(largest, size);
    }
    process.stdout.write(String(largest));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return Number(run.stdout);
}

describe('holdHeapGrowth', () => {
  it("stops the new space's growth at 16 MB, where V8 alone grows it to 32 MB, also past a worker's start", () => {
    const held = largestNewSpace(true);
    const free = largestNewSpace(false);
    expect(free).toBeGreaterThan(24e6);
    expect(held).toBeGreaterThanOrEqual(16e6);
    expect(held).toBeLessThan(20e6);
  });
});
