// Reads a relational export (`--mapping export.yaml`): every table once, sorted by account key out of core, then
// joined account by account into assembled records. Memory holds one table's sort budget and one account at a time.
import type { AccountSchema } from '../../validation/account-schema.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { decodeToUtf8, type InputEncoding } from '../decode-input.js';
import type { ChildMapping, RelationalMapping, TableMapping } from '../load-mapping.js';
import { openInput } from '../open-input.js';
import { Assembler, type AssembledRecord } from './assemble.js';
import { readCsvRows, type CsvRow } from './csv-rows.js';
import { ExternalSorter, type KeyedRow, type RowGroup } from './sort-rows.js';
import { keyOf, keySeparator, planTable, type TablePlan } from './table-plan.js';

/** How to read a relational export. */
export interface RelationalReadOptions {
  allowUnknownPaths?: boolean;
  /** The account schema whose types cells are converted to (the built-in one by default). */
  schema?: AccountSchema | undefined;
  encoding?: InputEncoding;
  maxRecordBytes?: number;
  /** Where sorted runs are spilled (default: the system's temporary folder). */
  tempDir?: string;
  /** Rows a table may hold in memory before they are spilled, in estimated bytes (default 32 MiB). */
  sortBudgetBytes?: number;
  /** Read only the rows of this account key (`mapping explain`): nothing else is kept or sorted. */
  onlyKey?: string;
}

/** What reading found about each table, for people. */
export interface TableStats {
  name: string;
  source: string;
  rows: number;
  sortedInput: boolean;
  runs: number;
}

const defaultBudget = 32 * 1024 * 1024;

/** Every table of a mapping: the root, then each child after its parent. */
export function tablesOf(mapping: RelationalMapping): (TableMapping | ChildMapping)[] {
  return [mapping.root, ...mapping.children];
}

