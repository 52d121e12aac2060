// --redact on one error: the detail goes when it may quote a personal value; ids, attrs and codes stay.
import { describe, expect, it } from '@jest/globals';
import type { FieldError } from '../../src/core/field-error.js';
import { redactFieldError, redactResult } from '../../src/report/redact.js';

const isPersonal = (attr: string | undefined) => attr !== undefined && /(email|landline|given_name)$/.test(attr);

describe('redactFieldError', () => {
  it.each<[string, FieldError, string]>([
    [
      'a personal field',
      { code: 'invalid_phone_number', attr: 'customers.0.landline', detail: '555-ZELDA is not a valid phone number' },
      'The value is not a valid phone number. [redacted]',
    ],
    [
      'a personal field with an unknown code',
      { code: 'weird', attr: 'customers.0.email', detail: 'zelda@example.com is weird' },
      'The value was refused. [redacted]',
    ],
    [
      'a field without personal data',
      { code: 'ledger_code_does_not_exist', attr: 'ledgers.0.ledger_code', detail: 'Ledger code "X" does not exist.' },
      'Ledger code "X" does not exist.',
    ],
    [
      "the tool's own detail about the record",
      {
        code: 'record_too_large',
        detail: 'Line 3 is longer than 10 bytes (--max-record-bytes); it was skipped unread.',
      },
      'Line 3 is longer than 10 bytes (--max-record-bytes); it was skipped unread.',
    ],
    [
      'a parse error quoting the line',
      { code: 'parse_error', detail: `Line is not valid JSON: Unexpected token 'Z', "{"a": Zelda}" is not valid JSON` },
      'Line is not valid JSON: Unexpected token [redacted]',
    ],
    [
      "Kraken's free text about the record",
      { code: 'account_import_failed', detail: 'Customer Zelda Quimby is already a customer.' },
      'Kraken could not import the account. [redacted]',
    ],
  ])('%s', (_name, error, detail) => {
    const redacted = redactFieldError(error, isPersonal);
    expect(redacted).toEqual({ ...error, detail });
    // Redacting twice changes nothing (a resumed report's lines are redacted again when compacted).
    expect(redactFieldError(redacted, isPersonal)).toEqual(redacted);
  });

  it('redacts errors and warnings of a result and keeps every other field', () => {
    const result = redactResult(
      {
        source: 'a.ndjson',
        line: 2,
        external_account_number: '42',
        outcome: 'invalid',
        errors: [{ code: 'invalid', attr: 'customers.0.email', detail: 'zelda@x' }],
        warnings: [{ code: 'coerced', attr: 'customers.0.given_name', detail: 'Kraken reads 7 as "7".' }],
        kraken_identifier: 'A-1',
      },
      isPersonal,
    );
    expect(result).toEqual({
      source: 'a.ndjson',
      line: 2,
      external_account_number: '42',
      outcome: 'invalid',
      errors: [{ code: 'invalid', attr: 'customers.0.email', detail: 'The value is not valid. [redacted]' }],
      warnings: [
        {
          code: 'coerced',
          attr: 'customers.0.given_name',
          detail: 'Kraken reads this value as another value. [redacted]',
        },
      ],
      kraken_identifier: 'A-1',
    });
  });
});
