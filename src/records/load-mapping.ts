// Loads a `--mapping` YAML file that turns a legacy CSV export's columns into payload paths.
import { loadYamlFile } from '../config/load-yaml-file.js';

/** Scalar values a mapping can put into a payload. */
export type MappedValue = string | number | boolean;

/** A checked CSV mapping. */
export interface CsvMapping {
  /** Source column → payload path. */
  columns: Record<string, string>;
  /** Payload path → value set on every record. */
  constants: Record<string, MappedValue>;
  /** Payload path → (source value → payload value, or null to leave the field out). */
  values: Record<string, Record<string, MappedValue | null>>;
  /** Source columns to leave out. */
  ignore: string[];
}

/** The mapping used when none is given: every column is already a payload path. */
export const identityMapping: CsvMapping = { columns: {}, constants: {}, values: {}, ignore: [] };

/** Reads and checks a mapping file. */
export async function loadMapping(path: string): Promise<CsvMapping> {
  const raw = (await loadYamlFile(path, 'mapping')) as Partial<CsvMapping>;
  return {
    columns: raw.columns ?? {},
    constants: raw.constants ?? {},
    values: raw.values ?? {},
    ignore: raw.ignore ?? [],
  };
}
