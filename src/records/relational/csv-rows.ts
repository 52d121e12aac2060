// Reads the rows of one table of a relational export, fast: each row with the physical line it starts on.
// A line without a quote is split on commas; a row with quotes (perhaps over several lines) goes to csv-parse.
import { parse } from 'csv-parse/sync';
import type { FieldError } from '../../core/field-error.js';
import { guardCsvBytes, type CsvLineProblem } from '../guard-csv-bytes.js';

/**
 * A readable row and the 1-based physical line it starts on: a line without quotes is kept as its text (split on
 * commas only when it is used: most rows are sorted and spilled first), a quoted row as its cells.
 */
export interface CsvRow {
  line: number;
  text?: string;
  cells?: string[];
}

/** A row that could not be read, with why. */
export interface CsvRowProblem {
  line: number;
  error: FieldError;
  /** The cells, when the row could be split but is still wrong (e.g. a cell count unlike the header's). */
  cells?: string[];
}

/** What the row reader hands over, batch by batch: the header first, then rows and problems in line order. */
export interface CsvRowBatch {
  header?: string[];
  rows: CsvRow[];
  problems: CsvRowProblem[];
}

const quote = '"';

function countQuotes(text: string): number {
  let count = 0;
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) count += 1;
  return count;
}

/** Splits one row's text (quoted, perhaps over several lines) with csv-parse; undefined with a reason when broken. */
function parseQuoted(text: string): { cells?: string[]; reason?: string } {
  try {
    // The text is one row whose lines were joined with \n: naming the delimiter spares csv-parse guessing it.
    const records: string[][] = parse(text, { relax_column_count: true, relax_quotes: false, record_delimiter: '\n' });
    if (records.length !== 1) return { reason: 'CSV row is malformed: it holds more than one row' };
    return { cells: records[0] ?? [] };
  } catch (error) {
    return { reason: `CSV row is malformed: ${(error as Error).message}` };
  }
}

/** Turns physical lines into rows; keeps the state of a quoted cell that goes on over the next lines. */
class RowSplitter {
  pending: { line: number; text: string; quotes: number } | undefined;
  header: string[] | undefined;
  headerLength = 0;
  private quoted: { line: number; text: string }[] = [];

  constructor(
    private readonly source: string,
    private readonly problems: CsvLineProblem[],
  ) {}

  /** Takes the byte-level problems (invalid UTF-8, over-long) of lines up to `line`. */
  private problemsUpTo(line: number, batch: CsvRowBatch): boolean {
    let hit = false;
    while (this.problems[0] !== undefined && this.problems[0].line <= line) {
      const problem = this.problems.shift() as CsvLineProblem;
      batch.problems.push({ line: problem.line, error: problem.error });
      if (problem.line === line) hit = true;
    }
    return hit;
  }

  private emit(line: number, cells: string[], batch: CsvRowBatch): void {
    if (this.header === undefined) {
      if (cells.length > 0 && cells[0]?.startsWith('\ufeff') === true) cells[0] = cells[0].slice(1);
      this.header = cells.map((cell) => cell.trim());
      this.headerLength = cells.length;
      batch.header = this.header;
      return;
    }
    if (cells.length !== this.headerLength) {
      const detail = `Row has ${cells.length} cells but the header of ${this.source} has ${this.headerLength}.`;
      batch.problems.push({ line, error: { code: 'parse_error', detail }, cells });
      return;
    }
    batch.rows.push({ line, cells });
  }

