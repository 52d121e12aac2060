// `--redact` for a command: results without personal data, by the field names of validation/personal-data.ts.
import { redactResult } from '../report/redact.js';
import type { RecordResult } from '../report/record-result.js';
import { isPersonalAttr } from '../validation/personal-data.js';

/** Turns a result into one without personal data. */
export function redactRecord(result: RecordResult): RecordResult {
  return redactResult(result, isPersonalAttr);
}
