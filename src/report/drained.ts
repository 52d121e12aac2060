// Waiting for a full output stream: one wait shared by every writer at once, and the buffer size of our output files.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * The write buffer of the files a run writes (report, JUnit): with Node's default 16 kB a run where every record has
 * errors (about 2 kB of report each) waited on the write thread every few records.
 */
export const outputFileHighWaterMark = 256 * 1024;

const waits = new WeakMap<Writable, Promise<void>>();

/** Resolves on the stream's next 'drain'; writers waiting at once share one listener (one each piles up past Node's limit). */
export function drained(stream: Writable): Promise<void> {
  let wait = waits.get(stream);
  if (wait === undefined) {
    wait = once(stream, 'drain').then(() => {
      waits.delete(stream);
    });
    waits.set(stream, wait);
  }
  return wait;
}
