// The parsers behind Django REST framework's IntegerField, DecimalField, FloatField, DateField and DateTimeField, as
// Python and Django 3.2 run them: Python's int(), float() and Decimal() grammars (Unicode digits, underscores,
// surrounding whitespace) and django.utils.dateparse's regular expressions (where \d is any Unicode digit and $ also
// matches before a final newline).
import { asciiDigits, isPythonSpace, pythonStrip } from './python-text.js';

const digitRun = String.raw`[0-9](?:_?[0-9])*`;
const intPattern = new RegExp(String.raw`^[+-]?${digitRun}$`);

/** int() and float() strip whitespace as str.strip() does, except the separators U+001C-U+001F. */
function stripForNumber(text: string): string {
  const space = (code: number) => isPythonSpace(code) && (code < 0x1c || code > 0x1f);
  let start = 0;
  let end = text.length;
  while (start < end && space(text.charCodeAt(start))) start += 1;
  while (end > start && space(text.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Python's int(text) in base 10, or undefined where it raises ValueError. Past 2^53 the value is a bigint, so that
 * no digit is lost (15 digits always fit a number, so only longer texts are read as a BigInt).
 */
export function pythonInt(text: string): number | bigint | undefined {
  const ascii = asciiDigits(stripForNumber(text));
  if (!intPattern.test(ascii)) return undefined;
  const bare = ascii.includes('_') ? ascii.replace(/_/g, '') : ascii;
  if (bare.length > 15) {
    const big = BigInt(bare);
    if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) return big;
    return Number(big);
  }
  const value = Number(bare);
  return Object.is(value, -0) ? 0 : value;
}

const floatPattern = new RegExp(
  String.raw`^[+-]?(?:(?:${digitRun}(?:\.(?:${digitRun})?)?|\.${digitRun})(?:[eE][+-]?${digitRun})?|inf(?:inity)?|nan)$`,
  'i',
);

/** Python's float(text), or undefined where it raises ValueError. */
export function pythonFloatOf(text: string): number | undefined {
  const ascii = asciiDigits(stripForNumber(text));
  if (!floatPattern.test(ascii)) return undefined;
  const bare = ascii.replace(/_/g, '').toLowerCase();
  if (bare.endsWith('nan')) return Number.NaN;
  if (bare.endsWith('inf') || bare.endsWith('infinity')) return bare.startsWith('-') ? -Infinity : Infinity;
  return Number(bare);
}

/** A finite decimal.Decimal as its as_tuple(): sign, coefficient digits (no leading zeros) and exponent. */
export interface DecimalTuple {
  negative: boolean;
  digits: string;
  exponent: number;
}

const decimalPattern = new RegExp(
  String.raw`^([+-])?(?:(${digitRun})(?:\.(${digitRun})?)?|\.(${digitRun}))(?:[eE]([+-]?${digitRun}))?$`,
);
const specialDecimal = /^[+-]?(?:inf(?:inity)?|s?nan[0-9]*)$/i;

/** Python's decimal.Decimal(text): a finite value, 'special' for NaN and infinities, undefined where it raises. */
export function pythonDecimal(text: string): DecimalTuple | 'special' | undefined {
  // Decimal() drops every underscore ("1__0" is 10, "_1" is 1), unlike int().
  const ascii = asciiDigits(pythonStrip(text)).replace(/_/g, '');
  const match = decimalPattern.exec(ascii);
  if (match === null) return specialDecimal.test(ascii) ? 'special' : undefined;
  const whole = (match[2] ?? '').replace(/_/g, '');
  const fraction = (match[3] ?? match[4] ?? '').replace(/_/g, '');
  const exponentText = match[5] ?? '0';
  const digits = (whole + fraction).replace(/^0+(?=.)/, '');
  if (exponentText.length > 15) {
    // libmpdec's limits: Decimal() raises past them (read exactly, as a Number would round them).
    const exact = BigInt(exponentText) - BigInt(fraction.length);
    if (exact < -1999999999999999997n || exact + BigInt(digits.length - 1) > 999999999999999999n) return undefined;
    return { negative: match[1] === '-', digits, exponent: Number(exact) };
  }
  const exponent = Number(exponentText) - fraction.length;
  return { negative: match[1] === '-', digits, exponent };
}

/** Python's str() of a decimal.Decimal (its to-sci-string: `500`, `0.5`, `1E-7`, `1E+20`). */
export function decimalStr(value: DecimalTuple): string {
  const { digits, exponent } = value;
  const left = exponent + digits.length;
  const dot = exponent <= 0 && left > -6 ? left : 1;
  let text: string;
  if (dot <= 0) text = `0.${'0'.repeat(-dot)}${digits}`;
  else if (dot >= digits.length) text = digits + '0'.repeat(dot - digits.length);
  else text = `${digits.slice(0, dot)}.${digits.slice(dot)}`;
  if (left !== dot) text += `E${left - dot >= 0 ? '+' : '-'}${Math.abs(left - dot)}`;
  return (value.negative ? '-' : '') + text;
}

/** Compares two decimals by value exactly (-1, 0 or 1), as Python compares Decimals. */
export function compareDecimals(a: DecimalTuple, b: DecimalTuple): number {
  const signOf = (value: DecimalTuple) => (value.digits === '0' ? 0 : value.negative ? -1 : 1);
  const [signA, signB] = [signOf(a), signOf(b)];
  if (signA !== signB || signA === 0) return Math.sign(signA - signB);
  // Same sign, both non-zero: the larger magnitude has more digits before the point, or else larger digits.
  const [leftA, leftB] = [a.exponent + a.digits.length, b.exponent + b.digits.length];
  let magnitude: number;
  if (leftA !== leftB) magnitude = leftA > leftB ? 1 : -1;
  else {
    const width = Math.max(a.digits.length, b.digits.length);
    const [digitsA, digitsB] = [a.digits.padEnd(width, '0'), b.digits.padEnd(width, '0')];
    magnitude = digitsA === digitsB ? 0 : digitsA > digitsB ? 1 : -1;
  }
  return signA * magnitude;
}

/** Formats a decimal like Python's '{:f}'.format(value), with `places` digits after the point when given. */
export function formatDecimal(value: DecimalTuple, places: number | null): string {
  let { digits, exponent } = value;
  if (places !== null && exponent > -places) {
    if (digits !== '0') digits += '0'.repeat(exponent + places);
    exponent = -places;
  }
  const sign = value.negative ? '-' : '';
  if (exponent >= 0) return `${sign}${digits === '0' ? '0' : digits + '0'.repeat(exponent)}`;
  const point = digits.length + exponent;
  if (point > 0) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${sign}0.${'0'.repeat(-point)}${digits}`;
}

/** A calendar date. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** A date-time as parsed, with its offset in minutes (undefined when the text gave none). */
export interface DateTimeParts extends DateParts {
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  offsetMinutes: number | undefined;
}

const dateShape = /^(\d{4})-(\d{1,2})-(\d{1,2})\n?$/;
const dateTimeShape =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d{0,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?\n?$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function validDate(year: number, month: number, day: number): boolean {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** django.utils.dateparse.parse_date: the date, or undefined where it returns None or raises ValueError. */
export function parseDjangoDate(text: string): DateParts | undefined {
  const match = dateShape.exec(asciiDigits(text));
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return validDate(year, month, day) ? { year, month, day } : undefined;
}

/** django.utils.dateparse.parse_datetime: the parts, or undefined where it returns None or raises ValueError. */
export function parseDjangoDateTime(text: string): DateTimeParts | undefined {
  const match = dateTimeShape.exec(asciiDigits(text));
  if (match === null) return undefined;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((index) => Number(match[index])) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = Number(match[6] ?? '0');
  const microsecond = Number((match[7] ?? '').padEnd(6, '0'));
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = match[8];
  let offsetMinutes: number | undefined;
  if (zone === 'Z') offsetMinutes = 0;
  else if (zone !== undefined) {
    const magnitude = 60 * Number(zone.slice(1, 3)) + (zone.length > 3 ? Number(zone.slice(-2)) : 0);
    // datetime.timezone refuses an offset of a whole day or more.
    if (magnitude >= 24 * 60) return undefined;
    offsetMinutes = zone.startsWith('-') ? -magnitude : magnitude;
  }
  return { year, month, day, hour, minute, second, microsecond, offsetMinutes };
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** The date as DRF renders it (isoformat). */
export function formatDate(parts: DateParts): string {
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
}
