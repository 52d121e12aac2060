// Turns an input's bytes into UTF-8 bytes: honours a BOM, transcodes legacy encodings, leaves bad bytes for the readers to report.

/** The encodings `--encoding` (config `encoding`) accepts. */
export type InputEncoding = 'utf-8' | 'latin1' | 'windows-1252' | 'utf-16le';

type ActualEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** Picks the encoding from a BOM at the start of the bytes, else from what was declared; returns it with the BOM's length. */
export function pickEncoding(
  head: Uint8Array,
  declared: InputEncoding,
): { encoding: ActualEncoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 0 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // WHATWG (and every legacy export that says "Latin-1") means windows-1252 by latin1.
  return { encoding: declared === 'latin1' ? 'windows-1252' : declared, bomLength: 0 };
}

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Encodes text as UTF-8, writing a lone surrogate as its (invalid) three-byte form so that the readers report it. */
export function encodeKeepingSurrogates(text: string): Buffer {
  if (!loneSurrogate.test(text)) return Buffer.from(text, 'utf8');
  loneSurrogate.lastIndex = 0;
  const parts: Buffer[] = [];
  let from = 0;
  for (const match of text.matchAll(loneSurrogate)) {
    const code = match[0].charCodeAt(0);
    parts.push(
      Buffer.from(text.slice(from, match.index), 'utf8'),
      Buffer.from([0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]),
    );
    from = match.index + 1;
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(parts);
}

/** Transcodes UTF-16 to UTF-8 chunk by chunk: a byte or a surrogate pair split between chunks waits for the next one. */
async function* fromUtf16(chunks: AsyncIterable<Buffer>, bigEndian: boolean): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  let high = '';
  for await (const chunk of chunks) {
    const bytes = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    const even = bytes.length - (bytes.length % 2);
    carry = Buffer.from(bytes.subarray(even));
    const units = Buffer.from(bytes.subarray(0, even));
    if (bigEndian) units.swap16();
    let text = high + units.toString('utf16le');
    high = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      high = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text !== '') yield encodeKeepingSurrogates(text);
  }
  if (high !== '') yield encodeKeepingSurrogates(high);
  // An odd last byte cannot be a character: an invalid byte makes the reader report the line.
  if (carry.length > 0) yield Buffer.from([0xff]);
}

// Windows-1252's 0x80-0x9F (WHATWG index; the five unassigned bytes stay C1 controls). Node 20's TextDecoder
// decodes 'windows-1252' as ISO-8859-1 (0x80 became U+0080, not €), so this one table does that part itself.
const windows1252High = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
].map((code) => String.fromCharCode(code));

/** Decodes Windows-1252 bytes (what legacy exports mean by Latin-1) to text. */
export function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\x80-\x9f]/g, (char) => windows1252High[char.charCodeAt(0) - 0x80] ?? char);
}

async function* fromWindows1252(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield Buffer.from(decodeWindows1252(chunk), 'utf8');
}

/** Yields the input as UTF-8 bytes; plain UTF-8 passes through untouched (invalid bytes included, for the readers to report). */
export async function* decodeToUtf8(input: AsyncIterable<Buffer>, declared: InputEncoding): AsyncGenerator<Buffer> {
  const iterator = input[Symbol.asyncIterator]();
  let head: Buffer = Buffer.alloc(0);
  while (head.length < 3) {
    const next = await iterator.next();
    if (next.done === true) break;
    // A copy when it is too short to tell: the input may read its next bytes into the same buffer.
    head = head.length === 0 && next.value.length >= 3 ? next.value : Buffer.concat([head, next.value]);
  }
  const { encoding, bomLength } = pickEncoding(head, declared);
  const rest: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => iterator };
  const all = (async function* () {
    if (head.length > bomLength) yield head.subarray(bomLength);
    yield* rest;
  })();
  if (encoding === 'utf-8') yield* all;
  else if (encoding === 'windows-1252') yield* fromWindows1252(all);
  else yield* fromUtf16(all, encoding === 'utf-16be');
}
