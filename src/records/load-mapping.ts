// Loads a `--mapping` YAML file: either the columns of one CSV file (one row per account), or a relational export,
// where a root table (one row per account) and child tables joined to it by key columns assemble each account.
import { dirname, join } from 'node:path';
import { UsageError } from '../core/errors.js';

/** Scalar values a mapping can put into a payload. */
export type MappedValue = string | number | boolean;

/** The types a column's cells can be converted to, instead of what the schema wants at its path. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean';

/** A checked mapping of one CSV file with one row per account. */
export interface CsvMapping {
  /** Source column → payload path (or paths). */
  columns: Record<string, string | string[]>;
  /** Payload path → value set on every record. */
  constants: Record<string, MappedValue>;
  /** Payload path → (source value → payload value, or null to leave the field out). */
  values: Record<string, Record<string, MappedValue | null>>;
  /** Source column → type of its cells (default: the schema's type at the column's path). */
  types?: Record<string, ColumnType>;
  /** Source columns to leave out. */
  ignore: string[];
}

/** One table of a relational export. */
export interface TableMapping {
  /** `root`, or the child's name in the mapping. */
  name: string;
  /** The file as read: the mapping's folder joined with the file named in it. */
  file: string;
  /** Source column → paths (from the account for the root, from the element for a child). */
  columns: Record<string, string[]>;
  /** Path → value set on every record or element. */
  constants: Record<string, MappedValue>;
  /** Source column → (source value → payload value, or null to leave the field out). */
  values: Record<string, Record<string, MappedValue | null>>;
  types: Record<string, ColumnType>;
  ignore: string[];
  /** Root: the account's key columns. Child: the columns that match the parent's identity, in order. */
  key: string[];
}

/** A child table: its rows become elements of a list under the account or under an element of another child. */
export interface ChildMapping extends TableMapping {
  /** `root` or the name of another child. */
  parent: string;
  /** The list's path from the account, with one `*` per level of child parents. */
  path: string;
  /** The list's path from the parent element (the part after the last `*.`). */
  relativePath: string;
  /** Columns that tell this table's elements apart under one parent (for the tables below it). */
  id: string[];
  orderBy: string | undefined;
  required: boolean;
}

/** A relational export: the root table, then its children, each after its parent. */
export interface RelationalMapping {
  /** The mapping file as given. */
  path: string;
  root: TableMapping;
  children: ChildMapping[];
}

/** What a mapping file holds. */
export type LoadedMapping = { kind: 'flat'; mapping: CsvMapping } | { kind: 'relational'; mapping: RelationalMapping };

/** The mapping used when none is given: every column is already a payload path. */
export const identityMapping: CsvMapping = { columns: {}, constants: {}, values: {}, ignore: [] };

interface RawTable {
  file: string;
  key: string | string[];
  columns?: Record<string, string | string[]>;
  constants?: Record<string, MappedValue>;
  values?: Record<string, Record<string, MappedValue | null>>;
  types?: Record<string, ColumnType>;
  ignore?: string[];
}

interface RawChild extends RawTable {
  path: string;
  parent?: string;
  id?: string | string[];
  order_by?: string;
  required?: boolean;
}

