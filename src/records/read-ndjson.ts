// Streams NDJSON/JSONL accounts line by line: BOM, CRLF and blank lines handled, bad lines become failed records.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parsedRecord, unreadableRecord, type InputRecord } from './input-record.js';

/** Yields one record per non-blank line of an NDJSON stream, with its 1-based line number. */
export async function* readNdjson(input: Readable, source: string): AsyncGenerator<InputRecord> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const rawLine of lines) {
    lineNumber += 1;
    const text = lineNumber === 1 && rawLine.charCodeAt(0) === 0xfeff ? rawLine.slice(1) : rawLine;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield unreadableRecord(source, lineNumber, `Line is not valid JSON: ${(error as Error).message}.`);
      continue;
    }
    yield parsedRecord(source, lineNumber, value);
  }
}
