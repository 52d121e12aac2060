// Python's view of text and numbers, as far as Django REST framework's fields depend on it: str() and repr() of
// JSON values, str.strip()'s whitespace, Unicode decimal digits (which int(), Decimal() and \d accept), and len()
// in code points. The Unicode data is the server's Python's (unicode-tables.ts), not Node's.
import { digitZeros, nonPrintableRanges } from './unicode-tables.js';

/** The characters Python's str.isspace() accepts (and str.strip() removes). */
const pythonSpaces = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
  0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** Tells whether a UTF-16 code unit is whitespace to Python (every such character is in the BMP). */
export function isPythonSpace(code: number): boolean {
  return code <= 0x20 ? code === 0x20 || (code >= 0x09 && code <= 0x0d) || code >= 0x1c : pythonSpaces.has(code);
}

/** Python's str.strip(). */
export function pythonStrip(text: string): string {
  // Most text starts and ends with a printable ASCII character: nothing to strip.
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if (first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f) return text;
  let start = 0;
  let end = text.length;
  while (start < end && isPythonSpace(text.charCodeAt(start))) start += 1;
  while (end > start && isPythonSpace(text.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Python's len() of a str: code points, so an emoji counts once (a lone surrogate counts once too). */
export function pythonLength(text: string): number {
  let length = text.length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length -= 1;
        index += 1;
      }
    }
  }
  return length;
}

/** Reads a generated table of hex numbers: "a,b" (points) or "a-b,c-d" (ranges, flattened). */
function hexTable(text: string): Uint32Array {
  return Uint32Array.from(text.split(/[,-]/), (hex) => parseInt(hex, 16));
}

// Read on first use (ASCII digits and printable ASCII need neither): both took about 0.8 ms of a one-record run's start.
let zeros: Uint32Array | undefined;
let nonPrintable: Uint32Array | undefined;

/** The index of the last entry of a sorted table that is at most `code` (-1 when none is). */
function lastAtMost(table: Uint32Array, code: number): number {
  let low = 0;
  let high = table.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((table[middle] as number) <= code) low = middle + 1;
    else high = middle - 1;
  }
  return high;
}

/** The value (0-9) of a decimal digit of the server's Python (its Unicode version, not Node's), or -1. */
export function digitValue(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code < 0x80) return -1;
  zeros ??= hexTable(digitZeros);
  const zero = zeros[lastAtMost(zeros, code)] ?? 0;
  return code - zero <= 9 ? code - zero : -1;
}

/** Python's str.isprintable() of one code point (what repr() leaves as it is). */
export function isPythonPrintable(code: number): boolean {
  if (code >= 0x20 && code < 0x7f) return true;
  // The table alternates first and last: an even index is the start of a non-printable range.
  nonPrintable ??= hexTable(nonPrintableRanges);
  const index = lastAtMost(nonPrintable, code);
  return index % 2 === 1 && (nonPrintable[index] as number) !== code;
}

/** Replaces Unicode decimal digits by ASCII ones (others are left as they are). */
export function asciiDigits(text: string): string {
  // eslint-disable-next-line no-control-regex -- the test is "anything beyond ASCII"
  if (!/[^\x00-\x7f]/.test(text)) return text;
  let out = '';
  for (const char of text) {
    const value = digitValue(char);
    out += value >= 0 ? String(value) : char;
  }
  return out;
}

/** Python's repr() of a float, which str() also gives: shortest round-trip digits, `1.0`, `1e+16`, `1e-05`. */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0] ?? ''}.${digits.slice(1)}` : digits;
    const magnitude = Math.abs(exponent);
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${magnitude < 10 ? '0' : ''}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/**
 * Python's str() of a number that came from JSON. JSON.parse cannot tell `1.0` from `1`, so an integral number is
 * read as the int Python would get from `1` (the common case in exports); past 2^53, where JSON.parse has lost
 * digits anyway, as the float Python gets from `1e20`.
 */
export function pythonNumber(value: number): string {
  if (Number.isSafeInteger(value)) return value.toFixed(0);
  return pythonFloat(value);
}

function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (isPythonPrintable(code)) out += char;
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

/** Python's repr() of a JSON value. */
export function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return pythonStringRepr(value);
  return pythonStr(value);
}

/** Python's str() of a JSON value (what `"{input}".format(input=value)` prints in DRF's messages). */
export function pythonStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return pythonNumber(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${pythonStringRepr(key)}: ${pythonRepr(item)}`);
    return `{${entries.join(', ')}}`;
  }
  return typeof value === 'bigint' ? value.toString() : 'None';
}

/** Python's type(value).__name__ of a JSON value. */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}