interface RawMapping extends Partial<CsvMapping> {
  root?: RawTable;
  children?: Record<string, RawChild>;
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function table(name: string, raw: RawTable, folder: string): TableMapping {
  const columns: Record<string, string[]> = {};
  for (const [column, paths] of Object.entries(raw.columns ?? {})) columns[column] = list(paths);
  return {
    name,
    file: join(folder, raw.file),
    columns,
    constants: raw.constants ?? {},
    values: raw.values ?? {},
    types: raw.types ?? {},
    ignore: raw.ignore ?? [],
    key: list(raw.key),
  };
}

/** Orders the children so that each comes after its parent, and checks parents, paths and keys agree. */
function orderChildren(
  path: string,
  root: TableMapping,
  raw: Record<string, RawChild>,
  folder: string,
): ChildMapping[] {
  const byName = new Map<string, ChildMapping>();
  for (const [name, child] of Object.entries(raw)) {
    if (name === 'root') throw new UsageError(`${path}: children.root: "root" names the account table; rename it`);
    const pathStars = child.path.split('.').filter((segment) => segment === '*').length;
    const relativePath = child.path.split('.*.').at(-1) ?? child.path;
    byName.set(name, {
      ...table(name, child, folder),
      parent: child.parent ?? 'root',
      path: child.path,
      relativePath: pathStars === 0 ? child.path : relativePath,
      id: list(child.id),
      orderBy: child.order_by,
      required: child.required ?? false,
    });
  }
  const ordered: ChildMapping[] = [];
  const placed = new Set<string>(['root']);
  const identityLength = new Map<string, number>([['root', root.key.length]]);
  while (ordered.length < byName.size) {
    const ready = [...byName.values()].filter((child) => !placed.has(child.name) && placed.has(child.parent));
    if (ready.length === 0) {
      const stuck = [...byName.values()].find((child) => !placed.has(child.name));
      const parent = stuck?.parent ?? '';
      const why = byName.has(parent) ? 'the parents form a loop' : `there is no child named "${parent}"`;
      throw new UsageError(`${path}: children.${stuck?.name ?? ''}.parent: ${why}`);
    }
    for (const child of ready) {
      const where = `${path}: children.${child.name}`;
      const parentLength = identityLength.get(child.parent) ?? 0;
      if (child.key.length !== parentLength) {
        const parentName = child.parent === 'root' ? 'the account (root.key)' : `${child.parent} (its key and id)`;
        throw new UsageError(
          `${where}.key: ${child.key.length} column(s), but ${parentName} is identified by ${parentLength}`,
        );
      }
      const parent = byName.get(child.parent);
      const stars = child.path.split('.').filter((segment) => segment === '*').length;
      const parentStars = parent === undefined ? -1 : parent.path.split('.').filter((s) => s === '*').length;
      if (parent !== undefined && (stars !== parentStars + 1 || !child.path.startsWith(`${parent.path}.*.`))) {
        throw new UsageError(
          `${where}.path: "${child.path}" must start with its parent's path and a *: "${parent.path}.*."`,
        );
      }
      if (parent === undefined && stars > 0) {
        throw new UsageError(`${where}.path: "${child.path}" has a *, but the parent is the account (give parent:)`);
      }
      identityLength.set(child.name, child.key.length + child.id.length);
      placed.add(child.name);
      ordered.push(child);
    }
  }
  return ordered;
}

/** Reads and checks a mapping file of either kind. */
export async function loadAnyMapping(path: string): Promise<LoadedMapping> {
  // Loaded here, not at start-up: a run without a mapping never needs the YAML parser.
  const { loadYamlFile } = await import('../config/load-yaml-file.js');
  const raw = (await loadYamlFile(path, 'mapping')) as RawMapping;
  if (raw.root === undefined) {
    const flat: CsvMapping = {
      columns: raw.columns ?? {},
      constants: raw.constants ?? {},
      values: raw.values ?? {},
      types: raw.types ?? {},
      ignore: raw.ignore ?? [],
    };
    return { kind: 'flat', mapping: flat };
  }
  const topLevel = (['columns', 'constants', 'values', 'types', 'ignore'] as const).filter(
    (key) => raw[key] !== undefined,
  );
  if (topLevel.length > 0) {
    throw new UsageError(`${path}: ${topLevel.join(', ')} belong under root: (or a child) in a mapping with root:`);
  }
  const folder = dirname(path);
  const root = table('root', raw.root, folder);
  return {
    kind: 'relational',
    mapping: { path, root, children: orderChildren(path, root, raw.children ?? {}, folder) },
  };
}

/** Reads and checks a mapping of one CSV file (a relational mapping is refused here). */
export async function loadMapping(path: string): Promise<CsvMapping> {
  const loaded = await loadAnyMapping(path);
  if (loaded.kind === 'relational') {
    throw new UsageError(`${path} maps a relational export: give it alone (--mapping ${path}) without input files`);
  }
  return loaded.mapping;
}
