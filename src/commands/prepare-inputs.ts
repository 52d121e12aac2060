// The input side shared by validate and push: checks files and mapping up front and says how to read them.
import type { Readable } from 'node:stream';
import { loadMapping } from '../records/load-mapping.js';
import { checkInputs, type InputFormat, type ReadOptions } from '../records/read-records.js';
import type { TenantRules } from '../validation/tenant-rules.js';

/** The input flags of validate and push. */
export interface InputFlags {
  files: string[];
  inputFormat?: InputFormat;
  mapping?: string;
}

/** Loads the mapping and checks every input (usage errors come before any record is read or sent). */
export async function prepareInputs(flags: InputFlags, tenant: TenantRules, stdin: Readable): Promise<ReadOptions> {
  const mapping = flags.mapping === undefined ? undefined : await loadMapping(flags.mapping);
  await checkInputs(flags.files, { format: flags.inputFormat });
  return { format: flags.inputFormat, mapping, allowUnknownPaths: tenant.unknownFields === 'ignore', stdin };
}
