// The common record type that every reader yields: one account (or one unreadable line) with where it came from.
import type { FieldError } from '../validation/field-error.js';
import { isJsonObject, type JsonObject } from '../validation/walk.js';

/** One record of an input file. */
export interface InputRecord {
  /** The file name as given on the command line (`-` for standard input). */
  source: string;
  /** 1-based physical line in the file where the record starts. */
  line: number;
  /** The account, or undefined when the line or row could not be read. */
  payload: JsonObject | undefined;
  /** Problems found while reading (code `parse_error`); empty for a readable record. */
  errors: FieldError[];
}

/** Returns the record's external account number when it has a usable one. */
export function externalAccountNumberOf(record: InputRecord): string | undefined {
  const value = record.payload?.['external_account_number'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Returns the record's import supplier when it has one. */
export function importSupplierOf(record: InputRecord): string | undefined {
  const value = record.payload?.['import_supplier'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Builds the record for a line or row that could not be read. */
export function unreadableRecord(source: string, line: number, detail: string): InputRecord {
  return { source, line, payload: undefined, errors: [{ code: 'parse_error', detail }] };
}

/** Builds the record for a parsed JSON value, failing it when it is not an object. */
export function parsedRecord(source: string, line: number, value: unknown): InputRecord {
  if (isJsonObject(value)) return { source, line, payload: value, errors: [] };
  const kind = value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
  return unreadableRecord(source, line, `Expected a JSON object (one account per line) but found ${kind}.`);
}