/** Reads just the header of a table's file (for `mapping check`); a UsageError when it cannot be read. */
export async function readHeader(table: TableMapping, options: RelationalReadOptions = {}): Promise<string[]> {
  const input = openInput(table.file);
  try {
    const bytes = decodeToUtf8(input as AsyncIterable<Buffer>, options.encoding ?? 'utf-8');
    for await (const batch of readCsvRows(bytes, table.file, options.maxRecordBytes ?? Number.MAX_SAFE_INTEGER)) {
      const problem = batch.problems[0];
      if (problem !== undefined && batch.header === undefined) {
        throw new UsageError(`${table.file} line ${problem.line} (the header): ${problem.error.detail}`);
      }
      if (batch.header !== undefined) return batch.header;
    }
    throw new UsageError(`${table.file} is empty: it needs at least a header row`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `cannot read ${table.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  } finally {
    input.destroy();
  }
}

/** A row with its account key; a line whose cell count is not the header's keeps its key but fails. */
function keyedRow(row: CsvRow, rootIndexes: readonly number[], headerLength: number, source: string): KeyedRow {
  if (row.cells !== undefined) {
    if (row.cells.length === headerLength)
      return { key: keyOf(row.cells, rootIndexes), line: row.line, cells: row.cells };
    const detail = `Row has ${row.cells.length} cells but the header of ${source} has ${headerLength}.`;
    const key = row.cells.length > Math.max(...rootIndexes) ? keyOf(row.cells, rootIndexes) : '';
    return { key, line: row.line, cells: row.cells, error: { code: 'parse_error', detail } };
  }
  const text = row.text ?? '';
  // One pass over the commas: the key cells, and the number of cells.
  const parts: string[] = [];
  let field = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf(',', start);
    const at = rootIndexes.indexOf(field);
    if (at !== -1) parts[at] = text.slice(start, end === -1 ? text.length : end).trim();
    field += 1;
    if (end === -1) break;
    start = end + 1;
  }
  const key = parts.length === rootIndexes.length ? parts.join(keySeparator) : '';
  if (field === headerLength) return { key, line: row.line, text };
  const detail = `Row has ${field} cells but the header of ${source} has ${headerLength}.`;
  return { key, line: row.line, text, error: { code: 'parse_error', detail } };
}

/** Reads one table into a sorter: each row keyed by its account key; unreadable rows keep their error. */
async function sortTable(
  table: TableMapping | ChildMapping,
  rootKeyLength: number,
  sorter: ExternalSorter,
  options: RelationalReadOptions,
): Promise<{ plan: TablePlan; rows: number }> {
  const input = openInput(table.file);
  let plan: TablePlan | undefined;
  let rows = 0;
  try {
    const bytes = decodeToUtf8(input as AsyncIterable<Buffer>, options.encoding ?? 'utf-8');
    for await (const batch of readCsvRows(bytes, table.file, options.maxRecordBytes ?? Number.MAX_SAFE_INTEGER)) {
      if (plan === undefined) {
        const problem = batch.problems[0];
        if (problem !== undefined && (batch.header === undefined || problem.line === 1)) {
          throw new UsageError(`${table.file} line ${problem.line} (the header): ${problem.error.detail}`);
        }
        if (batch.header === undefined) continue;
        plan = planTable(table, batch.header, rootKeyLength, options.allowUnknownPaths ?? false, options.schema);
      }
      const rootIndexes = plan.keyIndexes.slice(0, rootKeyLength);
      const keyed: KeyedRow[] = [];
      let row = 0;
      let problem = 0;
      // Rows and problems each come in line order: merge them so that the sorter sees lines in order.
      while (row < batch.rows.length || problem < batch.problems.length) {
        const nextRow = batch.rows[row];
        const nextProblem = batch.problems[problem];
        if (nextRow !== undefined && (nextProblem === undefined || nextRow.line < nextProblem.line)) {
          const read = keyedRow(nextRow, rootIndexes, plan.header.length, table.file);
          if (options.onlyKey === undefined || read.key === options.onlyKey) keyed.push(read);
          row += 1;
        } else if (nextProblem !== undefined) {
          const cells = nextProblem.cells ?? [];
          const key = cells.length > Math.max(...rootIndexes) ? keyOf(cells, rootIndexes) : '';
          if (options.onlyKey === undefined || key === options.onlyKey) {
            keyed.push({ key, line: nextProblem.line, cells, error: nextProblem.error });
          }
          problem += 1;
        }
      }
      rows += keyed.length;
      await sorter.add(keyed);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `${table.file}: reading stopped: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  } finally {
    input.destroy();
  }
  if (plan === undefined) throw new UsageError(`${table.file} is empty: it needs at least a header row`);
  return { plan, rows };
}

/**
 * Streams the assembled accounts of a relational export, in account-key order, then the findings that belong to no
 * account (orphans, rows without a key) with them. Calls `onTables` once every table is sorted.
 */
export async function* readRelational(
  mapping: RelationalMapping,
  options: RelationalReadOptions = {},
  onTables?: (stats: TableStats[]) => void,
): AsyncGenerator<AssembledRecord> {
  const folder = await mkdtemp(join(options.tempDir ?? tmpdir(), 'kraken-import-sort-'));
  try {
    const tables = tablesOf(mapping);
    const rootKeyLength = mapping.root.key.length;
    const budget = options.sortBudgetBytes ?? defaultBudget;
    const plans: TablePlan[] = [];
    const sorters: ExternalSorter[] = [];
    const stats: TableStats[] = [];
    let heldBytes = 0;
    for (const [index, table] of tables.entries()) {
      const sorter = new ExternalSorter(folder, `${index}`, budget);
      const { plan, rows } = await sortTable(table, rootKeyLength, sorter, options);
      // Small tables stay in memory while they fit the budget together; the others go to disk whole.
      if (sorter.runCount > 0 || heldBytes + sorter.heldBytes > budget) await sorter.spill();
      else heldBytes += sorter.heldBytes;
      plans.push(plan);
      sorters.push(sorter);
      stats.push({
        name: table.name,
        source: table.file,
        rows,
        sortedInput: sorter.sortedInput,
        runs: sorter.runCount,
      });
    }
    onTables?.(stats);
    const assembler = new Assembler(plans);
    const streams = sorters.map((sorter) => sorter.groups());
    const next = async (stream: AsyncGenerator<RowGroup, void> | undefined): Promise<RowGroup | undefined> => {
      const step = await stream?.next();
      return step === undefined || step.done === true ? undefined : step.value;
    };
    const heads = await Promise.all(streams.map(next));
    for (;;) {
      let key: string | undefined;
      for (const head of heads) if (head !== undefined && (key === undefined || head.key < key)) key = head.key;
      if (key === undefined) break;
      const groups = heads.map((head) => (head?.key === key ? head : undefined));
      yield* assembler.assemble(key, groups);
      for (const [index, head] of heads.entries()) {
        if (head?.key !== key) continue;
        heads[index] = await next(streams[index]);
      }
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
