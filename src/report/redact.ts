// `--redact`: results without personal data. Ids, attrs, codes and outcomes stay; an error's detail is kept only
// when it cannot quote a personal value, otherwise it is replaced by a sentence about its code.
import type { FieldError, PersonalAttrTest } from '../core/field-error.js';
import type { RecordResult } from './record-result.js';

/** Appended to every detail that was replaced, so that a reader knows the value was left out on purpose. */
export const redactedMark = '[redacted]';

/**
 * Codes whose detail the tool writes itself from no record data (at most ids, counts and positions): kept as they
 * are when they are not about a personal field.
 */
const toolDetailCodes: ReadonlySet<string> = new Set([
  'record_too_large',
  'invalid_encoding',
  'too_deep',
  'interrupted',
  'api_unusable',
  'report_unwritable',
  'retries_exhausted',
  'unexpected_answer',
  'status_wait_timeout',
  'status_unavailable',
  'create_outcome_unknown',
  'duplicate_external_account_number',
  'account_already_imported',
  'dry_run_result_unavailable',
]);

/** What a replaced detail says, by code: what is wrong, never with what value. */
const codeSentences: Readonly<Record<string, string>> = {
  required: 'This field is required.',
  blank: 'This field may not be blank.',
  null: 'This field may not be null.',
  empty: 'This list may not be empty.',
  not_a_list: 'Expected a list of items.',
  invalid: 'The value is not valid.',
  invalid_choice: 'The value is not a valid choice.',
  max_length: 'The value is too long.',
  min_length: 'The value is too short.',
  max_value: 'The value is too large.',
  min_value: 'The value is too small.',
  max_digits: 'The value has too many digits.',
  max_decimal_places: 'The value has too many decimal places.',
  max_whole_digits: 'The value has too many digits before the decimal point.',
  date: 'Expected a date, not a date-time.',
  datetime: 'Expected a date-time, not a date.',
  coerced: 'Kraken reads this value as another value.',
  unknown_field: 'This field is not part of the account import schema.',
  invalid_phone_number: 'The value is not a valid phone number.',
  possible_test_email_address: 'The value looks like a test email address.',
  invalid_postcode: 'The value is not a valid postal code.',
  null_characters_not_allowed: 'Null characters are not allowed.',
  surrogate_characters_not_allowed: 'Surrogate characters are not allowed.',
  metadata_has_duplicate_keys: 'Metadata keys must be unique.',
  note_body_or_document_path_not_found: 'A note needs a body or at least one document path.',
  parse_error: 'The line is not an account.',
  account_import_failed: 'Kraken could not import the account.',
};

/** The detail of a personal-data error, without its value. */
function sentenceFor(code: string): string {
  return `${codeSentences[code] ?? 'The value was refused.'} ${redactedMark}`;
}

/** A parse error's detail up to the first quoted text (which may be part of the line), then the mark. */
function redactParseDetail(detail: string): string {
  const quote = detail.search(/["'`]/);
  if (quote < 0) return detail;
  return `${detail.slice(0, quote).trimEnd()} ${redactedMark}`;
}

/** One error without personal data: ids, attr and code kept; the detail kept only when it cannot quote a value. */
export function redactFieldError(error: FieldError, isPersonal: PersonalAttrTest): FieldError {
  if (isPersonal(error.attr)) return { ...error, detail: sentenceFor(error.code) };
  if (error.attr !== undefined && error.attr !== '') return error;
  // Not about one field: the tool's own details stay; free text (Kraken's, a parser's) may quote anything.
  if (toolDetailCodes.has(error.code)) return error;
  if (error.code === 'parse_error') return { ...error, detail: redactParseDetail(error.detail) };
  return { ...error, detail: sentenceFor(error.code) };
}

/** A report line without personal data: every error and warning redacted, every other field kept. */
export function redactResult(result: RecordResult, isPersonal: PersonalAttrTest): RecordResult {
  const redacted: RecordResult = {
    ...result,
    errors: result.errors.map((error) => redactFieldError(error, isPersonal)),
  };
  if (result.warnings !== undefined) {
    redacted.warnings = result.warnings.map((warning) => redactFieldError(warning, isPersonal));
  }
  return redacted;
}
