// Opens one input for reading: a file (decompressed when it ends in .gz) or standard input for `-`.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Returns the bytes of an input; `.gz` files come decompressed. */
export function openInput(path: string, stdin?: Readable): Readable {
  const raw = path === '-' && stdin !== undefined ? stdin : createReadStream(path, { highWaterMark: 256 * 1024 });
  if (!path.toLowerCase().endsWith('.gz')) return raw;
  const gunzip = createGunzip();
  raw.on('error', (error: Error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}
