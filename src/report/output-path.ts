// Checks, before any work, that an output file can be written, so that a typo fails at once with exit 2.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { visible } from './terminal.js';

/** Throws a UsageError naming the flag when `path` is a folder or its folder is missing or not writable. */
export async function checkOutputPath(flag: string, path: string, cwd: string): Promise<void> {
  const absolute = resolve(cwd, path);
  const shown = visible(path);
  const existing = await stat(absolute).catch(() => undefined);
  if (existing?.isDirectory() === true) throw new UsageError(`${flag} ${shown}: is a folder, not a file`);
  const folder = dirname(absolute);
  const parent = await stat(folder).catch(() => undefined);
  if (parent === undefined) throw new UsageError(`${flag} ${shown}: the folder ${visible(folder)} does not exist`);
  if (!parent.isDirectory()) throw new UsageError(`${flag} ${shown}: ${visible(folder)} is not a folder`);
  try {
    await access(existing === undefined ? folder : absolute, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${shown}: not writable`);
  }
}
