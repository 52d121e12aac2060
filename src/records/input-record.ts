// The common record type that every reader yields: one account (or one unreadable line) with where it came from.
import type { FieldError } from '../core/field-error.js';
import { isJsonObject, type JsonObject } from '../core/json.js';

/** One record of an input file. */
export interface InputRecord {
  /** The file name as given on the command line (`-` for standard input). */
  source: string;
  /** 1-based physical line in the file where the record starts. */
  line: number;
  /** The last physical line of a record that spans several (a CSV row with a line break in a quoted cell). */
  lastLine?: number;
  /** The account, or undefined when the line or row could not be read. */
  payload: JsonObject | undefined;
  /** Problems found while reading (code `parse_error`); empty for a readable record. */
  errors: FieldError[];
  /** The record was parsed from JSON text without a `\u` escape: none of its strings holds a NUL or a lone surrogate. */
  stringsClean?: boolean;
}

/** Whole lines of an NDJSON file as bytes, not yet parsed, so that parsing can happen on a worker thread. */
export interface NdjsonChunk {
  source: string;
  /** The 1-based line number of the chunk's first line. */
  firstLine: number;
  /** Complete lines, each ending with a newline except perhaps the file's last. */
  bytes: Uint8Array;
  /**
   * The bytes start an ArrayBuffer of their own that nothing else reads: it may move to a worker without a copy, and
   * be given back to `chunkBuffers` once the lines are parsed.
   */
  ownsBuffer?: boolean;
}

/** What the readers yield: a record, or (when asked to defer parsing) a chunk of NDJSON lines. */
export type ReadItem = InputRecord | NdjsonChunk;

/** Tells a chunk of unparsed lines from a record. */
export function isNdjsonChunk(item: ReadItem): item is NdjsonChunk {
  return 'bytes' in item;
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
