// Rewrites a report appended to by several runs so that each record keeps only its latest line.
import { createReadStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { NdjsonWriter } from '../report/ndjson-writer.js';
import type { RecordResult } from '../report/record-result.js';

function recordKey(result: RecordResult): string {
  const supplier = result['import_supplier'];
  return typeof supplier === 'string' && result.external_account_number !== null
    ? `a\u0000${supplier}\u0000${result.external_account_number}`
    : `l\u0000${result.source}\u0000${result.line}`;
}

/** Keeps the latest line of each record (by account, else by file and line), in the order they last finished. */
export async function compactReport(path: string): Promise<number> {
  const latest = new Map<string, RecordResult>();
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    let result: RecordResult;
    try {
      result = JSON.parse(line) as RecordResult;
    } catch {
      continue;
    }
    const key = recordKey(result);
    latest.delete(key);
    latest.set(key, result);
  }
  const temporary = `${path}.compacting`;
  const writer = await NdjsonWriter.open(temporary);
  for (const result of latest.values()) await writer.write(result);
  await writer.close();
  await rename(temporary, path);
  return latest.size;
}
