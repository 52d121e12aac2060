// The abort signal of one request, as undici reads it (an EventEmitter with `aborted` and `reason`).
import { once } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { RequestDeadline } from '../../src/api/request-deadline.js';

describe('RequestDeadline', () => {
  it('aborts once, at its time', async () => {
    const deadline = new RequestDeadline(20);
    let aborts = 0;
    deadline.on('abort', () => (aborts += 1));
    const started = Date.now();
    await once(deadline, 'abort');
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(deadline.aborted).toBe(true);
    deadline.abort();
    expect(aborts).toBe(1);
    // undici fails the request with its own RequestAbortedError when the reason is left undefined.
    expect(deadline.reason).toBeUndefined();
  });

  it('does not abort once settled, and can still be aborted by the stop', async () => {
    const deadline = new RequestDeadline(10);
    deadline.settle();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(deadline.aborted).toBe(false);
    deadline.abort();
    expect(deadline.aborted).toBe(true);
  });

  it('has no addEventListener, so that undici listens with once() and removeListener()', () => {
    const deadline = new RequestDeadline(1);
    expect('addEventListener' in deadline).toBe(false);
    deadline.settle();
  });
});
