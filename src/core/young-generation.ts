// Keeps V8's young generation at 8 MB semi-spaces: on a long run V8 doubles the main thread's to 16 MB (32 MB in all).

import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * The new space (two semi-spaces) at which its growth stops. V8 grows a new space each time as much has survived
 * collections since its last growth as it holds, so on a run of any length the main thread's reaches its 32 MB
 * limit; only node's command line (`--max-semi-space-size`) sets that limit. Stopping at 16 MB took 25-30 MB off
 * the peak of a 200,000-account validate (156-158 MB -> 128-131 MB) in the same time; stopping at the 2 MB V8
 * starts with cost 5-8 % of the time.
 */
export const newSpaceCapBytes = 16 * 1000 * 1000;

/** How often the new space's size is looked at: it grows one doubling at a time, each seconds apart on a busy run. */
const checkEveryMs = 50;

/**
 * Stops the growth of every thread's young generation (the flag is the process's) once the main thread's new space
 * has reached `capBytes`: V8 reads its growth factor each time it grows a new space, so 1 holds each at its size.
 * Returns a function that stops looking (the process may exit meanwhile: the timer does not hold it).
 */
export function capYoungGeneration(capBytes = newSpaceCapBytes): () => void {
  const timer = setInterval(() => {
    const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    if (newSpace === undefined || newSpace.space_size < capBytes) return;
    setFlagsFromString('--semi-space-growth-factor=1');
    clearInterval(timer);
  }, checkEveryMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
