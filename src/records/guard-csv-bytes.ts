// Watches a CSV's bytes before csv-parse decodes them: notes lines with invalid UTF-8 and cuts out over-long lines.
import { isUtf8 } from 'node:buffer';
import type { FieldError } from '../core/field-error.js';
import { invalidEncodingError, invalidUtf8Offset } from './check-utf8.js';

/** A problem found in the bytes of one physical line, for the reader to attach to the row that holds it. */
export interface CsvLineProblem {
  line: number;
  error: FieldError;
}

const newline = 0x0a;

/** Returns how many bytes at the end of `data` start a UTF-8 character that the next chunk completes. */
function incompleteTail(data: Buffer): number {
  for (let back = 1; back <= Math.min(3, data.length); back += 1) {
    const byte = data[data.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/** Tracks physical lines across chunks. */
class LineGuard {
  private line = 1;
  private lineBytes = 0;
  private reported = 0;
  private skipping = false;

  constructor(
    private readonly maxRecordBytes: number,
    private readonly problems: CsvLineProblem[],
  ) {}

  /** Returns the chunk with each over-long line's bytes left out (its newline kept, so line numbers hold). */
  scan(chunk: Buffer): Buffer {
    const valid = isUtf8(chunk);
    // The kept bytes are the chunk itself unless a line is cut: then the pieces around each cut.
    const pieces: Buffer[] = [];
    let keptFrom = this.skipping ? -1 : 0;
    let start = 0;
    while (start < chunk.length) {
      const found = chunk.indexOf(newline, start);
      const end = found === -1 ? chunk.length : found;
      if (!valid && !this.skipping) this.checkText(chunk, start, end);
      if (!this.skipping && this.lineBytes + end - start > this.maxRecordBytes) {
        const detail = `Line ${this.line} is longer than ${this.maxRecordBytes} bytes (--max-record-bytes); it was skipped unread.`;
        this.problems.push({ line: this.line, error: { code: 'record_too_large', detail } });
        this.skipping = true;
        if (keptFrom !== -1 && start > keptFrom) pieces.push(chunk.subarray(keptFrom, start));
        keptFrom = -1;
      }
      if (found === -1) {
        this.lineBytes += end - start;
        break;
      }
      if (this.skipping) keptFrom = end;
      this.line += 1;
      this.lineBytes = 0;
      this.skipping = false;
      start = end + 1;
    }
    if (keptFrom === 0) return chunk;
    if (keptFrom !== -1 && keptFrom < chunk.length) pieces.push(chunk.subarray(keptFrom));
    return pieces.length === 1 ? (pieces[0] ?? chunk) : Buffer.concat(pieces);
  }

  private checkText(chunk: Buffer, start: number, end: number): void {
    if (this.reported === this.line) return;
    const bad = invalidUtf8Offset(chunk, start, end);
    if (bad === -1) return;
    this.reported = this.line;
    const error = invalidEncodingError(this.line, this.lineBytes + bad - start, chunk[bad]);
    this.problems.push({ line: this.line, error });
  }
}

/** Passes a CSV's bytes on, appending to `problems` (in line order) each line with invalid UTF-8 or over the limit. */
export async function* guardCsvBytes(
  input: AsyncIterable<Buffer>,
  maxRecordBytes: number,
  problems: CsvLineProblem[],
): AsyncGenerator<Buffer> {
  const guard = new LineGuard(maxRecordBytes, problems);
  let carry: Buffer = Buffer.alloc(0);
  for await (const raw of input) {
    const data = carry.length === 0 ? raw : Buffer.concat([carry, raw]);
    const cut = data.length - incompleteTail(data);
    carry = Buffer.from(data.subarray(cut));
    const kept = guard.scan(data.subarray(0, cut));
    if (kept.length > 0) yield kept;
  }
  if (carry.length > 0) yield guard.scan(carry);
}
