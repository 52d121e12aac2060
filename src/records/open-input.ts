// Opens one input for reading: a file (decompressed when it ends in .gz) or standard input for `-`.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Bytes read at a time from a file. */
const readBytes = 256 * 1024;

/** Whether `readFileReusingBuffer` can read a path: a file, not standard input nor a compressed one. */
export function isPlainFile(path: string): boolean {
  return path !== '-' && !path.toLowerCase().endsWith('.gz');
}

/**
 * The bytes of a file, read again and again into one buffer: each piece is valid only until the next is asked for,
 * so only a reader that keeps nothing of it (the NDJSON chunker copies what it keeps) may use it. A read stream
 * allocated 256 kB for each read instead, freed only by the next collection: on a long run they piled up and
 * fragmented glibc's heap.
 */
export async function* readFileReusingBuffer(path: string): AsyncGenerator<Buffer, void, undefined> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafeSlow(readBytes);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, readBytes, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Returns the bytes of an input; `.gz` files come decompressed. */
export function openInput(path: string, stdin?: Readable): Readable {
  const raw = path === '-' && stdin !== undefined ? stdin : createReadStream(path, { highWaterMark: readBytes });
  if (!path.toLowerCase().endsWith('.gz')) return raw;
  const gunzip = createGunzip();
  raw.on('error', (error: Error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}
