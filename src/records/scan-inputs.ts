// One pass over each input file, in the background of a run: its size, its SHA-256 (the identity --resume checks)
// and its number of records (non-blank lines, for the progress total). A run read its inputs three times before
// (records, count, hash); now twice, and this pass reuses one buffer, so it leaves no garbage behind.
import { createHash } from 'node:crypto';
import { detectFormat, type InputFormat } from './read-records.js';
import { readFileReusingBuffer } from './open-input.js';

/** What one pass over a file found. */
export interface FileScan {
  size: number;
  /** Undefined when the scan was not asked to hash (a run without a report has no identity to keep). */
  sha256: string | undefined;
  /** Non-blank lines; undefined for a .gz file (its lines are not counted). */
  nonBlankLines: number | undefined;
}

const newline = 0x0a;
const readBytes = 1 << 20;

function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === newline;
}

/** Counts non-blank lines across the chunks of a file; only the start of each line is looked at. */
class LineCounter {
  lines = 0;
  private content = false;

  take(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(newline, start);
      const stop = end === -1 ? chunk.length : end;
      for (let index = start; index < stop && !this.content; index += 1)
        this.content = !isBlank(chunk[index] ?? newline);
      if (end === -1) return;
      if (this.content) this.lines += 1;
      this.content = false;
      start = end + 1;
    }
  }

  finish(): number {
    return this.lines + (this.content ? 1 : 0);
  }
}

/** Reads a file once: its size, SHA-256 (when asked) and non-blank lines. */
export async function scanFile(path: string, options: { hash: boolean }): Promise<FileScan> {
  const hash = options.hash ? createHash('sha256') : undefined;
  const counter = path.toLowerCase().endsWith('.gz') ? undefined : new LineCounter();
  let size = 0;
  for await (const chunk of readFileReusingBuffer(path, readBytes)) {
    hash?.update(chunk);
    counter?.take(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash?.digest('hex'), nonBlankLines: counter?.finish() };
}

/** Scans each input file of a run once, on first demand, and shares the result (standard input is not scanned). */
export class InputScanner {
  private readonly scans = new Map<string, Promise<FileScan>>();

  /** `hash`: whether to compute each file's SHA-256 (for a run that keeps its inputs' identity). */
  constructor(private readonly options: { hash: boolean }) {}

  /** The scan of a file; undefined for standard input (`-`). */
  scan(path: string): Promise<FileScan> | undefined {
    if (path === '-') return undefined;
    let scan = this.scans.get(path);
    if (scan === undefined) {
      scan = scanFile(path, this.options);
      this.scans.set(path, scan);
    }
    return scan;
  }

  /** The number of records of the inputs (a CSV's header left out); undefined when one is stdin or compressed. */
  async records(paths: readonly string[], format: InputFormat | undefined): Promise<number | undefined> {
    let total = 0;
    for (const path of paths) {
      const lines = (await this.scan(path))?.nonBlankLines;
      if (lines === undefined) return undefined;
      total += detectFormat(path, format) === 'csv' ? Math.max(0, lines - 1) : lines;
    }
    return total;
  }
}
