// `mapping check`: finds what is wrong with a mapping before any data is read: paths the account schema does not
// know, types that cannot hold, columns the files lack, columns the files have that nothing maps.
import { builtInAccountSchema, type AccountSchema } from '../../validation/account-schema.js';
import { UsageError } from '../../core/errors.js';
import { forbiddenSegments, schemaTypeAt, type PathType } from '../../validation/schema-paths.js';
import type { ChildMapping, CsvMapping, LoadedMapping, MappedValue, TableMapping } from '../load-mapping.js';
import { readHeader } from './read-relational.js';
import { tablesOf } from './tables.js';
import { elementPrefix } from './table-plan.js';

/** One problem of a mapping: where in the mapping file, a stable code, and a sentence. */
export interface MappingFinding {
  /** The mapping key it is about: `children.customers.columns.EMAIL_ADDR`. */
  at: string;
  code: string;
  detail: string;
}

const scalarTypes = new Set<PathType>(['string', 'integer', 'number', 'boolean']);

function valueFits(value: MappedValue, type: PathType): boolean {
  if (type === 'any') return true;
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  if (type === 'number') return typeof value === 'number';
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'string') return typeof value === 'string';
  return false;
}

/** What a lint reads paths against: the account schema, and whether paths it lacks are allowed. */
interface LintContext {
  allowUnknownPaths: boolean;
  schema: AccountSchema;
}

/** Checks one path of the mapping against the schema: it must exist and, for a cell or constant, be a value. */
function checkPath(
  findings: MappingFinding[],
  at: string,
  fullPath: string,
  usage: 'column' | 'constant',
  lint: LintContext,
): PathType | undefined {
  const bad = fullPath.split('.').find((segment) => segment === '' || forbiddenSegments.has(segment));
  if (bad !== undefined) {
    findings.push({ at, code: 'invalid_path', detail: `"${fullPath}" is not a payload path.` });
    return undefined;
  }
  const type = schemaTypeAt(lint.schema, fullPath);
  if (type === undefined) {
    if (!lint.allowUnknownPaths) {
      findings.push({ at, code: 'unknown_path', detail: `"${fullPath}" is not a field of the account schema.` });
    }
    return undefined;
  }
  if (type === 'object' || type === 'array') {
    const what = usage === 'column' ? 'a column' : 'a constant';
    findings.push({
      at,
      code: 'type_mismatch',
      detail: `"${fullPath}" is ${type === 'object' ? 'an object' : 'a list'} in the schema, which ${what} cannot fill.`,
    });
    return undefined;
  }
  return type;
}

/** A child's path must be a list of the schema. */
function checkListPath(findings: MappingFinding[], lint: LintContext, at: string, path: string): void {
  const type = schemaTypeAt(lint.schema, path);
  if (type === undefined) {
    findings.push({ at, code: 'unknown_path', detail: `"${path}" is not a field of the account schema.` });
  } else if (type !== 'array' && type !== 'any') {
    findings.push({
      at,
      code: 'type_mismatch',
      detail: `"${path}" is not a list in the schema: child rows fill lists.`,
    });
  }
}

function checkOverlaps(findings: MappingFinding[], at: string, paths: readonly string[]): void {
  const sorted = [...paths].sort();
  for (let index = 1; index < sorted.length; index += 1) {
    const previous = sorted[index - 1] ?? '';
    const current = sorted[index] ?? '';
    if (current === previous) {
      findings.push({ at, code: 'overlap', detail: `two columns or constants write to "${current}".` });
    } else if (current.startsWith(`${previous}.`)) {
      findings.push({ at, code: 'overlap', detail: `"${previous}" and "${current}": one contains the other.` });
    }
  }
}

