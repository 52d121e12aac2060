// Rewrites a report appended to by several runs so that each record keeps only its latest line.
import { rewriteNdjson } from '../report/ndjson-writer.js';
import { readReport } from '../report/read-report.js';
import type { RecordResult } from '../report/record-result.js';
import { lineKey } from './resume-state.js';

/**
 * Keeps the latest line of each input record, keyed by file and line (never by account number: two records of one
 * account are two lines), in the order they last finished; `transform` (such as `--redact`) is applied to each kept line.
 */
export async function compactReport(path: string, transform?: (result: RecordResult) => RecordResult): Promise<number> {
  const latest = new Map<string, RecordResult>();
  for await (const result of readReport(path)) {
    const key = lineKey(result.source, result.line);
    latest.delete(key);
    latest.set(key, transform === undefined ? result : transform(result));
  }
  await rewriteNdjson(path, latest.values());
  return latest.size;
}
