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
    const records: string[][] = parse(text, { relax_column_count: true, relax_quotes: false });
    if (records.length !== 1) return { reason: 'CSV row is malformed: it holds more than one row' };
    return { cells: records[0] ?? [] };
  } catch (error) {
    return { reason: `CSV row is malformed: ${(error as Error).message}` };
  }
}

/** Turns physical lines into rows; keeps the state of a quoted cell that goes on over the next lines. */
class RowSplitter {
  private pending: { line: number; text: string; quotes: number } | undefined;
  header: string[] | undefined;
  headerLength = 0;

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
      const parsed = parseQuoted(whole);
      if (parsed.cells === undefined) {
        batch.problems.push({ line: start, error: { code: 'parse_error', detail: `${parsed.reason ?? ''}.` } });
      } else {
        this.emit(start, parsed.cells, batch);
      }
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
    const parsed = parseQuoted(text);
    if (parsed.cells === undefined) {
      batch.problems.push({ line, error: { code: 'parse_error', detail: `${parsed.reason ?? ''}.` } });
    } else {
      this.emit(line, parsed.cells, batch);
    }
  }

  /** The end of the file: an open quote is a broken row; problems left over are reported. */
  finish(batch: CsvRowBatch): void {
    if (this.pending !== undefined) {
      const detail = `CSV row is malformed: a quoted cell opened on line ${this.pending.line} never closes.`;
      batch.problems.push({ line: this.pending.line, error: { code: 'parse_error', detail } });
      this.pending = undefined;
    }
    this.problemsUpTo(Number.MAX_SAFE_INTEGER, batch);
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
    if (batch.header !== undefined || batch.rows.length > 0 || batch.problems.length > 0) yield batch;
  }
  const batch: CsvRowBatch = { rows: [], problems: [] };
  if (carry !== '') splitter.take(line, carry, batch);
  splitter.finish(batch);
  if (batch.header !== undefined || batch.rows.length > 0 || batch.problems.length > 0) yield batch;
}
