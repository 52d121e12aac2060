// Opens one input for reading: a file (decompressed when it ends in .gz) or standard input for `-`.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Bytes read at a time from a file. */
const readBytes = 256 * 1024;

/**
 * The bytes of a file, read again and again into one buffer: each piece is valid only until the next is asked for,
 * so only a reader that keeps nothing of it (the NDJSON chunker copies what it keeps) may use it. A read stream
 * allocated 256 kB for each read instead, freed only by the next collection: on a long run they piled up and
 * fragmented glibc's heap.
 */
export async function* readFileReusingBuffer(
  path: string,
  bufferBytes = readBytes,
): AsyncGenerator<Buffer, void, undefined> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafeSlow(bufferBytes);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, bufferBytes, null);
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

/** An input's bytes, and how to let go of the input (standard input is left open). */
export interface InputBytes {
  bytes: AsyncIterable<Buffer>;
  close(): Promise<void>;
}

/**
 * Opens an input as `openInput` does; with `reuseBuffer` (for a reader that keeps nothing of a piece once it asks
 * for the next), a plain file, neither standard input nor compressed, is read into one buffer again and again.
 */
export function openInputBytes(path: string, stdin: Readable | undefined, reuseBuffer: boolean): InputBytes {
  if (reuseBuffer && path !== '-' && !path.toLowerCase().endsWith('.gz')) {
    const bytes = readFileReusingBuffer(path);
    // Closing a file that was only read: an error there would hide the one that ended the reading, if any.
    return {
      bytes,
      close: () =>
        bytes.return().then(
          () => undefined,
          () => undefined,
        ),
    };
  }
  const stream = openInput(path, stdin);
  return {
    bytes: stream as AsyncIterable<Buffer>,
    close: () => {
      if (path !== '-') stream.destroy();
      return Promise.resolve();
    },
  };
}
