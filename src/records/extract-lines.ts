// Copies chosen physical lines of an input out as they are: the bytes of the file (decompressed, never decoded), so a
// record in Windows-1252 or UTF-16 comes out in Windows-1252 or UTF-16, and a record that failed to decode comes out
// with the very bytes that failed. Lines are counted as the readers count them (line 1 is the first, after a BOM).

/** Physical lines `first` to `last` (1-based, inclusive) of an input. */
export interface LineRange {
  first: number;
  last: number;
}

/** How an input lays out its lines: its BOM, and whether a character unit is one byte or two. */
export interface LineLayout {
  /** The byte-order mark at the start of the input (empty when there is none). */
  bom: Buffer;
  /** 1 for UTF-8 and single-byte encodings, 2 for UTF-16. */
  unit: 1 | 2;
  bigEndian: boolean;
}

/** Tells the layout from the input's first bytes and the declared encoding (a BOM wins, as for the readers). */
export function lineLayout(head: Uint8Array, declaredUtf16le: boolean): LineLayout {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { bom: Buffer.from(head.subarray(0, 3)), unit: 1, bigEndian: false };
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { bom: Buffer.from([0xff, 0xfe]), unit: 2, bigEndian: false };
  if (head[0] === 0xfe && head[1] === 0xff) return { bom: Buffer.from([0xfe, 0xff]), unit: 2, bigEndian: true };
  return { bom: Buffer.alloc(0), unit: declaredUtf16le ? 2 : 1, bigEndian: false };
}

/** A newline in the layout's encoding. */
export function newlineOf(layout: LineLayout): Buffer {
  if (layout.unit === 1) return Buffer.from([0x0a]);
  return layout.bigEndian ? Buffer.from([0x00, 0x0a]) : Buffer.from([0x0a, 0x00]);
}

/** The offset just past the next newline at or after `from` (a whole unit, aligned), or -1. */
function nextLineEnd(data: Buffer, from: number, layout: LineLayout): number {
  if (layout.unit === 1) {
    const at = data.indexOf(0x0a, from);
    return at === -1 ? -1 : at + 1;
  }
  for (let at = from; at + 1 < data.length; at += 2) {
    const [low, high] = layout.bigEndian ? [data[at + 1], data[at]] : [data[at], data[at + 1]];
    if (low === 0x0a && high === 0x00) return at + 2;
  }
  return -1;
}

/** Whether a line's bytes (without its newline) hold nothing but a carriage return or nothing at all. */
function isBlank(line: Buffer, layout: LineLayout): boolean {
  if (line.length === 0) return true;
  if (layout.unit === 1) return line.length === 1 && line[0] === 0x0d;
  return line.length === 2 && (layout.bigEndian ? line[1] : line[0]) === 0x0d;
}

/** Where `extractLines` hands what it copies, in file order. */
export interface ExtractedLines {
  /** The input's layout, told once before anything else. */
  layout(layout: LineLayout): Promise<void> | void;
  /** The first non-blank line (a CSV's header), with its newline; called only when `header` is asked for. */
  header(bytes: Buffer): Promise<void> | void;
  /** One physical line of a range, with its newline. */
  line(bytes: Buffer): Promise<void> | void;
}

/**
 * Streams the raw bytes of an input and hands over the lines of each range (sorted, not overlapping), each ending
 * with a newline (one is added, in the input's encoding, to a last line without). With `header`, the first non-blank
 * line goes to `to.header` first. Stops reading once the last range is copied.
 */
export async function extractLines(
  input: AsyncIterable<Buffer>,
  ranges: readonly LineRange[],
  options: { declaredUtf16le: boolean; header: boolean },
  to: ExtractedLines,
): Promise<void> {
  const iterator = input[Symbol.asyncIterator]();
  let data: Buffer = Buffer.alloc(0);
  while (data.length < 3) {
    const next = await iterator.next();
    if (next.done === true) break;
    data = Buffer.concat([data, next.value]);
  }
  const layout = lineLayout(data, options.declaredUtf16le);
  await to.layout(layout);
  data = data.subarray(layout.bom.length);
  let wantHeader = options.header;
  let rangeIndex = 0;
  let line = 1;
  // The bytes of the current line seen so far, kept only while the line is wanted (copied, or the header).
  let pending: Buffer[] = [];
  const inRange = () => {
    const range = ranges[rangeIndex];
    return range !== undefined && line >= range.first && line <= range.last;
  };
  const wanted = () => wantHeader || inRange();
  const endLine = async (complete: boolean) => {
    if (wanted()) {
      const text = Buffer.concat(pending);
      const withNewline = complete ? text : Buffer.concat([text, newlineOf(layout)]);
      if (wantHeader) {
        if (!isBlank(complete ? text.subarray(0, text.length - layout.unit) : text, layout)) {
          await to.header(withNewline);
          wantHeader = false;
        }
      } else {
        await to.line(withNewline);
      }
    }
    pending = [];
    line += 1;
    while (ranges[rangeIndex] !== undefined && line > (ranges[rangeIndex]?.last ?? 0)) rangeIndex += 1;
  };
  let carry: Buffer = Buffer.alloc(0);
  for (;;) {
    const bytes = carry.length === 0 ? data : Buffer.concat([carry, data]);
    // A UTF-16 unit split between two reads waits for its second byte.
    const usable = bytes.length - (bytes.length % layout.unit);
    carry = Buffer.from(bytes.subarray(usable));
    const whole = bytes.subarray(0, usable);
    let start = 0;
    for (;;) {
      if (!wantHeader && ranges[rangeIndex] === undefined) return;
      const end = nextLineEnd(whole, start, layout);
      if (end === -1) break;
      if (wanted()) pending.push(whole.subarray(start, end));
      await endLine(true);
      start = end;
    }
    if (wanted() && start < usable) pending.push(Buffer.from(whole.subarray(start)));
    const next = await iterator.next();
    if (next.done === true) break;
    data = next.value;
  }
  if (!wantHeader && ranges[rangeIndex] === undefined) return;
  if (carry.length > 0) pending.push(carry);
  if (pending.length > 0) await endLine(false);
}
