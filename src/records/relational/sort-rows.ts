// An external sort of one table's rows by account key: rows are kept in memory up to a budget, then sorted and
// spilled as runs to a private temporary folder; reading merges the runs (k-way) back into groups, one per key.
// The sort is stable: rows of one key come back in the order of their lines.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { FieldError } from '../../core/field-error.js';

/** One row of a table on its way to being joined: its text (a line without quotes) or its cells. */
export interface KeyedRow {
  /** The account key ('' when the row has none, or could not be read). */
  key: string;
  line: number;
  text?: string;
  cells?: string[];
  /** Why the row could not be read (then it may have neither text nor cells). */
  error?: FieldError;
}

/** The cells of a row, split from its text on first use. */
export function cellsOf(row: KeyedRow): string[] {
  row.cells ??= row.text === undefined ? [] : row.text.split(',');
  return row.cells;
}

/** One row as a line of a run: `line,keyLength,key` then the text for a plain row, else JSON. */
function runLine(row: KeyedRow): string {
  if (row.text !== undefined && row.error === undefined) return `${row.line},${row.key.length},${row.key}${row.text}\n`;
  return `${JSON.stringify(row)}\n`;
}

function parseRunLine(line: string): KeyedRow {
  if (line.startsWith('{')) return JSON.parse(line) as KeyedRow;
  const first = line.indexOf(',');
  const second = line.indexOf(',', first + 1);
  const keyEnd = second + 1 + Number(line.slice(first + 1, second));
  return { line: Number(line.slice(0, first)), key: line.slice(second + 1, keyEnd), text: line.slice(keyEnd) };
}

/** All the rows of one table with one account key, in line order. */
export interface RowGroup {
  key: string;
  rows: KeyedRow[];
}

const compareRows = (a: KeyedRow, b: KeyedRow): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function estimateBytes(row: KeyedRow): number {
  let bytes = 96 + row.key.length + (row.text?.length ?? 0);
  for (const cell of row.cells ?? []) bytes += 24 + cell.length;
  return bytes;
}

/** Reads one spilled run back, a chunk of lines at a time. */
class RunReader {
  private rows: KeyedRow[] = [];
  private at = 0;
  private carry = '';
  private done = false;
  private readonly buffer = Buffer.alloc(64 * 1024);

  private constructor(
    private readonly handle: FileHandle,
    readonly order: number,
  ) {}

  static async open(path: string, order: number): Promise<RunReader> {
    const reader = new RunReader(await open(path, 'r'), order);
    await reader.fill();
    return reader;
  }

  get head(): KeyedRow | undefined {
    return this.rows[this.at];
  }

  /** Moves past the head; true when the reader must be filled before its next head. */
  advance(): boolean {
    this.at += 1;
    return this.at >= this.rows.length && !this.done;
  }

  async fill(): Promise<void> {
    this.rows = [];
    this.at = 0;
    while (this.rows.length === 0 && !this.done) {
      const { bytesRead } = await this.handle.read(this.buffer, 0, this.buffer.length, null);
      if (bytesRead === 0) {
        this.done = true;
        if (this.carry !== '') this.rows.push(parseRunLine(this.carry));
        this.carry = '';
        await this.handle.close();
        break;
      }
      const lines = (this.carry + this.buffer.toString('utf8', 0, bytesRead)).split('\n');
      this.carry = lines.pop() ?? '';
      for (const line of lines) this.rows.push(parseRunLine(line));
    }
  }

  async close(): Promise<void> {
    if (!this.done) await this.handle.close();
    this.done = true;
  }
}

/** A binary min-heap of run readers by their head's key, ties by run order (so the merge stays stable). */
class ReaderHeap {
  constructor(private readonly items: RunReader[]) {
    for (let index = Math.floor(items.length / 2) - 1; index >= 0; index -= 1) this.down(index);
  }

  get top(): RunReader | undefined {
    return this.items[0];
  }

  private less(a: RunReader, b: RunReader): boolean {
    const x = a.head?.key ?? '';
    const y = b.head?.key ?? '';
    return x < y || (x === y && a.order < b.order);
  }

