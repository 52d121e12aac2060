// Compiles one table of a relational mapping against its file's header: where each column goes, its type, the key.
import { builtInAccountSchema, type AccountSchema } from '../../validation/account-schema.js';
import { UsageError } from '../../core/errors.js';
import type { JsonObject } from '../../core/json.js';
import type { PathType } from '../../validation/schema-paths.js';
import type { ChildMapping, MappedValue, TableMapping } from '../load-mapping.js';
import { compactLists, convertCell, planPath } from '../read-csv.js';

/** Where one column's cells go. */
export interface CellPlan {
  index: number;
  column: string;
  /** Path from the element (a child) or the account (the root). */
  path: string;
  segments: (string | number)[];
  type: PathType;
  values: Record<string, MappedValue | null> | undefined;
}

/** A table compiled against its header. */
export interface TablePlan {
  table: TableMapping | ChildMapping;
  /** The file as named in reports. */
  source: string;
  header: string[];
  cells: CellPlan[];
  constants: { path: string; segments: (string | number)[]; value: MappedValue }[];
  /** Header indexes of the key columns (for a child: the parent's identity), then of the id columns. */
  keyIndexes: number[];
  idIndexes: number[];
  /** How many leading key columns are the account's key. */
  rootKeyLength: number;
  orderIndex: number | undefined;
  orderNumeric: boolean;
  /** Path in the element → the column it came from (for naming columns in errors and explain). */
  columnOf: Map<string, string>;
  /** Columns of the file that the mapping neither maps, ignores nor uses as a key. */
  unmapped: string[];
}

/** The path of one element of a child's list, from the account, with 0 for every index (for the schema's types). */
export function elementPrefix(child: ChildMapping | undefined): string {
  if (child === undefined) return '';
  return `${child.path.replaceAll('*', '0')}.0`;
}

function indexOf(header: readonly string[], column: string, what: string, where: string): number {
  const index = header.indexOf(column);
  if (index === -1) throw new UsageError(`${where}: the ${what} column "${column}" is not in the header`);
  return index;
}

/** Compiles a table's mapping against the header of its file; refuses columns the header lacks. */
export function planTable(
  table: TableMapping | ChildMapping,
  header: readonly string[],
  rootKeyLength: number,
  allowUnknownPaths: boolean,
  schema: AccountSchema = builtInAccountSchema(),
): TablePlan {
  const child = 'parent' in table ? table : undefined;
  const where = `${table.file} line 1`;
  const prefix = elementPrefix(child);
  const full = (path: string) => (prefix === '' ? path : `${prefix}.${path}`);
  const relative = (path: string, label: string) => {
    planPath(full(path), label, allowUnknownPaths, schema);
    return planPath(path, label, true, schema).segments;
  };
  const cells: CellPlan[] = [];
  const columnOf = new Map<string, string>();
  for (const [column, paths] of Object.entries(table.columns)) {
    const index = indexOf(header, column, 'mapped', where);
    const declared = Object.hasOwn(table.types, column) ? table.types[column] : undefined;
    for (const path of paths) {
      const label = `${where}, column "${column}"`;
      const type = declared ?? planPath(full(path), label, allowUnknownPaths, schema).type;
      const values = Object.hasOwn(table.values, column) ? table.values[column] : undefined;
      cells.push({ index, column, path, segments: relative(path, label), type, values });
      columnOf.set(path, column);
    }
  }
  const constants = Object.entries(table.constants).map(([path, value]) => ({
    path,
    segments: relative(path, `${table.file}: constant`),
    value,
  }));
  const keyIndexes = table.key.map((column) => indexOf(header, column, 'key', where));
  const idIndexes = (child?.id ?? []).map((column) => indexOf(header, column, 'id', where));
  const orderIndex = child?.orderBy === undefined ? undefined : indexOf(header, child.orderBy, 'order_by', where);
  const orderType = child?.orderBy !== undefined ? table.types[child.orderBy] : undefined;
  const used = new Set([...Object.keys(table.columns), ...table.ignore, ...table.key, ...(child?.id ?? [])]);
  if (child?.orderBy !== undefined) used.add(child.orderBy);
  return {
    table,
    source: table.file,
    header: [...header],
    cells,
    constants,
    keyIndexes,
    idIndexes,
    rootKeyLength,
    orderIndex,
    orderNumeric: orderType === 'integer' || orderType === 'number',
    columnOf,
    unmapped: header.filter((column) => column !== '' && !used.has(column)),
  };
}

/** Sets `value` at `segments` under `target`, making the objects and lists on the way. */
function setAt(target: JsonObject, segments: readonly (string | number)[], value: unknown): void {
  let node = target as Record<string | number, unknown>;
  const last = segments.length - 1;
  for (let index = 0; index < last; index += 1) {
    const key = segments[index] as string | number;
    let child = node[key];
    if (typeof child !== 'object' || child === null) {
      child = typeof segments[index + 1] === 'number' ? [] : {};
      node[key] = child;
    }
    node = child as Record<string | number, unknown>;
  }
  if (last >= 0) node[segments[last] as string | number] = value;
}

/** Whether a path puts a value at a list index past 0 (which leaves a hole when the cells before it are empty). */
function mayLeaveHoles(segments: readonly (string | number)[]): boolean {
  return segments.some((segment) => typeof segment === 'number' && segment > 0);
}

const holeCheck = new WeakMap<TablePlan, boolean>();

/** Builds the object one row becomes (an account for the root, an element for a child). */
export function buildElement(plan: TablePlan, cells: readonly string[]): JsonObject {
  const element: JsonObject = {};
  for (const constant of plan.constants) setAt(element, constant.segments, constant.value);
  for (const cell of plan.cells) {
    const text = cells[cell.index] ?? '';
    if (text === '') continue;
    let value: unknown = text;
    if (cell.values !== undefined && Object.hasOwn(cell.values, text)) {
      value = cell.values[text];
      if (value === null) continue;
    }
    if (typeof value === 'string' && cell.type !== 'string') value = convertCell(value, cell.type);
    if (cell.segments.length === 1) element[cell.segments[0] as string] = value;
    else setAt(element, cell.segments, value);
  }
  // Only a path with an index past 0 can leave a hole in a list: then lists are compacted, as a CSV row's are.
  let holes = holeCheck.get(plan);
  if (holes === undefined) {
    holes = [...plan.cells, ...plan.constants].some((item) => mayLeaveHoles(item.segments));
    holeCheck.set(plan, holes);
  }
  return holes ? (compactLists(element) as JsonObject) : element;
}

/** The separator of key parts: a control character no export puts in a key. */
export const keySeparator = '\u0001';

/** The key of a row: the values of the given columns, trimmed, joined. */
export function keyOf(cells: readonly string[], indexes: readonly number[]): string {
  let key = (cells[indexes[0] ?? 0] ?? '').trim();
  for (let at = 1; at < indexes.length; at += 1) key += keySeparator + (cells[indexes[at] ?? 0] ?? '').trim();
  return key;
}

/** Shows a key for people: `ACCT_NO=123, MPAN=9`. */
export function describeKey(columns: readonly string[], key: string): string {
  const parts = key.split(keySeparator);
  return columns.map((column, index) => `${column}=${parts[index] ?? ''}`).join(', ');
}
