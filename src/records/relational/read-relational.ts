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
import { readCsvRows, scanCsvRows, type CsvRow, type CsvRowSink } from './csv-rows.js';
import { ExternalSorter, runReadBytes, type KeyedRow, type RowGroup } from './sort-rows.js';
import { keyOf, keySeparator, planTable, type TablePlan } from './table-plan.js';
import { tablesOf } from './tables.js';

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

const commaByte = 0x2c;

/** A key cell's text, trimmed as keyOf trims. */
function keyCell(data: Buffer, start: number, end: number): string {
  const cell = data.toString('utf8', start, end);
  return end > start && ((data[start] ?? 0) <= 32 || (data[end - 1] ?? 0) <= 32) ? cell.trim() : cell;
}

/**
 * Finds the account key of plain rows in their bytes. A key made of one column is compared with the previous row's
 * in place, so that the rows of one account, usually together, make one string, not one each.
 */
class PlainKeys {
  private readonly last: number;
  private readonly single: number | undefined;
  private previous: { data: Buffer; start: number; end: number; key: string } | undefined;

  constructor(private readonly rootIndexes: readonly number[]) {
    this.last = Math.max(...rootIndexes);
    this.single = rootIndexes.length === 1 ? rootIndexes[0] : undefined;
  }

  /** The key of `data[start, end)`: '' when the row is too short to hold it. */
  keyOf(data: Buffer, start: number, end: number): string {
    if (this.single !== undefined) {
      let from = start;
      for (let field = 0; field < this.single; field += 1) {
        const comma = data.indexOf(commaByte, from);
        if (comma === -1 || comma >= end) return '';
        from = comma + 1;
      }
      let to = data.indexOf(commaByte, from);
      if (to === -1 || to > end) to = end;
      const previous = this.previous;
      if (previous !== undefined && previous.end - previous.start === to - from) {
        let same = true;
        for (let at = 0; at < to - from; at += 1) {
          if (previous.data[previous.start + at] !== data[from + at]) {
            same = false;
            break;
          }
        }
        if (same) return previous.key;
      }
      const key = keyCell(data, from, to);
      this.previous = { data, start: from, end: to, key };
      return key;
    }
    const parts: string[] = new Array<string>(this.rootIndexes.length);
    let from = start;
    for (let field = 0; field <= this.last; field += 1) {
      let to = data.indexOf(commaByte, from);
      if (to === -1 || to > end) to = end;
      const at = this.rootIndexes.indexOf(field);
      if (at !== -1) parts[at] = keyCell(data, from, to);
      if (to === end && field < this.last) return '';
      from = to + 1;
    }
    return parts.join(keySeparator);
  }
}

/** The account key of a row ('' when it has none), for reading a table again (`--rejects`). */
export function accountKeyOfRow(
  row: CsvRow,
  rootIndexes: readonly number[],
  headerLength: number,
  source: string,
): string {
  return keyedRow(row, rootIndexes, headerLength, source).key;
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
  let rootIndexes: number[] = [];
  let keys: PlainKeys | undefined;
  let rows = 0;
  const onlyKey = options.onlyKey;
  const sink: CsvRowSink = {
    plain(line, data, start, end) {
      const key = (keys as PlainKeys).keyOf(data, start, end);
      if (onlyKey !== undefined && key !== onlyKey) return;
      sorter.addPlain(key, line, data, start, end);
      rows += 1;
    },
    batch(batch) {
      if (plan === undefined) {
        const problem = batch.problems[0];
        if (problem !== undefined && (batch.header === undefined || problem.line === 1)) {
          throw new UsageError(`${table.file} line ${problem.line} (the header): ${problem.error.detail}`);
        }
        if (batch.header === undefined) return;
        plan = planTable(table, batch.header, rootKeyLength, options.allowUnknownPaths ?? false, options.schema);
        rootIndexes = plan.keyIndexes.slice(0, rootKeyLength);
        keys = new PlainKeys(rootIndexes);
      }
      const headerLength = plan.header.length;
      let row = 0;
      let problem = 0;
      // Rows and problems each come in line order: merge them so that the sorter sees lines in order.
      while (row < batch.rows.length || problem < batch.problems.length) {
        const nextRow = batch.rows[row];
        const nextProblem = batch.problems[problem];
        let read: KeyedRow;
        if (nextRow !== undefined && (nextProblem === undefined || nextRow.line < nextProblem.line)) {
          read = keyedRow(nextRow, rootIndexes, headerLength, table.file);
          row += 1;
        } else if (nextProblem !== undefined) {
          const cells = nextProblem.cells ?? [];
          const key = cells.length > Math.max(...rootIndexes) ? keyOf(cells, rootIndexes) : '';
          read = { key, line: nextProblem.line, cells, error: nextProblem.error };
          problem += 1;
        } else break;
        if (onlyKey !== undefined && read.key !== onlyKey) continue;
        sorter.addRow(read);
        rows += 1;
      }
    },
    async chunkDone() {
      if (sorter.full) await sorter.spill();
    },
  };
  try {
    const bytes = decodeToUtf8(input as AsyncIterable<Buffer>, options.encoding ?? 'utf-8');
    await scanCsvRows(bytes, table.file, options.maxRecordBytes ?? Number.MAX_SAFE_INTEGER, sink);
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

/** Splits the plain rows of a group into cells; one whose cell count is not the header's fails. */
function splitGroup(group: RowGroup | undefined, plan: TablePlan): void {
  if (group === undefined) return;
  const headerLength = plan.header.length;
  for (const row of group.rows) {
    if (row.cells !== undefined || row.text === undefined) continue;
    const cells = row.text.split(',');
    row.cells = cells;
    if (cells.length !== headerLength && row.error === undefined) {
      const detail = `Row has ${cells.length} cells but the header of ${plan.source} has ${headerLength}.`;
      row.error = { code: 'parse_error', detail };
    }
  }
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
    // Every run is read at once while merging, each with 3 pieces of `readBytes`: together about one sort budget.
    const runs = sorters.reduce((sum, sorter) => sum + sorter.runCount, 0);
    const readBytes = Math.max(16 * 1024, Math.min(runReadBytes, Math.floor(budget / (3 * Math.max(1, runs)))));
    const streams = sorters.map((sorter) => sorter.groups(readBytes));
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
      for (const [index, group] of groups.entries()) splitGroup(group, plans[index] as TablePlan);
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