  /** Handles one physical line (without its newline). */
  take(line: number, raw: string, batch: CsvRowBatch): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const troubled = this.problemsUpTo(line, batch);
    if (this.pending !== undefined) {
      this.pending.text += `\n${text}`;
      this.pending.quotes += countQuotes(text);
      if (this.pending.quotes % 2 === 1) return;
      const { line: start, text: whole } = this.pending;
      this.pending = undefined;
      this.queue(start, whole, batch);
      return;
    }
    if (troubled) return;
    if (text === '' || (text.charCodeAt(0) <= 32 && text.trim() === '')) return;
    if (!text.includes(quote)) {
      // The cell count of a line kept as text is checked by whoever reads its key (one pass over its commas).
      if (this.header === undefined) this.emit(line, text.split(','), batch);
      else batch.rows.push({ line, text });
      return;
    }
    const quotes = countQuotes(text);
    if (quotes % 2 === 1) {
      this.pending = { line, text, quotes };
      return;
    }
    this.queue(line, text, batch);
  }

  /** A whole row with quotes: parsed now while there is no header, else queued for flush(). */
  private queue(line: number, text: string, batch: CsvRowBatch): void {
    if (this.header === undefined) this.parseOne(line, text, batch);
    else this.quoted.push({ line, text });
  }

  private parseOne(line: number, text: string, batch: CsvRowBatch): void {
    const parsed = parseQuoted(text);
    if (parsed.cells === undefined) {
      batch.problems.push({ line, error: { code: 'parse_error', detail: `${parsed.reason ?? ''}.` } });
    } else {
      this.emit(line, parsed.cells, batch);
    }
  }

  /** Rows with quotes waiting for flush(). */
  get queued(): number {
    return this.quoted.length;
  }

  /**
   * Parses the queued rows into `batch`, all in one call of csv-parse (a call per row costs more than the row): each
   * is a whole row, so the call gives one record per row. Should it fail or count otherwise, each row is parsed
   * alone, so that a broken row is reported on its own line.
   */
  flush(batch: CsvRowBatch): void {
    const queued = this.quoted;
    if (queued.length === 0) return;
    this.quoted = [];
    let records: string[][] | undefined;
    if (queued.length > 1) {
      try {
        const text = queued.map((row) => row.text).join('\n');
        const parsed: string[][] = parse(text, {
          relax_column_count: true,
          relax_quotes: false,
          record_delimiter: '\n',
        });
        if (parsed.length === queued.length) records = parsed;
      } catch {
        records = undefined;
      }
    }
    for (const [index, row] of queued.entries()) {
      const cells = records?.[index];
      if (cells === undefined) this.parseOne(row.line, row.text, batch);
      else this.emit(row.line, cells, batch);
    }
    // Problems of lines read while rows waited came first: put both lists back in line order.
    const byLine = (a: { line: number }, b: { line: number }) => a.line - b.line;
    if (batch.rows.some((row, index) => index > 0 && (batch.rows[index - 1] as CsvRow).line > row.line))
      batch.rows.sort(byLine);
    if (
      batch.problems.some((row, index) => index > 0 && (batch.problems[index - 1] as CsvRowProblem).line > row.line)
    ) {
      batch.problems.sort(byLine);
    }
  }

  /** The end of the file: an open quote is a broken row; problems left over are reported. */
  finish(batch: CsvRowBatch): void {
    this.flush(batch);
    if (this.pending !== undefined) {
      const detail = `CSV row is malformed: a quoted cell opened on line ${this.pending.line} never closes.`;
      batch.problems.push({ line: this.pending.line, error: { code: 'parse_error', detail } });
      this.pending = undefined;
    }
    this.problemsUpTo(Number.MAX_SAFE_INTEGER, batch);
    this.flush(batch);
  }
}

/** Streams the rows of a CSV file's UTF-8 bytes in batches (one per chunk read), header first. */
export async function* readCsvRows(
  bytes: AsyncIterable<Buffer>,
  source: string,
  maxRecordBytes: number,
): AsyncGenerator<CsvRowBatch> {
  const problems: CsvLineProblem[] = [];
  const splitter = new RowSplitter(source, problems);
  let carry = '';
  let line = 1;
  for await (const chunk of guardCsvBytes(bytes, maxRecordBytes, problems)) {
    const text = carry + chunk.toString('utf8');
    const batch: CsvRowBatch = { rows: [], problems: [] };
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      splitter.take(line, text.slice(start, end), batch);
      line += 1;
      start = end + 1;
    }
    carry = text.slice(start);
    splitter.flush(batch);
    if (batch.header !== undefined || batch.rows.length > 0 || batch.problems.length > 0) yield batch;
  }
  const batch: CsvRowBatch = { rows: [], problems: [] };
  if (carry !== '') splitter.take(line, carry, batch);
  splitter.finish(batch);
  if (batch.header !== undefined || batch.rows.length > 0 || batch.problems.length > 0) yield batch;
}

