// The input side shared by validate and push: checks files and mapping up front and says how to read them.
import type { Readable } from 'node:stream';
import { loadMapping } from '../records/load-mapping.js';
import { checkInputs, type InputFormat, type ReadOptions } from '../records/read-records.js';
import type { LoadedConfig } from '../config/load-config.js';
import { remoteDefaults } from '../config/defaults.js';
import type { InputEncoding } from '../records/decode-input.js';

/** The input flags of validate and push. */
export interface InputFlags {
  files: string[];
  inputFormat?: InputFormat;
  mapping?: string;
  encoding?: InputEncoding;
  maxRecordBytes?: number;
}

/** Loads the mapping, checks every input and settles encoding and record limit (flag > config > default). */
export async function prepareInputs(flags: InputFlags, config: LoadedConfig, stdin: Readable): Promise<ReadOptions> {
  const mapping = flags.mapping === undefined ? undefined : await loadMapping(flags.mapping);
  await checkInputs(flags.files, { format: flags.inputFormat });
  return {
    format: flags.inputFormat,
    mapping,
    allowUnknownPaths: config.tenant.unknownFields === 'ignore',
    encoding: flags.encoding ?? config.values.encoding ?? 'utf-8',
    maxRecordBytes: flags.maxRecordBytes ?? config.values.max_record_bytes ?? remoteDefaults.maxRecordBytes,
    stdin,
  };
}
