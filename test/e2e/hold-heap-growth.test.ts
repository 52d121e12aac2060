// The long-run hold on V8's heaps (src/core/hold-heap-growth.ts), in a process of its own: V8's flags are the process's.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { repoPath } from '../helpers.js';

/** How the child process runs: with the hold or without, and whether the hold stops before a worker starts. */
type Case = 'hold' | 'no-hold' | 'hold-stopped-before-worker';

/**
 * Allocates with many survivors (a ring of 40,000 live arrays) until the new space reaches 16 MB, lets the hold look
 * (500 ms idle), starts a worker thread (V8 puts the growth factor back to 2 as it sets up the worker's heap) and
 * waits for it and for the hold to look again, then allocates 2,000 more rounds; prints the largest new space seen,
 * in bytes. Allocating only while the flags are settled keeps the result free of timing.
 */
function largestNewSpace(run: Case): number {
  const module = pathToFileURL(repoPath('dist/core/hold-heap-growth.js')).href;
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { once } from 'node:events';
    import { Worker } from 'node:worker_threads';
    import { holdHeapGrowth } from ${JSON.stringify(module)};
    const stop = ${JSON.stringify(run)} === 'no-hold' ? () => {} : holdHeapGrowth();
    const newSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
    const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const ring = new Array(40000);
    let largest = 0;
    let round = 0;
    const allocate = async (until) => {
      for (; !until(); round += 1) {
        for (let index = 0; index < 1000; index += 1) ring[(round * 1000 + index) % ring.length] = [round, index, {}];
        await new Promise((resolve) => setImmediate(resolve));
        largest = Math.max(largest, newSpace());
      }
    };
    await allocate(() => newSpace() >= 16e6 || round >= 20000);
    await pause(500);
    if (${JSON.stringify(run)} === 'hold-stopped-before-worker') stop();
    const worker = new Worker('setTimeout(() => {}, 300)', { eval: true });
    await once(worker, 'online');
    await pause(500);
    const last = round + 2000;
    await allocate(() => round >= last);
    stop();
    process.stdout.write(String(largest));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(child.stderr).toBe('');
  return Number(child.stdout);
}

describe('holdHeapGrowth', () => {
  it("stops the new space's growth at 16 MB, where V8 alone grows it to 32 MB, also after a worker's start", () => {
    expect(largestNewSpace('no-hold')).toBeGreaterThan(24e6);
    const held = largestNewSpace('hold');
    expect(held).toBeGreaterThanOrEqual(16e6);
    expect(held).toBeLessThan(20e6);
    // The worker's start undoes a hold that is not set again: what looking again after it is for.
    expect(largestNewSpace('hold-stopped-before-worker')).toBeGreaterThan(24e6);
  });
});
