// Counts the records of plain input files quickly (non-blank lines), so that progress can show a total and an ETA.
import { createReadStream } from 'node:fs';
import { detectFormat, type InputFormat } from './read-records.js';

const newline = 0x0a;

function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === newline;
}

/** Returns the number of non-blank lines of a file (minus the header of a CSV); undefined for stdin or .gz. */
export async function countRecords(
  paths: readonly string[],
  csvPaths: ReadonlySet<string>,
): Promise<number | undefined> {
  let total = 0;
  for (const path of paths) {
    if (path === '-' || path.toLowerCase().endsWith('.gz')) return undefined;
    let lines = 0;
    let content = false;
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      // Jump from newline to newline; only the start of each line is looked at to tell blank lines.
      let start = 0;
      while (start < chunk.length) {
        const end = chunk.indexOf(newline, start);
        const stop = end === -1 ? chunk.length : end;
        for (let index = start; index < stop && !content; index += 1) content = !isBlank(chunk[index] ?? newline);
        if (end === -1) break;
        if (content) lines += 1;
        content = false;
        start = end + 1;
      }
    }
    if (content) lines += 1;
    total += csvPaths.has(path) ? Math.max(0, lines - 1) : lines;
  }
  return total;
}

/** Counts the inputs' records in the background and hands over the total when known (progress works without it). */
export function countInBackground(
  paths: readonly string[],
  format: InputFormat | undefined,
  onTotal: (total: number) => void,
): void {
  const csvPaths = new Set(paths.filter((path) => detectFormat(path, format) === 'csv'));
  countRecords(paths, csvPaths).then(
    (total) => {
      if (total !== undefined) onTotal(total);
    },
    () => undefined,
  );
}
