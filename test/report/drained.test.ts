// Waiting on a full output stream: many writers share one 'drain' listener, and each wait ends when the stream drains.
import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { drained } from '../../src/report/drained.js';

/** A stream of 4 bytes' buffer whose writes finish only when `release` is called. */
function slowStream(): { stream: Writable; release: () => void } {
  const pending: (() => void)[] = [];
  const stream = new Writable({
    highWaterMark: 4,
    write(_chunk, _encoding, callback) {
      pending.push(callback);
    },
  });
  const release = () => {
    for (const callback of pending.splice(0)) callback();
  };
  return { stream, release };
}

describe('drained', () => {
  it('gives writers waiting at once one listener, and a new wait after the stream drained', async () => {
    const { stream, release } = slowStream();
    expect(stream.write('full')).toBe(false);
    const waits = Array.from({ length: 50 }, () => drained(stream));
    expect(stream.listenerCount('drain')).toBe(1);
    expect(new Set(waits).size).toBe(1);
    let done = 0;
    for (const wait of waits) void wait.then(() => (done += 1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(0);
    release();
    await Promise.all(waits);
    expect(done).toBe(50);
    expect(stream.listenerCount('drain')).toBe(0);
    expect(stream.write('more')).toBe(false);
    const next = drained(stream);
    expect(next).not.toBe(waits[0]);
    release();
    await next;
  });
});
