// `--redact` for a command: the personal-data test of the schema in use, applied to whole results.
import { redactResult } from '../report/redact.js';
import type { RecordResult } from '../report/record-result.js';
import type { AccountSchema } from '../validation/account-schema.js';
import { personalDataTest } from '../validation/personal-data.js';

/** Turns results into ones without personal data, by the field names of `schema`. */
export function redactorFor(schema: AccountSchema): (result: RecordResult) => RecordResult {
  const isPersonal = personalDataTest(schema);
  return (result) => redactResult(result, isPersonal);
}
