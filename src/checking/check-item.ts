// The local verdict on one item read from an input, without run-wide state: used inline and on worker threads.
import {
  externalAccountNumberOf,
  importSupplierOf,
  isNdjsonChunk,
  type InputRecord,
  type ReadItem,
} from '../records/input-record.js';
import { forEachNdjsonRecord } from '../records/read-ndjson.js';
import type { FieldError } from '../core/field-error.js';
import type { AccountChecker } from '../validation/validate-account.js';
import { isCleanText } from '../validation/check-strings.js';
import { serializeAccount, type AccountJson } from '../core/json.js';
import { leftOutBy, type LeftOut, type RecordSlice } from './record-slice.js';

/** A record after local checking. */
export interface CheckedRecord {
  source: string;
  line: number;
  externalAccountNumber: string | undefined;
  importSupplier: string | undefined;
  /** Every local error; empty when the record may be sent. */
  errors: FieldError[];
  /** What Kraken accepts but a person should know (unknown fields, values read differently under --strict warn). */
  warnings?: FieldError[];
  /**
   * The account as it will be sent (with any supplier override applied, normalized under --normalize), serialized
   * when it was checked: only for a record without errors that the caller will send (`PayloadKeeping`), never from
   * a worker thread.
   */
  payload?: AccountJson;
  /** Set when the run's slice (--shard, --sample) leaves the record out: it was not checked and gets no line. */
  leftOut?: LeftOut;
}

/**
 * Which checked records carry their account on, serialized: those the caller will send (an earlier run's successes
 * are skipped by a resumed push, so serializing them would be wasted). Left out: none.
 */
export type PayloadKeeping = (checked: CheckedRecord) => boolean;

/** How to check one item: the checker, the supplier that replaces the record's own, the run's slice, what to keep. */
export interface ItemCheck {
  checkAccount: AccountChecker;
  importSupplier: string | undefined;
  /** The part of the input the run takes: a record outside it is not checked. */
  slice?: RecordSlice | undefined;
  keepPayload?: PayloadKeeping | undefined;
}

/** Checks one record. */
export function checkRecord(record: InputRecord, check: ItemCheck): CheckedRecord {
  const { checkAccount, importSupplier, slice, keepPayload } = check;
  const checked: CheckedRecord = {
    source: record.source,
    line: record.line,
    externalAccountNumber: externalAccountNumberOf(record),
    importSupplier: importSupplier ?? importSupplierOf(record),
    errors: record.errors,
  };
  const leftOut = slice === undefined ? undefined : leftOutBy(checked, slice);
  if (leftOut !== undefined) return { ...checked, errors: [], leftOut };
  if (record.payload === undefined) return checked;
  if (importSupplier !== undefined) record.payload['import_supplier'] = importSupplier;
  // A supplier given by flag or config replaces the record's own: it must be clean too.
  const stringsClean = record.stringsClean === true && (importSupplier === undefined || isCleanText(importSupplier));
  const verdict = checkAccount(record.payload, { stringsClean });
  // Problems found while reading (an assembled account's orphans, say) come first, then the account's own.
  checked.errors = [...record.errors, ...verdict.errors];
  if (verdict.warnings.length > 0) checked.warnings = verdict.warnings;
  // With --normalize, what is sent is the account as the server reads it. A record with errors is never sent (and one
  // nested too deep for the checks is too deep for JSON.stringify too).
  if (checked.errors.length === 0 && keepPayload?.(checked) === true) {
    checked.payload = serializeAccount(verdict.normalized ?? record.payload);
  }
  return checked;
}

/** Parses (when it is a chunk of lines) and checks an item, returning one result per record. */
export function checkItem(item: ReadItem, check: ItemCheck): CheckedRecord[] {
  if (!isNdjsonChunk(item)) return [checkRecord(item, check)];
  // Each account is checked as soon as it is parsed and let go of at once: a kept one goes on as JSON text.
  const results: CheckedRecord[] = [];
  forEachNdjsonRecord(item, (record) => results.push(checkRecord(record, check)));
  return results;
}
