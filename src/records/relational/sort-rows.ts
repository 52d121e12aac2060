// An external sort of one table's rows by account key: rows are kept in memory up to a budget, then sorted and
// spilled as runs to a private temporary folder; reading merges the runs (k-way) back into groups, one per key.
// The sort is stable: rows of one key come back in the order of their lines.
//
// It is built to make little garbage, as a table can have tens of millions of rows. A plain row (a line without
// quotes) is held as its place in the bytes read (off the JavaScript heap), not as a string or an object.
// Consecutive rows with the same key form one segment, and segments, not rows, are sorted: an export usually lists
// an account's rows together. Segments that came in key order are not sorted at all. A run is binary: per segment
// its row count and key, each row's line, then the rows' text joined by newlines (JSON for a row that is not
// plain, its line negative), which is read back as one string and split.
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

/** All the rows of one table with one account key, in line order. */
export interface RowGroup {
  key: string;
  rows: KeyedRow[];
}

/** Bytes a held row is estimated to take besides its text, and a segment besides its key. */
const rowOverhead = 24;
const segmentOverhead = 64;
/** Bytes of run file read at a time by each run reader, by default (there is one reader per run while merging). */
export const runReadBytes = 256 * 1024;
/** Bytes of run gathered before they are written. */
const runWriteBytes = 1 << 20;
/** Bytes of a segment's head in a run: its row count, key length and text length. */
const segmentHead = 12;
const newlineCode = 0x0a;

function estimateBytes(row: KeyedRow): number {
  let bytes = 96 + row.key.length + (row.text?.length ?? 0);
  for (const cell of row.cells ?? []) bytes += 24 + cell.length;
  return bytes;
}

/** A growable array of numbers kept off the heap that the collector scans. */
class Numbers<T extends Int32Array | Float64Array> {
  length = 0;
  constructor(
    public items: T,
    private readonly make: (size: number) => T,
  ) {}

  push(value: number): void {
    if (this.length === this.items.length) {
      const grown = this.make(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length] = value;
    this.length += 1;
  }
}

const int32s = (size: number) => new Int32Array(size);
const float64s = (size: number) => new Float64Array(size);

/** Bytes `data[start, end)`. */
interface TextRange {
  data: Buffer;
  start: number;
  end: number;
}

/** Writes a run: fills a buffer; when full, writes it while filling a second one. */
class RunWriter {
  private buffer = Buffer.allocUnsafe(runWriteBytes);
  private spare = Buffer.allocUnsafe(runWriteBytes);
  private at = 0;
  private writing: Promise<void> | undefined;

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<RunWriter> {
    return new RunWriter(await open(path, 'wx', 0o600));
  }

  /** Whether `bytes` more fit without a flush (else `await makeRoom(bytes)` first). */
  fits(bytes: number): boolean {
    return this.at + bytes <= this.buffer.length;
  }

  /** Writes what is gathered, and makes sure `bytes` more fit. */
  async makeRoom(bytes: number): Promise<void> {
    await this.flush();
    if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
  }

  private async writeAll(buffer: Buffer, length: number): Promise<void> {
    let written = 0;
    while (written < length) {
      const { bytesWritten } = await this.handle.write(buffer, written, length - written);
      written += bytesWritten;
    }
  }

  private async flush(): Promise<void> {
    await this.writing;
    this.writing = undefined;
    if (this.at === 0) return;
    const full = this.buffer;
    const write = this.writeAll(full, this.at);
    // Handled when awaited (next flush or close); this keeps a failure from counting as unhandled meanwhile.
    write.catch(() => undefined);
    this.writing = write;
    this.buffer = this.spare;
    this.spare = full;
    this.at = 0;
  }