  /** Restores order after the top's head changed; removes the top when it has no rows left. */
  fix(): void {
    const top = this.items[0];
    if (top === undefined) return;
    if (top.head === undefined) {
      const last = this.items.pop() as RunReader;
      if (this.items.length === 0) return;
      this.items[0] = last;
    }
    this.down(0);
  }

  private down(start: number): void {
    const items = this.items;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < items.length && this.less(items[left] as RunReader, items[smallest] as RunReader)) smallest = left;
      if (right < items.length && this.less(items[right] as RunReader, items[smallest] as RunReader)) smallest = right;
      if (smallest === index) return;
      [items[index], items[smallest]] = [items[smallest] as RunReader, items[index] as RunReader];
      index = smallest;
    }
  }
}

/** Collects a table's rows; hands them back sorted by key, grouped. */
export class ExternalSorter {
  private buffer: KeyedRow[] = [];
  private bytes = 0;
  private readonly runs: string[] = [];
  /** Whether the rows came in key order (then sorting costs nothing, but a large table is still spilled). */
  sortedInput = true;
  private lastKey = '';

  constructor(
    private readonly folder: string,
    private readonly name: string,
    private readonly budgetBytes: number,
  ) {}

  /** Rows spilled to disk so far, in runs. */
  get runCount(): number {
    return this.runs.length;
  }

  /** Bytes the rows held in memory are estimated to take. */
  get heldBytes(): number {
    return this.bytes;
  }

  /** Adds rows in line order; spills a sorted run when the budget is passed. */
  async add(rows: readonly KeyedRow[]): Promise<void> {
    for (const row of rows) {
      if (row.key < this.lastKey) this.sortedInput = false;
      this.lastKey = row.key;
      this.buffer.push(row);
      this.bytes += estimateBytes(row);
    }
    if (this.bytes > this.budgetBytes) await this.spill();
  }

  /** Sorts what is held and writes it as one run. */
  async spill(): Promise<void> {
    if (this.buffer.length === 0) return;
    const rows = this.buffer.sort(compareRows);
    this.buffer = [];
    this.bytes = 0;
    const path = join(this.folder, `${this.name}-${this.runs.length}.run`);
    const out = createWriteStream(path, { mode: 0o600 });
    let text = '';
    for (const row of rows) {
      text += runLine(row);
      if (text.length > 1 << 20) {
        if (!out.write(text)) await once(out, 'drain');
        text = '';
      }
    }
    out.end(text);
    await once(out, 'close');
    this.runs.push(path);
  }

  /** The sorted groups: straight from memory when nothing was spilled, else a merge of the runs. */
  async *groups(): AsyncGenerator<RowGroup, void> {
    if (this.runs.length === 0) {
      const rows = this.buffer.sort(compareRows);
      this.buffer = [];
      this.bytes = 0;
      let start = 0;
      while (start < rows.length) {
        const key = (rows[start] as KeyedRow).key;
        let end = start + 1;
        while (end < rows.length && (rows[end] as KeyedRow).key === key) end += 1;
        yield { key, rows: rows.slice(start, end) };
        start = end;
      }
      return;
    }
    await this.spill();
    const readers = await Promise.all(this.runs.map((path, order) => RunReader.open(path, order)));
    const heap = new ReaderHeap(readers.filter((reader) => reader.head !== undefined));
    let group: RowGroup | undefined;
    try {
      for (let reader = heap.top; reader !== undefined; reader = heap.top) {
        const key = (reader.head as KeyedRow).key;
        if (group?.key !== key) {
          if (group !== undefined) yield group;
          group = { key, rows: [] };
        }
        // Every row of this key that the run holds in a row, then the heap is fixed once.
        for (let row = reader.head; row?.key === key; row = reader.head) {
          group.rows.push(row);
          if (reader.advance()) await reader.fill();
        }
        heap.fix();
      }
      if (group !== undefined) yield group;
    } finally {
      await Promise.all(readers.map((reader) => reader.close()));
    }
  }
}
