// The memory of NDJSON chunks, used again and again: a run's reading then allocates no new buffer for each chunk.
import { isNdjsonChunk, type ReadItem } from './input-record.js';

/**
 * Bytes of a pooled buffer. A chunk is taken once its complete lines reach 256 kB, after a read of 256 kB, so most
 * are 256-512 kB and fit; the chunker takes one early rather than outgrow its buffer, and a line longer than that
 * gets a buffer of its own. (At 512 kB, chunks of about 256 kB: half again as many batches, 5 % slower.)
 */
export const chunkBufferBytes = 768 * 1024;

/** Free buffers kept at most: more than a run has chunks in flight (two workers' two batches, this thread's two). */
const maxFreeBuffers = 8;

/**
 * Buffers of `chunkBufferBytes` for the chunks of NDJSON lines. A chunk's buffer comes back when its lines have been
 * parsed (after `checkItem`, here or in a worker, which sends it back with its answer); one that never comes back is
 * simply collected. Without it, each chunk allocated 256-512 kB (and a worker a copy of those not moved to it) that
 * lived until a young-generation collection freed it, in sizes that fragmented glibc's heap over a long run.
 */
export class ChunkBufferPool {
  private readonly free: ArrayBuffer[] = [];

  /** A buffer of at least `bytes`: a pooled one when it fits, else one of its own. */
  take(bytes: number): Buffer {
    if (bytes > chunkBufferBytes) return Buffer.allocUnsafeSlow(bytes);
    const free = this.free.pop();
    return free === undefined ? Buffer.allocUnsafeSlow(chunkBufferBytes) : Buffer.from(free);
  }

  /**
   * Gives back the buffer under a chunk whose lines have all been parsed: nothing may read it after. Buffers of
   * another size (a long line's, or one moved to a worker and so empty here) are left to the collector.
   */
  give(buffer: ArrayBufferLike): void {
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength !== chunkBufferBytes) return;
    if (this.free.length >= maxFreeBuffers || this.free.includes(buffer)) return;
    this.free.push(buffer);
  }
}

/** The process's pool (each thread has its own: a worker's buffers go back to the thread that read them). */
export const chunkBuffers = new ChunkBufferPool();

/**
 * The buffers of the chunks that can move to a worker without a copy, and come back to the pool: those whose bytes
 * own their ArrayBuffer (the reader copies each chunk into a buffer of its own). Other chunks are copied.
 */
export function ownedChunkBuffers(items: readonly ReadItem[]): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const item of items) {
    if (!isNdjsonChunk(item) || item.ownsBuffer !== true) continue;
    const { buffer, byteOffset } = item.bytes;
    if (buffer instanceof ArrayBuffer && byteOffset === 0) buffers.push(buffer);
  }
  return buffers;
}
