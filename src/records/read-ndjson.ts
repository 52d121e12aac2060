// Streams NDJSON/JSONL accounts: whole-line chunks of bytes (cheap to hand to worker threads), then records.
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { invalidEncodingError, invalidUtf8Offset } from './check-utf8.js';
import {
  isNdjsonChunk,
  parsedRecord,
  unreadableRecord,
  type InputRecord,
  type NdjsonChunk,
  type ReadItem,
} from './input-record.js';
import { chunkBufferBytes, chunkBuffers } from './chunk-buffer-pool.js';

const newline = 0x0a;
const defaultChunkBytes = 256 * 1024;

/** Options of the NDJSON chunker. */
export interface NdjsonChunkOptions {
  /** About how many bytes of whole lines make a chunk. */
  chunkBytes?: number;
  /** A line longer than this (newline excluded) becomes a `record_too_large` record and is skipped unread. */
  maxRecordBytes?: number;
}

/** Parses one NDJSON line into a record; a line that is not a JSON object becomes a failed record. */
export function parseNdjsonLine(source: string, line: number, text: string): InputRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return unreadableRecord(source, line, `Line is not valid JSON: ${(error as Error).message}`);
  }
  const record = parsedRecord(source, line, value);
  // JSON text spells a NUL or a lone surrogate only as a \u escape (a raw control character does not parse, and
  // decoded UTF-8 holds no surrogate): without one, the string checks have nothing to find.
  if (record.payload !== undefined && !text.includes('\\u')) record.stringsClean = true;
  return record;
}

/** Builds the record of a line longer than the limit. */
export function tooLargeRecord(source: string, line: number, maxRecordBytes: number): InputRecord {
  const detail = `Line ${line} is longer than ${maxRecordBytes} bytes (--max-record-bytes); it was skipped unread.`;
  return { source, line, payload: undefined, errors: [{ code: 'record_too_large', detail }] };
}

/**
 * Gathers whole lines into chunks in linear time; holds at most one chunk plus one line under the limit. It copies
 * what it keeps at once into the chunk's own buffer (from the pool), so that it holds nothing of the bytes it was
 * given once `push` is done: a reader may read the next bytes into the same buffer.
 */
class LineChunker {
  /** The chunk being gathered: complete lines up to `completeEnd`, then the start of the next line up to `used`. */
  private buffer: Buffer | undefined;
  private used = 0;
  private completeEnd = 0;
  private completeLines = 0;
  private firstLine = 1;
  private skipping = false;

  constructor(
    private readonly source: string,
    private readonly chunkBytes: number,
    private readonly maxRecordBytes: number,
  ) {}

  /** Takes the next bytes of the stream; yields the chunks and too-large records they complete, in line order. */
  *push(data: Buffer): Generator<ReadItem> {
    let at = 0;
    if (this.skipping) {
      const end = data.indexOf(newline);
      if (end === -1) return;
      this.skipping = false;
      at = end + 1;
    }
    // The complete lines of this data not yet kept run from regionStart to at; the first line of the data continues
    // the `carried` bytes kept before.
    let carried = this.used - this.completeEnd;
    let regionStart = at;
    let regionLines = 0;
    for (;;) {
      const end = data.indexOf(newline, at);
      const stop = end === -1 ? data.length : end;
      if (carried + stop - at > this.maxRecordBytes) {
        if (at > regionStart) this.keepLines(data, regionStart, at, regionLines);
        else this.used = this.completeEnd; // the carried bytes were this line's start
        if (this.completeEnd > 0) yield this.take();
        yield tooLargeRecord(this.source, this.firstLine, this.maxRecordBytes);
        this.firstLine += 1;
        carried = 0;
        if (end === -1) {
          this.skipping = true;
          return;
        }
        at = end + 1;
        regionStart = at;
        regionLines = 0;
        continue;
      }
      carried = 0;
      if (end === -1) break;
      regionLines += 1;
      at = end + 1;
    }
    // A chunk fits one pooled buffer: the lines gathered so far go first when these would make it larger.
    if (regionLines > 0 && this.completeEnd > 0 && this.used + at - regionStart > chunkBufferBytes) yield this.take();
    this.keepLines(data, regionStart, at, regionLines);
    this.append(data, at, data.length);
    if (this.completeEnd >= this.chunkBytes) yield this.take();
  }

  /** Yields what is left at the end of the stream. */
  *finish(): Generator<ReadItem> {
    if (this.used > this.completeEnd) {
      this.completeEnd = this.used;
      this.completeLines += 1;
    }
    if (this.completeEnd > 0) yield this.take();
    if (this.buffer !== undefined) chunkBuffers.give(this.buffer.buffer);
    this.buffer = undefined;
  }

  /** Keeps `count` complete lines, `data[from, to)` (the bytes carried before, when there are some, are their start). */
  private keepLines(data: Buffer, from: number, to: number, count: number): void {
    if (count === 0) return;
    this.append(data, from, to);
    this.completeEnd = this.used;
    this.completeLines += count;
  }

