// Appends JSON lines to a file with backpressure, created private (0600) because reports hold personal data.
import { createWriteStream, fchmod, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../core/errors.js';
import { drained, outputFileHighWaterMark } from './drained.js';

/** Sees what a writer puts in its file: each line once it is written, in order, and any failure to write. */
export interface LineObserver {
  /** A line is in the file: the value and its bytes (newline included). */
  written(value: unknown, line: Buffer): void;
  /** A write failed: the file may hold part of a line, or lines `written` never saw. */
  failed(): void;
}

/** A line-per-object writer that is closed deterministically. */
export class NdjsonWriter {
  private readonly stream: WriteStream;
  private failure: Error | undefined;

  private constructor(
    stream: WriteStream,
    private readonly observer: LineObserver | undefined,
  ) {
    this.stream = stream;
    stream.on('error', (error) => {
      this.failure = error;
      observer?.failed();
    });
  }

  /** Opens (truncating, or appending with `append`) the file at `path`; `observer` sees what is written. */
  static async open(path: string, append = false, observer?: LineObserver): Promise<NdjsonWriter> {
    const stream = createWriteStream(path, {
      flags: append ? 'a' : 'w',
      mode: 0o600,
      highWaterMark: outputFileHighWaterMark,
    });
    try {
      const [fd] = (await once(stream, 'open')) as [number];
      // The mode above applies only to a new file: an existing one (say 0644) is made private too.
      await new Promise<void>((resolve, reject) => {
        fchmod(fd, 0o600, (error) => {
          if (error === null) resolve();
          else reject(error);
        });
      });
    } catch (error) {
      throw new UsageError(
        `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    return new NdjsonWriter(stream, observer);
  }

  /** Writes one object as a line; waits when the stream's buffer is full. */
  async write(value: unknown): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    const text = `${JSON.stringify(value)}\n`;
    const observer = this.observer;
    let room: boolean;
    if (observer === undefined) {
      room = this.stream.write(text);
    } else {
      const line = Buffer.from(text);
      room = this.stream.write(line, (error) => {
        if (error === null || error === undefined) observer.written(value, line);
        else observer.failed();
      });
    }
    if (!room) await drained(this.stream);
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    if (this.stream.closed) return;
    const finished = once(this.stream, 'close');
    this.stream.end();
    await finished;
    if (this.failure !== undefined) throw this.failure;
  }
}

/** Replaces a file with these lines all at once: written beside it, synced to disk, then renamed over it. */
export async function rewriteNdjson(path: string, values: Iterable<unknown>): Promise<void> {
  const temporary = `${path}.rewriting`;
  const writer = await NdjsonWriter.open(temporary);
  for (const value of values) await writer.write(value);
  await writer.close();
  // `--resume` reads this file: after a crash it must hold either the old lines or all the new ones.
  await syncFile(temporary);
  await rename(temporary, path);
  await syncDirectory(dirname(path));
}

/** Flushes a file's data to disk. */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Errors of syncing a directory where the platform or file system does not support it (Windows, some mounts). */
const unsupportedDirectorySync = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP', 'EBADF']);

/** Flushes a directory's entries to disk so that a new file or a rename in it survives a crash, where the platform allows it. */
export async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    // Windows cannot open a directory for syncing and some file systems refuse fsync on one: the rename itself
    // has happened, so only a real I/O failure is worth reporting.
    if (!unsupportedDirectorySync.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}
