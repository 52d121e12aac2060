// The push's waits between status requests: timers that the stop cuts short, all through one listener.
import { describe, expect, it } from '@jest/globals';
import { getEventListeners } from 'node:events';
import { abortableSleep, SignalledSleeps } from '../../src/pipeline/abortable-sleep.js';

describe('SignalledSleeps', () => {
  it('sleeps for the time asked', async () => {
    const sleeps = new SignalledSleeps(new AbortController().signal);
    const started = performance.now();
    await sleeps.sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('wakes every sleeper at the stop, through one listener on the signal', async () => {
    const stop = new AbortController();
    const sleeps = new SignalledSleeps(stop.signal);
    let woken = 0;
    const waits = Array.from({ length: 100 }, () => sleeps.sleep(60_000).then(() => (woken += 1)));
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(woken).toBe(0);
    const stopped = performance.now();
    stop.abort();
    await Promise.all(waits);
    expect(woken).toBe(100);
    expect(performance.now() - stopped).toBeLessThan(1000);
  });

  it('does not sleep once the signal has aborted', async () => {
    const stop = new AbortController();
    const sleeps = new SignalledSleeps(stop.signal);
    stop.abort();
    const started = performance.now();
    await sleeps.sleep(60_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('abortableSleep', () => {
  it('resolves early when its signal aborts, and leaves no listener behind', async () => {
    const stop = new AbortController();
    const finished = abortableSleep(60_000, stop.signal);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
    stop.abort();
    await finished;
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    const quiet = new AbortController();
    await abortableSleep(5, quiet.signal);
    expect(getEventListeners(quiet.signal, 'abort')).toHaveLength(0);
  });
});