  /**
   * One segment (call after making room for segmentBytes): its head, the lines (negative for a row given as JSON),
   * then the texts, each a Buffer range, joined by newlines.
   */
  segment(
    key: string,
    keyBytes: number,
    lines: readonly number[],
    texts: readonly TextRange[],
    textBytes: number,
  ): void {
    const buffer = this.buffer;
    let at = this.at;
    buffer.writeUInt32LE(lines.length, at);
    buffer.writeUInt32LE(keyBytes, at + 4);
    buffer.writeUInt32LE(textBytes, at + 8);
    at += segmentHead;
    buffer.write(key, at);
    at += keyBytes;
    for (const line of lines) {
      buffer.writeDoubleLE(line, at);
      at += 8;
    }
    for (const [index, text] of texts.entries()) {
      if (index > 0) buffer[at++] = newlineCode;
      text.data.copy(buffer, at, text.start, text.end);
      at += text.end - text.start;
    }
    this.at = at;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
      await this.writing;
    } finally {
      await this.handle.close();
    }
  }
}

/** A row from its line and text as a run keeps them: a negative line marks a row kept as JSON. */
function rowOf(key: string, line: number, text: string): KeyedRow {
  if (line > 0) return { key, line, text };
  return { key, line: -line, ...(JSON.parse(text) as Omit<KeyedRow, 'key' | 'line'>) };
}

/** Reads one spilled run back, a segment at a time. */
class RunReader {
  private buffer: Buffer;
  /** The next piece of the run, read while the current one is used. */
  private readonly spare: Buffer;
  private ahead: Promise<number> | undefined;
  private at = 0;
  private limit = 0;
  private ended = false;
  private closed = false;
  head: RowGroup | undefined;

  private constructor(
    private readonly handle: FileHandle,
    readonly order: number,
    readBytes: number,
  ) {
    this.buffer = Buffer.allocUnsafe(2 * readBytes);
    this.spare = Buffer.allocUnsafe(readBytes);
  }

  static async open(path: string, order: number, readBytes: number): Promise<RunReader> {
    const reader = new RunReader(await open(path, 'r'), order, readBytes);
    await reader.next();
    return reader;
  }

  private readAhead(): void {
    if (this.ended || this.ahead !== undefined) return;
    const read = this.handle.read(this.spare, 0, this.spare.length, null).then(({ bytesRead }) => bytesRead);
    // Handled when awaited (in have() or close()); this keeps a failure from counting as unhandled meanwhile.
    read.catch(() => undefined);
    this.ahead = read;
  }

  /** Makes sure `bytes` bytes from `at` are in the buffer (call when they are not); false when the run ends first. */
  private async have(bytes: number): Promise<boolean> {
    const left = this.limit - this.at;
    const size = Math.max(bytes, left + this.spare.length);
    const buffer = size > this.buffer.length ? Buffer.allocUnsafe(size) : this.buffer;
    this.buffer.copy(buffer, 0, this.at, this.limit);
    this.buffer = buffer;
    this.at = 0;
    this.limit = left;
    while (this.limit < bytes && !this.ended) {
      this.readAhead();
      const got = (await this.ahead) ?? 0;
      this.ahead = undefined;
      if (got === 0) {
        this.ended = true;
        break;
      }
      if (this.buffer.length < this.limit + got) {
        const grown = Buffer.allocUnsafe(this.limit + got + this.spare.length);
        this.buffer.copy(grown, 0, 0, this.limit);
        this.buffer = grown;
      }
      this.spare.copy(this.buffer, this.limit, 0, got);
      this.limit += got;
    }
    this.readAhead();
    return this.limit >= bytes;
  }

