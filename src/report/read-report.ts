// Reads an NDJSON report back, line by line, passing over a last line that a crash cut short.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RecordResult } from './record-result.js';

/** Yields each result of a report file in order. */
export async function* readReport(path: string): AsyncGenerator<RecordResult> {
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    try {
      yield JSON.parse(line) as RecordResult;
    } catch {
      // A line cut short by kill -9: that record finished no outcome, so it is done again.
    }
  }
}
