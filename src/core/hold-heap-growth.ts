// Holds V8's heaps near what a long run needs: young generations at 8 MB semi-spaces, old ones 20 % above their live size.

import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * The main thread's new space (two semi-spaces) at which its growth stops. V8 grows a new space each time as much has
 * survived collections since its last growth as it holds, so on a run of any length the main thread's reached its
 * 32 MB limit, which only node's command line (`--max-semi-space-size`) sets. A growth factor of 1 holds every new
 * space at its size (V8 reads it each time it grows one): at 16 MB in the same time as at 32 (held at the 4 MB V8
 * starts with, 5-8 % slower).
 */
const newSpaceCapBytes = 16 * 1000 * 1000;

/**
 * The main thread's new space at which a run counts as busy: one doubling past the 4 MB V8 starts with, which a run
 * of one record does not reach and a large file does within a fraction of a second, before V8's first full
 * collection sets how far the old generation may grow. From then on an old generation may grow only 20 % past what
 * survived its last full collection before the next one: left to itself V8 picks up to 4x, and the main thread's old
 * space went 8 -> 29 MB of garbage in some runs. Set later (with the cap), it came too late: 132-141 MB against
 * 127-131 MB. With both: a validate of 200,000 seed-sized accounts peaked at 156-195 MB, now 127-131 MB.
 */
const busyNewSpaceBytes = 8 * 1000 * 1000;

/** How often the new space is looked at: it grows one doubling at a time, each seconds apart on a busy run. */
const checkEveryMs = 50;

/**
 * No look before this, so that a short run (a one-record validate ends 65-80 ms after main starts) never loads
 * node:v8 (about 6 ms); a large file's new space reaches 8 MB 200 ms or more after main starts.
 */
const firstCheckMs = 100;

/**
 * Sets each flag (they are the process's, for every thread) once the main thread's new space has reached its size,
 * and again at each look after: V8 puts a growth factor under 2 back to 2 whenever it sets up a heap, as for a worker
 * started since. Not before: V8 checks a code cache against the flags, so a short run's built-in modules still
 * compile from Node's caches. Returns a function that stops looking (the timer does not hold the process).
 */
export function holdHeapGrowth(): () => void {
  const flags: [bytes: number, flag: string][] = [
    [busyNewSpaceBytes, '--heap-growing-percent=20'],
    [newSpaceCapBytes, '--semi-space-growth-factor=1'],
  ];
  let largest = 0;
  // process.uptime, not performance.now: both are monotonic, but the global `performance` loads node:perf_hooks.
  const started = process.uptime();
  const timer = setInterval(() => {
    if ((process.uptime() - started) * 1000 < firstCheckMs) return;
    const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    largest = Math.max(largest, newSpace?.space_size ?? 0);
    for (const [bytes, flag] of flags) if (largest >= bytes) setFlagsFromString(flag);
  }, checkEveryMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