/** Lints one table: its paths and types, and its columns against its file's header. */
async function lintTable(
  findings: MappingFinding[],
  table: TableMapping | ChildMapping,
  lint: LintContext,
): Promise<void> {
  const child = 'parent' in table ? table : undefined;
  const base = child === undefined ? 'root' : `children.${child.name}`;
  const prefix = elementPrefix(child);
  const full = (path: string) => (prefix === '' ? path : `${prefix}.${path}`);
  if (child !== undefined) checkListPath(findings, lint, `${base}.path`, child.path.replaceAll('*', '0'));
  const written: string[] = [];
  for (const [column, paths] of Object.entries(table.columns)) {
    for (const path of paths) {
      written.push(path);
      const at = `${base}.columns.${column}`;
      const type = checkPath(findings, at, full(path), 'column', lint);
      const declared = Object.hasOwn(table.types, column) ? table.types[column] : undefined;
      if (type !== undefined && declared !== undefined && type !== 'any' && declared !== type) {
        const fits = type === 'number' && declared === 'integer';
        if (!fits) {
          findings.push({
            at: `${base}.types.${column}`,
            code: 'type_mismatch',
            detail: `"${column}" is converted to ${declared}, but the schema wants ${type} at "${full(path)}".`,
          });
        }
      }
      const values = Object.hasOwn(table.values, column) ? table.values[column] : undefined;
      for (const [from, to] of Object.entries(values ?? {})) {
        if (type === undefined || to === null || !scalarTypes.has(type) || typeof to === 'string') continue;
        if (!valueFits(to, type)) {
          findings.push({
            at: `${base}.values.${column}.${from}`,
            code: 'type_mismatch',
            detail: `${JSON.stringify(to)} does not fit "${full(path)}", which wants ${type}.`,
          });
        }
      }
    }
  }
  for (const column of Object.keys(table.values)) {
    if (!Object.hasOwn(table.columns, column)) {
      findings.push({
        at: `${base}.values.${column}`,
        code: 'unused_value_table',
        detail: `"${column}" is not a mapped column of ${table.name}, so this value table is never used.`,
      });
    }
  }
  for (const [path, value] of Object.entries(table.constants)) {
    written.push(path);
    const type = checkPath(findings, `${base}.constants.${path}`, full(path), 'constant', lint);
    if (type !== undefined && !valueFits(value, type)) {
      findings.push({
        at: `${base}.constants.${path}`,
        code: 'type_mismatch',
        detail: `${JSON.stringify(value)} does not fit "${full(path)}", which wants ${type}.`,
      });
    }
  }
  checkOverlaps(findings, `${base}.columns`, written);
  let header: string[];
  try {
    header = await readHeader(table);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    findings.push({ at: `${base}.file`, code: 'unreadable_file', detail: error.message });
    return;
  }
  const named: [string, string][] = [
    ...Object.keys(table.columns).map((column): [string, string] => [column, `${base}.columns.${column}`]),
    ...table.key.map((column): [string, string] => [column, `${base}.key`]),
    ...(child?.id ?? []).map((column): [string, string] => [column, `${base}.id`]),
    ...(child?.orderBy === undefined ? [] : [[child.orderBy, `${base}.order_by`] as [string, string]]),
    ...Object.keys(table.types).map((column): [string, string] => [column, `${base}.types.${column}`]),
  ];
  for (const [column, at] of named) {
    if (!header.includes(column)) {
      findings.push({ at, code: 'missing_column', detail: `${table.file} has no column "${column}".` });
    }
  }
  const used = new Set(named.map(([column]) => column).concat(table.ignore));
  for (const column of header) {
    if (column !== '' && !used.has(column)) {
      findings.push({
        at: `${base}.columns`,
        code: 'unmapped_column',
        detail: `${table.file} has a column "${column}" that is neither mapped, a key nor ignored: its data is left out.`,
      });
    }
  }
}

/** Lints a one-file mapping: its paths and types (there is no file to compare its columns with). */
function lintFlat(findings: MappingFinding[], mapping: CsvMapping, lint: LintContext): void {
  const written: string[] = [];
  for (const [column, mapped] of Object.entries(mapping.columns)) {
    for (const path of Array.isArray(mapped) ? mapped : [mapped]) {
      written.push(path);
      checkPath(findings, `columns.${column}`, path, 'column', lint);
    }
  }
  for (const [path, value] of Object.entries(mapping.constants)) {
    written.push(path);
    const type = checkPath(findings, `constants.${path}`, path, 'constant', lint);
    if (type !== undefined && !valueFits(value, type)) {
      findings.push({
        at: `constants.${path}`,
        code: 'type_mismatch',
        detail: `${JSON.stringify(value)} does not fit "${path}", which wants ${type}.`,
      });
    }
  }
  checkOverlaps(findings, 'columns', written);
}

/** Every finding about a mapping, in the order of the mapping's tables (paths read in `schema`, the built-in one by
 * default). */
export async function lintMapping(
  loaded: LoadedMapping,
  allowUnknownPaths = false,
  schema: AccountSchema = builtInAccountSchema(),
): Promise<MappingFinding[]> {
  const findings: MappingFinding[] = [];
  const lint: LintContext = { allowUnknownPaths, schema };
  if (loaded.kind === 'flat') {
    lintFlat(findings, loaded.mapping, lint);
    return findings;
  }
  for (const table of tablesOf(loaded.mapping)) await lintTable(findings, table, lint);
  return findings;
}