  /** Copies bytes after those kept, in a larger buffer when they do not fit (doubling: linear in a long line). */
  private append(data: Buffer, from: number, to: number): void {
    const bytes = to - from;
    if (bytes === 0) return;
    const needed = this.used + bytes;
    if (this.buffer === undefined) {
      this.buffer = chunkBuffers.take(needed);
    } else if (needed > this.buffer.length) {
      const larger = Buffer.allocUnsafeSlow(Math.max(needed, this.buffer.length * 2));
      this.buffer.copy(larger, 0, 0, this.used);
      chunkBuffers.give(this.buffer.buffer);
      this.buffer = larger;
    }
    data.copy(this.buffer, this.used, from, to);
    this.used = needed;
  }

  /** The complete lines as a chunk that owns its buffer; the start of the next line moves to a buffer of its own. */
  private take(): NdjsonChunk {
    const buffer = this.buffer as Buffer;
    const chunk = {
      source: this.source,
      firstLine: this.firstLine,
      bytes: buffer.subarray(0, this.completeEnd),
      ownsBuffer: true,
    };
    this.firstLine += this.completeLines;
    const carried = this.used - this.completeEnd;
    this.buffer = undefined;
    this.used = 0;
    this.append(buffer, chunk.bytes.length, chunk.bytes.length + carried);
    this.completeEnd = 0;
    this.completeLines = 0;
    return chunk;
  }
}

/** Yields the stream as chunks of whole lines, each knowing the number of its first line, and too-large lines as records. */
export async function* readNdjsonChunks(
  input: AsyncIterable<Buffer>,
  source: string,
  options: NdjsonChunkOptions = {},
): AsyncGenerator<ReadItem> {
  const chunker = new LineChunker(
    source,
    options.chunkBytes ?? defaultChunkBytes,
    options.maxRecordBytes ?? Number.MAX_SAFE_INTEGER,
  );
  for await (const data of input) yield* chunker.push(data);
  yield* chunker.finish();
}

function parseLineText(source: string, line: number, text: string, visit: (record: InputRecord) => void): void {
  let lineText = text;
  if (line === 1 && lineText.charCodeAt(0) === 0xfeff) lineText = lineText.slice(1);
  if (lineText.endsWith('\r')) lineText = lineText.slice(0, -1);
  if (lineText.trim() !== '') visit(parseNdjsonLine(source, line, lineText));
}

/** The slow path for a chunk holding bytes that are not UTF-8: each line is checked, and a bad one becomes an error. */
function parseCheckingEachLine(
  source: string,
  firstLine: number,
  bytes: Buffer,
  visit: (record: InputRecord) => void,
): void {
  let line = firstLine;
  for (let start = 0; start < bytes.length; line += 1) {
    let end = bytes.indexOf(newline, start);
    if (end === -1) end = bytes.length;
    const bad = invalidUtf8Offset(bytes, start, end);
    if (bad === -1) {
      parseLineText(source, line, bytes.toString('utf8', start, end), visit);
    } else {
      const record = unreadableRecord(source, line, '');
      record.errors = [invalidEncodingError(line, bad - start, bytes[bad])];
      visit(record);
    }
    start = end + 1;
  }
}

/** Splits a chunk into records: BOM, CRLF and blank lines handled, invalid UTF-8 reported, each line parsed on its own. */
export function parseNdjsonChunk(chunk: NdjsonChunk): InputRecord[] {
  const records: InputRecord[] = [];
  forEachNdjsonRecord(chunk, (record) => records.push(record));
  return records;
}

/**
 * Hands each record of a chunk to `visit` as soon as its line is parsed, so that a caller that checks it there
 * holds one parsed account at a time (fewer objects live at each young-generation collection, fewer promoted).
 */
export function forEachNdjsonRecord(chunk: NdjsonChunk, visit: (record: InputRecord) => void): void {
  const bytes = Buffer.isBuffer(chunk.bytes)
    ? chunk.bytes
    : Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.length);
  if (!isUtf8(bytes)) {
    parseCheckingEachLine(chunk.source, chunk.firstLine, bytes, visit);
    return;
  }
  // Each line is decoded on its own: JSON.parse reads a string made from exactly its bytes about twice as fast as
  // a slice of the whole chunk's text, and one line with a non-ASCII character leaves the others one byte per char.
  let line = chunk.firstLine;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(newline, start);
    if (end === -1) end = bytes.length;
    parseLineText(chunk.source, line, bytes.toString('utf8', start, end), visit);
    line += 1;
    start = end + 1;
  }
}

/** Yields one record per non-blank line of an NDJSON stream, with its 1-based line number. */
export async function* readNdjson(
  input: Readable | AsyncIterable<Buffer>,
  source: string,
  options: NdjsonChunkOptions = {},
): AsyncGenerator<InputRecord> {
  for await (const item of readNdjsonChunks(input as AsyncIterable<Buffer>, source, options)) {
    if (isNdjsonChunk(item)) {
      const records = parseNdjsonChunk(item);
      chunkBuffers.give(item.bytes.buffer);
      yield* records;
    } else {
      yield item;
    }
  }
}