/** Where scanCsvRows hands each row, in line order. */
export interface CsvRowSink {
  /**
   * A row kept as its UTF-8 bytes, `data[start, end)`: a line without quotes, its cells not yet counted. `data` is
   * never written to afterwards, so the row may keep pointing into it.
   */
  plain(line: number, data: Buffer, start: number, end: number): void;
  /** Any other row (the header first), or a problem, as readCsvRows gives them. */
  batch(batch: CsvRowBatch): void;
  /** Called after each chunk read: the moment to spill if need be. */
  chunkDone(): Promise<void>;
}

const newlineByte = 0x0a;
const quoteByte = 0x22;
const returnByte = 0x0d;
const spaceByte = 0x20;

/**
 * Like readCsvRows, but without a string or an object per row: a line without quotes goes to `sink.plain` as its
 * place in the bytes read, any other row (and the header, and problems) to `sink.batch`, always in line order.
 */
export async function scanCsvRows(
  bytes: AsyncIterable<Buffer>,
  source: string,
  maxRecordBytes: number,
  sink: CsvRowSink,
): Promise<void> {
  const problems: CsvLineProblem[] = [];
  const splitter = new RowSplitter(source, problems);
  let carry: Buffer = Buffer.alloc(0);
  let line = 1;
  // Rows that are not plain gather in a batch, handed over before the next plain row (to keep line order), at the
  // end of each chunk, or when many rows with quotes wait to be parsed together.
  let batch: CsvRowBatch = { rows: [], problems: [] };
  // An object, not a variable: it changes inside the helpers below.
  const gathered = { waiting: false };
  const deliver = () => {
    splitter.flush(batch);
    if (batch.header !== undefined || batch.rows.length > 0 || batch.problems.length > 0) sink.batch(batch);
    batch = { rows: [], problems: [] };
    gathered.waiting = false;
  };
  const slow = (text: string) => {
    splitter.take(line, text, batch);
    gathered.waiting = true;
    if (splitter.header === undefined || splitter.queued >= 1000) deliver();
  };
  /** One physical line, `data[start, end)` without its newline; `quoted` when it holds a quote. */
  const take = (data: Buffer, start: number, end: number, quoted = data.indexOf(quoteByte, start) !== -1) => {
    const nextProblem = problems[0]?.line ?? Number.MAX_SAFE_INTEGER;
    if (splitter.header === undefined || splitter.pending !== undefined || quoted || nextProblem <= line) {
      slow(data.toString('utf8', start, end));
    } else {
      const stop = end > start && data[end - 1] === returnByte ? end - 1 : end;
      const blank =
        stop === start || ((data[start] ?? 0) <= spaceByte && data.toString('utf8', start, stop).trim() === '');
      if (!blank) {
        if (gathered.waiting) deliver();
        sink.plain(line, data, start, stop);
      }
    }
    line += 1;
  };
  for await (const data of guardCsvBytes(bytes, maxRecordBytes, problems)) {
    let start = 0;
    if (carry.length > 0) {
      // The line the last chunk ended inside: only it is copied, to be read whole.
      const end = data.indexOf(newlineByte);
      if (end === -1) {
        carry = Buffer.concat([carry, data]);
        continue;
      }
      const whole = Buffer.concat([carry, data.subarray(0, end)]);
      carry = Buffer.alloc(0);
      take(whole, 0, whole.length);
      start = end + 1;
    }
    let nextQuote = data.indexOf(quoteByte, start);
    for (let end = data.indexOf(newlineByte, start); end !== -1; end = data.indexOf(newlineByte, start)) {
      if (nextQuote !== -1 && nextQuote < start) nextQuote = data.indexOf(quoteByte, start);
      take(data, start, end, nextQuote !== -1 && nextQuote < end);
      start = end + 1;
    }
    carry = data.subarray(start);
    if (gathered.waiting) deliver();
    await sink.chunkDone();
  }
  if (carry.length > 0) slow(carry.toString('utf8'));
  splitter.finish(batch);
  deliver();
}
