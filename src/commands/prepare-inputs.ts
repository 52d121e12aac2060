// The input side shared by validate and push: checks files and mapping up front and says how to read them.
import type { Readable } from 'node:stream';
import { UsageError } from '../core/errors.js';
import type { CsvMapping, LoadedMapping, RelationalMapping } from '../records/load-mapping.js';
import { checkInputs, type InputFormat, type ReadOptions } from '../records/read-records.js';
import { ProvenanceBook } from '../records/relational/provenance-book.js';
import { tablesOf } from '../records/relational/tables.js';
import type { LoadedConfig } from '../config/load-config.js';
import { remoteDefaults } from '../config/defaults.js';
import type { InputEncoding } from '../records/decode-input.js';
import type { RecordResult } from '../report/record-result.js';
import { accountSchemaAt, loadAccountSchemaAside, type AccountSchema } from '../validation/account-schema.js';
import { prepareAccountSchema } from '../validation/validate-account.js';

/** The input flags of validate and push. */
export interface InputFlags {
  files: string[];
  inputFormat?: InputFormat;
  mapping?: string;
  encoding?: InputEncoding;
  maxRecordBytes?: number;
}

/** How a run reads its inputs, and which files they are. */
export interface PreparedInputs extends ReadOptions {
  /** Every file the run reads: the inputs, or a relational export's mapping and tables (its identity for --resume). */
  inputFiles: string[];
  /** The files whose lines count the records, for progress (a relational export: its root table). */
  countedFiles: string[];
  countedFormat: InputFormat | undefined;
}

/**
 * The run's account schema (built-in, or the tenant's: `--schema` > config), compiled under the tenant's supplier
 * settings before any record is read: a setting it does not know is a usage error naming the config file.
 */
export function loadRunSchema(config: LoadedConfig): AccountSchema {
  const schema = accountSchemaAt(config.schemaPath);
  try {
    prepareAccountSchema(config.tenant, schema);
  } catch (error) {
    throw new UsageError(`${config.path ?? 'config'}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return schema;
}

/** Loads a --mapping file (the mapping reader and the CSV reader are loaded with the first mapping only). */
async function loadMapping(path: string): Promise<LoadedMapping> {
  const { loadAnyMapping } = await import('../records/load-mapping.js');
  return loadAnyMapping(path);
}

/**
 * Loads the account schema (built-in, or the tenant's: `--schema` > config) and the mapping, checks every input and
 * settles encoding and record limit (flag > config > default). `stdin` is called only when an input is `-`.
 */
export async function prepareInputs(
  flags: InputFlags,
  config: LoadedConfig,
  stdin: () => Readable,
): Promise<PreparedInputs & { schema: AccountSchema }> {
  if (config.schemaPath !== undefined) await loadAccountSchemaAside(config.schemaPath);
  const schema = loadRunSchema(config);
  const loaded = flags.mapping === undefined ? undefined : await loadMapping(flags.mapping);
  let mapping: CsvMapping | undefined;
  let relational: RelationalMapping | undefined;
  if (loaded?.kind === 'relational') relational = loaded.mapping;
  else mapping = loaded?.mapping;
  if (relational !== undefined) {
    if (flags.files.length > 0) {
      throw new UsageError(
        `${relational.path} names the files of the export itself: leave out ${flags.files.join(' ')} (kraken-import validate --mapping ${relational.path})`,
      );
    }
    if (flags.inputFormat !== undefined) throw new UsageError('--input-format does not apply to a relational mapping');
    await checkInputs(
      tablesOf(relational).map((table) => table.file),
      { format: 'csv' },
    );
  } else {
    await checkInputs(flags.files, { format: flags.inputFormat });
  }
  const tableFiles = relational === undefined ? [] : tablesOf(relational).map((table) => table.file);
  return {
    format: flags.inputFormat,
    mapping,
    relational,
    provenance: relational === undefined ? undefined : new ProvenanceBook(),
    allowUnknownPaths: config.tenant.unknownFields === 'ignore',
    encoding: flags.encoding ?? config.values.encoding ?? 'utf-8',
    maxRecordBytes: flags.maxRecordBytes ?? config.values.max_record_bytes ?? remoteDefaults.maxRecordBytes,
    // Only when an input is `-`: process.stdin is a stream on file descriptor 0, made on first use, that a run of
    // files never needs.
    stdin: flags.files.includes('-') ? stdin() : undefined,
    schema,
    inputFiles: relational === undefined ? flags.files : [relational.path, ...tableFiles],
    countedFiles: relational === undefined ? flags.files : [relational.root.file],
    countedFormat: relational === undefined ? flags.inputFormat : 'csv',
  };
}

/** The locator of a run's results: each error gets the file, line and column of its field, when known. */
export function locator(book: ProvenanceBook | undefined): ((result: RecordResult) => RecordResult) | undefined {
  if (book === undefined) return undefined;
  return (result) => {
    const { errors, warnings } = book.locate(result.source, result.line, result.errors, result.warnings ?? []);
    return result.warnings === undefined ? { ...result, errors } : { ...result, errors, warnings };
  };
}
