// The pool of NDJSON chunk buffers: reuses what comes back, ignores what does not belong, and moves only owned chunks.
import { describe, expect, it } from '@jest/globals';
import { ChunkBufferPool, chunkBufferBytes, ownedChunkBuffers } from '../../src/records/chunk-buffer-pool.js';
import type { ReadItem } from '../../src/records/input-record.js';

describe('ChunkBufferPool', () => {
  it('gives back the same memory, once, and a buffer of its own to a chunk larger than its buffers', () => {
    const pool = new ChunkBufferPool();
    const first = pool.take(100);
    expect(first.length).toBe(chunkBufferBytes);
    pool.give(first.buffer);
    pool.give(first.buffer);
    const again = pool.take(chunkBufferBytes);
    expect(again.buffer).toBe(first.buffer);
    expect(pool.take(10).buffer).not.toBe(first.buffer);
    const large = pool.take(chunkBufferBytes + 1);
    expect(large.length).toBe(chunkBufferBytes + 1);
    pool.give(large.buffer);
    expect(pool.take(10).buffer).not.toBe(large.buffer);
  });

  it('keeps at most eight free buffers, and none of another size or moved away (empty)', () => {
    const pool = new ChunkBufferPool();
    const taken = Array.from({ length: 10 }, () => pool.take(1));
    for (const buffer of taken) pool.give(buffer.buffer);
    pool.give(new ArrayBuffer(1024));
    const moved = new ChunkBufferPool().take(1).buffer as ArrayBuffer;
    structuredClone(moved, { transfer: [moved] });
    pool.give(moved);
    const reused = new Set(taken.map((buffer) => buffer.buffer));
    const next = Array.from({ length: 9 }, () => pool.take(1).buffer);
    expect(next.filter((buffer) => reused.has(buffer))).toHaveLength(8);
    expect(next.every((buffer) => buffer.byteLength === chunkBufferBytes)).toBe(true);
  });

  it('moves to a worker only chunks that own their buffer from its start', () => {
    const owned = Buffer.alloc(8);
    const shared = Buffer.alloc(16);
    const items: ReadItem[] = [
      { source: 'a', firstLine: 1, bytes: owned.subarray(0, 4), ownsBuffer: true },
      { source: 'a', firstLine: 2, bytes: shared.subarray(0, 8) },
      { source: 'a', firstLine: 3, bytes: shared.subarray(8), ownsBuffer: true },
      { source: 'a', line: 4, payload: {}, errors: [] },
    ];
    expect(ownedChunkBuffers(items)).toEqual([owned.buffer]);
  });
});
