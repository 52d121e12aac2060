// Streams NDJSON/JSONL accounts: whole-line chunks of bytes (cheap to hand to worker threads), then records.
import type { Readable } from 'node:stream';
import { parsedRecord, unreadableRecord, type InputRecord, type NdjsonChunk } from './input-record.js';

const newline = 0x0a;
const defaultChunkBytes = 256 * 1024;

/** Parses one NDJSON line into a record; a line that is not a JSON object becomes a failed record. */
export function parseNdjsonLine(source: string, line: number, text: string): InputRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return unreadableRecord(source, line, `Line is not valid JSON: ${(error as Error).message}`);
  }
  return parsedRecord(source, line, value);
}

/** Yields the stream as chunks of whole lines, each knowing the number of its first line. */
export async function* readNdjsonChunks(
  input: Readable,
  source: string,
  chunkBytes = defaultChunkBytes,
): AsyncGenerator<NdjsonChunk> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let nextLine = 1;
  const emit = (bytes: Buffer): NdjsonChunk => {
    const chunk = { source, firstLine: nextLine, bytes };
    for (let at = bytes.indexOf(newline); at !== -1; at = bytes.indexOf(newline, at + 1)) nextLine += 1;
    return chunk;
  };
  for await (const data of input as AsyncIterable<Buffer>) {
    const lastNewline = data.lastIndexOf(newline);
    if (lastNewline === -1 || pendingBytes + lastNewline + 1 < chunkBytes) {
      pending.push(data);
      pendingBytes += data.length;
      if (pendingBytes < chunkBytes) continue;
      // Enough bytes gathered: cut at the last complete line seen so far.
      const joined = Buffer.concat(pending);
      const cut = joined.lastIndexOf(newline);
      if (cut === -1) {
        pending = [joined];
        continue;
      }
      yield emit(joined.subarray(0, cut + 1));
      const rest = joined.subarray(cut + 1);
      pending = rest.length > 0 ? [Buffer.from(rest)] : [];
      pendingBytes = rest.length;
      continue;
    }
    pending.push(data.subarray(0, lastNewline + 1));
    yield emit(Buffer.concat(pending));
    const rest = data.subarray(lastNewline + 1);
    pending = rest.length > 0 ? [Buffer.from(rest)] : [];
    pendingBytes = rest.length;
  }
  if (pendingBytes > 0) yield emit(Buffer.concat(pending));
}

/** Splits a chunk into records: BOM, CRLF and blank lines handled, each line parsed on its own. */
export function parseNdjsonChunk(chunk: NdjsonChunk): InputRecord[] {
  const bytes = Buffer.isBuffer(chunk.bytes)
    ? chunk.bytes
    : Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.length);
  const text = bytes.toString('utf8');
  const records: InputRecord[] = [];
  let line = chunk.firstLine;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let lineText = text.slice(start, end);
    if (line === 1 && lineText.charCodeAt(0) === 0xfeff) lineText = lineText.slice(1);
    if (lineText.endsWith('\r')) lineText = lineText.slice(0, -1);
    if (lineText.trim() !== '') records.push(parseNdjsonLine(chunk.source, line, lineText));
    line += 1;
    start = end + 1;
  }
  return records;
}

/** Yields one parsed record per non-blank line of an NDJSON stream, with its 1-based line number. */
export async function* readNdjson(input: Readable, source: string): AsyncGenerator<InputRecord> {
  for await (const chunk of readNdjsonChunks(input, source)) yield* parseNdjsonChunk(chunk);
}