  /** Moves to the next segment (head is undefined past the last). */
  async next(): Promise<void> {
    if (this.limit - this.at < segmentHead && !(await this.have(segmentHead))) {
      this.head = undefined;
      return;
    }
    const count = this.buffer.readUInt32LE(this.at);
    const keyBytes = this.buffer.readUInt32LE(this.at + 4);
    const textBytes = this.buffer.readUInt32LE(this.at + 8);
    const bytes = segmentHead + keyBytes + 8 * count + textBytes;
    if (this.limit - this.at < bytes && !(await this.have(bytes)))
      throw new Error('a sorted run ends inside a segment');
    const buffer = this.buffer;
    let at = this.at + segmentHead;
    const key = buffer.toString('utf8', at, at + keyBytes);
    at += keyBytes;
    const linesAt = at;
    at += 8 * count;
    const text = buffer.toString('utf8', at, at + textBytes);
    this.at = at + textBytes;
    const texts = count === 1 ? [text] : text.split('\n');
    if (texts.length !== count) throw new Error('a sorted run holds a segment with a wrong row count');
    const rows: KeyedRow[] = new Array<KeyedRow>(count);
    for (let index = 0; index < count; index += 1) {
      const line = buffer.readDoubleLE(linesAt + 8 * index);
      rows[index] = rowOf(key, line, texts[index] as string);
    }
    this.head = { key, rows };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ended = true;
    try {
      await this.ahead;
    } finally {
      await this.handle.close();
    }
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
  // The rows held, in line order: a plain row is (chunk, start, end) in `chunks`; any other row is `others[start]`
  // with chunk -1.
  private chunks: Buffer[] = [];
  private rowChunk = new Numbers(new Int32Array(1024), int32s);
  private rowStart = new Numbers(new Int32Array(1024), int32s);
  private rowEnd = new Numbers(new Int32Array(1024), int32s);
  private rowLine = new Numbers(new Float64Array(1024), float64s);
  private others: KeyedRow[] = [];
  // Segments: consecutive rows of one key.
  private segKey: string[] = [];
  private segFirst: number[] = [];
  private segCount: number[] = [];
  /** Whether the held segments are in key order. */
  private heldSorted = true;
  private bytes = 0;
  private readonly runs: string[] = [];
  /** Whether the rows came in key order (then sorting costs nothing, but a large table is still spilled). */
  sortedInput = true;
  private lastKey = '';
  private lastChunk: Buffer | undefined;

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

  /** Whether the rows held are past the budget (then call spill()). */
  get full(): boolean {
    return this.bytes > this.budgetBytes;
  }

  /** The key of the last row added ('' before the first). */
  get previousKey(): string {
    return this.lastKey;
  }

  private segmentFor(key: string): void {
    const segments = this.segKey.length;
    if (segments > 0 && key === this.lastKey) {
      this.segCount[segments - 1] = (this.segCount[segments - 1] ?? 0) + 1;
      return;
    }
    if (key < this.lastKey) {
      this.sortedInput = false;
      if (segments > 0) this.heldSorted = false;
    }
    this.lastKey = key;
    this.segKey.push(key);
    this.segFirst.push(this.rowLine.length);
    this.segCount.push(1);
    this.bytes += segmentOverhead + 2 * key.length;
  }

  /** Adds a plain row, the UTF-8 bytes `data[start, end)` (which must not change), in line order. */
  addPlain(key: string, line: number, data: Buffer, start: number, end: number): void {
    this.segmentFor(key);
    if (data !== this.lastChunk) {
      this.chunks.push(data);
      this.lastChunk = data;
      this.bytes += data.length;
    }
    this.rowChunk.push(this.chunks.length - 1);
    this.rowStart.push(start);
    this.rowEnd.push(end);
    this.rowLine.push(line);
    this.bytes += rowOverhead;
  }

  /** Adds one row of any kind in line order (no spill: see `full`). */
  addRow(row: KeyedRow): void {
    this.segmentFor(row.key);
    this.rowChunk.push(-1);
    this.rowStart.push(this.others.length);
    this.rowEnd.push(0);
    this.rowLine.push(row.line);
    this.others.push(row);
    this.bytes += rowOverhead + estimateBytes(row);
  }

  /** Adds rows in line order; spills a sorted run when the budget is passed. */
  async add(rows: readonly KeyedRow[]): Promise<void> {
    for (const row of rows) this.addRow(row);
    if (this.full) await this.spill();
  }

  /** The held segments' indexes in key order (stable). */
  private sortedSegments(): number[] {
    const keys = this.segKey;
    const order = Array.from({ length: keys.length }, (_, index) => index);
    if (this.heldSorted) return order;
    return order.sort((a, b) => {
      const x = keys[a] as string;
      const y = keys[b] as string;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
  }

  private clear(): void {
    this.chunks = [];
    this.rowChunk.length = 0;
    this.rowStart.length = 0;
    this.rowEnd.length = 0;
    this.rowLine.length = 0;
    this.others = [];
    this.segKey = [];
    this.segFirst = [];
    this.segCount = [];
    this.heldSorted = true;
    this.bytes = 0;
    this.lastChunk = undefined;
  }

  /**
   * The rows of one segment as a run keeps them: lines (negative for a row kept as JSON) and text ranges, consecutive
   * lines of one chunk in one range (the usual case: an account's rows side by side in the file).
   */
  private segmentRows(segment: number): { lines: number[]; texts: TextRange[]; textBytes: number } {
    const first = this.segFirst[segment] ?? 0;
    const count = this.segCount[segment] ?? 0;
    const rowChunk = this.rowChunk.items;
    const rowStart = this.rowStart.items;
    const rowEnd = this.rowEnd.items;
    const rowLine = this.rowLine.items;
    const lines: number[] = new Array<number>(count);
    const texts: TextRange[] = [];
    let textBytes = count - 1;
    let open: TextRange | undefined;
    for (let index = first; index < first + count; index += 1) {
      const chunk = rowChunk[index] ?? -1;
      const start = rowStart[index] ?? 0;
      const end = rowEnd[index] ?? 0;
      if (chunk === -1) {
        const { line, text, cells, error } = this.others[start] as KeyedRow;
        const json = Buffer.from(JSON.stringify({ text, cells, error }));
        lines[index - first] = -line;
        texts.push({ data: json, start: 0, end: json.length });
        textBytes += json.length;
        open = undefined;
        continue;
      }
      lines[index - first] = rowLine[index] ?? 0;
      textBytes += end - start;
      const data = this.chunks[chunk] as Buffer;
      // The next line of the same chunk, right after a newline: the range grows (the newline is the joint).
      if (open?.data === data && open.end + 1 === start && data[open.end] === newlineCode) {
        open.end = end;
      } else {
        open = { data, start, end };
        texts.push(open);
      }
    }
    return { lines, texts, textBytes };
  }

  /** Sorts what is held and writes it as one run. */
  async spill(): Promise<void> {
    if (this.segKey.length === 0) return;
    const order = this.sortedSegments();
    const path = join(this.folder, `${this.name}-${this.runs.length}.run`);
    const writer = await RunWriter.create(path);
    for (const segment of order) {
      const key = this.segKey[segment] as string;
      const keyBytes = Buffer.byteLength(key);
      const { lines, texts, textBytes } = this.segmentRows(segment);
      const bytes = segmentHead + keyBytes + 8 * lines.length + textBytes;
      if (!writer.fits(bytes)) await writer.makeRoom(bytes);
      writer.segment(key, keyBytes, lines, texts, textBytes);
    }
    this.clear();
    await writer.close();
    this.runs.push(path);
  }

  /** The sorted groups: straight from memory when nothing was spilled, else a merge of the runs. */
  async *groups(readBytes = runReadBytes): AsyncGenerator<RowGroup, void> {
    if (this.runs.length === 0) {
      const order = this.sortedSegments();
      let group: RowGroup | undefined;
      for (const segment of order) {
        const key = this.segKey[segment] as string;
        if (group?.key !== key) {
          if (group !== undefined) yield group;
          group = { key, rows: [] };
        }
        const { lines, texts } = this.segmentRows(segment);
        const text = texts.map((range) => range.data.toString('utf8', range.start, range.end)).join('\n');
        const parts = lines.length === 1 ? [text] : text.split('\n');
        for (const [index, line] of lines.entries()) group.rows.push(rowOf(key, line, parts[index] as string));
      }
      this.clear();
      if (group !== undefined) yield group;
      return;
    }
    await this.spill();
    const readers = await Promise.all(this.runs.map((path, order) => RunReader.open(path, order, readBytes)));
    const heap = new ReaderHeap(readers.filter((reader) => reader.head !== undefined));
    let group: RowGroup | undefined;
    try {
      for (let reader = heap.top; reader !== undefined; reader = heap.top) {
        const key = (reader.head as RowGroup).key;
        if (group?.key !== key) {
          if (group !== undefined) yield group;
          group = undefined;
        }
        // Every segment of this key that the run holds in a row, then the heap is fixed once.
        for (let segment = reader.head; segment?.key === key; segment = reader.head) {
          if (group === undefined) group = segment;
          else for (const row of segment.rows) group.rows.push(row);
          await reader.next();
        }
        heap.fix();
      }
      if (group !== undefined) yield group;
    } finally {
      await Promise.all(readers.map((reader) => reader.close()));
    }
  }
}
