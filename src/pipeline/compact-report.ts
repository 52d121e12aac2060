// Rewrites a report appended to by several runs so that each record keeps only its latest line.
import { rewriteNdjson } from '../report/ndjson-writer.js';
import { readReport } from '../report/read-report.js';
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
  for await (const result of readReport(path)) {
    const key = recordKey(result);
    latest.delete(key);
    latest.set(key, result);
  }
  await rewriteNdjson(path, latest.values());
  return latest.size;
}
