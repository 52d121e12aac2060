// Opens each input (file, .gz or standard input), picks its reader by format and streams every record in order.
import { access, constants, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { UsageError } from '../core/errors.js';
import { decodeToUtf8, type InputEncoding } from './decode-input.js';
import type { InputRecord, ReadItem } from './input-record.js';
import type { CsvMapping, RelationalMapping } from './load-mapping.js';
import type { ProvenanceBook } from './relational/provenance-book.js';
import { openInputBytes } from './open-input.js';
import type { AccountSchema } from '../validation/account-schema.js';
import { readNdjson, readNdjsonChunks } from './read-ndjson.js';

/** The formats the readers understand. */
export type InputFormat = 'ndjson' | 'csv';

/** How to read the inputs of a run. */
export interface ReadOptions {
  /** Overrides detection by extension; required for standard input. */
  format?: InputFormat;
  mapping?: CsvMapping;
  allowUnknownPaths?: boolean;
  /** The inputs' character encoding when they carry no BOM (default utf-8). */
  encoding?: InputEncoding;
  /** A record longer than this many bytes is an error of its own, skipped unread. */
  maxRecordBytes?: number;
  /** Where `-` reads from (given only when an input is `-`). */
  stdin?: Readable | undefined;
  /** A relational export to assemble (then there are no input paths). */
  relational?: RelationalMapping;
  /** Where the origins of assembled accounts are kept until their results are written. */
  provenance?: ProvenanceBook;
  /** Where a relational export's sort spills its runs (default: the system's temporary folder). */
  tempDir?: string;
  /** The account schema whose types CSV cells are converted to (the built-in one by default). */
  schema?: AccountSchema;
}

/** Options of readItems: NDJSON may be left unparsed, in chunks of lines, for a worker thread to parse. */
export interface ReadItemsOptions extends ReadOptions {
  deferParse?: boolean;
}

/** Returns the format of an input from its name (`.ndjson`, `.jsonl`, `.csv`, each optionally `.gz`). */
export function detectFormat(path: string, override: InputFormat | undefined): InputFormat {
  if (override !== undefined) return override;
  if (path === '-') throw new UsageError('reading standard input needs --input-format ndjson|csv');
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'ndjson';
  if (name.endsWith('.csv')) return 'csv';
  throw new UsageError(
    `${path}: cannot tell the format from the extension; use .ndjson, .jsonl or .csv, or --input-format`,
  );
}

/** Checks before anything is read that every input exists, is readable and has a known format. */
export async function checkInputs(paths: readonly string[], options: Pick<ReadOptions, 'format'>): Promise<void> {
  if (paths.length === 0) {
    throw new UsageError(
      'no input files given: name the export files, or the mapping of a relational export (--mapping export.yaml)',
    );
  }
  if (paths.filter((path) => path === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  for (const path of paths) {
    detectFormat(path, options.format);
    if (path === '-') continue;
    try {
      await access(path, constants.R_OK);
    } catch (error) {
      throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    if ((await stat(path)).isDirectory()) {
      throw new UsageError(`${path} is a folder: name the export files in it (e.g. ${path}/*.ndjson)`);
    }
  }
}

/** Streams the records of every input, one file after another, in file order. */
export function readRecords(paths: readonly string[], options: ReadOptions): AsyncGenerator<InputRecord> {
  return readItems(paths, { ...options, deferParse: false }) as AsyncGenerator<InputRecord>;
}

/** Like readRecords, but NDJSON comes as unparsed chunks of lines when `deferParse` is set. */
export async function* readItems(paths: readonly string[], options: ReadItemsOptions): AsyncGenerator<ReadItem> {
  if (options.relational !== undefined) {
    // The CSV readers (csv-parse) are loaded for CSV inputs only: an NDJSON run starts without them.
    const { readRelational } = await import('./relational/read-relational.js');
    const relationalOptions = {
      allowUnknownPaths: options.allowUnknownPaths,
      encoding: options.encoding,
      maxRecordBytes: options.maxRecordBytes,
      tempDir: options.tempDir,
      schema: options.schema,
    };
    for await (const { origins, ...record } of readRelational(options.relational, relationalOptions)) {
      options.provenance?.keep(record.source, record.line, origins);
      yield record;
    }
    return;
  }
  for (const path of paths) {
    const format = detectFormat(path, options.format);
    // The NDJSON chunker copies what it keeps, so an NDJSON file may be read into one buffer again and again.
    const input = openInputBytes(path, options.stdin, format !== 'csv');
    const maxRecordBytes = options.maxRecordBytes;
    // Readers get UTF-8 bytes: a BOM or --encoding transcodes, plain UTF-8 passes as it is.
    const bytes = decodeToUtf8(input.bytes, options.encoding ?? 'utf-8');
    try {
      if (format === 'csv') {
        const csvOptions = {
          mapping: options.mapping,
          allowUnknownPaths: options.allowUnknownPaths,
          maxRecordBytes,
          schema: options.schema,
        };
        const { readCsv } = await import('./read-csv.js');
        yield* readCsv(Readable.from(bytes, { objectMode: false }), path, csvOptions);
      } else if (options.deferParse === true) {
        yield* readNdjsonChunks(bytes, path, { maxRecordBytes });
      } else {
        yield* readNdjson(bytes, path, { maxRecordBytes });
      }
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`${path}: reading stopped: ${(error as Error).message}`);
    } finally {
      await input.close();
    }
  }
}
