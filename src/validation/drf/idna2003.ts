// Python's `idna` codec (encodings.idna: IDNA 2003, RFC 3490, with nameprep, RFC 3491, and punycode, RFC 3492), which
// Django's EmailValidator runs on a domain its pattern refuses (`domain.encode('idna')`). WHATWG's domainToASCII
// follows UTS 46 instead and disagrees on common cases: it maps nothing for a zero-width joiner, and reads `53` as an
// IPv4 address. The stringprep tables are generated from the server's Python (unicode-tables.ts).
import {
  idnaCaseFold,
  idnaLeftToRight,
  idnaMapToNothing,
  idnaProhibited,
  idnaRandAL,
  nfkcUnicode32,
  unassignedInUnicode32,
} from './unicode-tables.js';

interface Tables {
  mapToNothing: Uint32Array;
  caseFold: Map<number, string>;
  prohibited: Uint32Array;
  randAL: Uint32Array;
  leftToRight: Uint32Array;
  unassigned: Uint32Array;
  corrected: Map<number, string>;
}

let tables: Tables | undefined;

function rangeTable(text: string): Uint32Array {
  return Uint32Array.from(text.split(/[,-]/), (hex) => parseInt(hex, 16));
}

function mapTable(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const entry of text.split(',')) {
    const [from = '', to = ''] = entry.split(':');
    const codes = to === '' ? [] : to.split(' ').map((hex) => parseInt(hex, 16));
    map.set(parseInt(from, 16), String.fromCodePoint(...codes));
  }
  return map;
}

/** The tables, read on first use (most domains are ASCII and never need them). */
function loadTables(): Tables {
  tables ??= {
    mapToNothing: rangeTable(idnaMapToNothing),
    caseFold: mapTable(idnaCaseFold),
    prohibited: rangeTable(idnaProhibited),
    randAL: rangeTable(idnaRandAL),
    leftToRight: rangeTable(idnaLeftToRight),
    unassigned: rangeTable(unassignedInUnicode32),
    corrected: mapTable(nfkcUnicode32),
  };
  return tables;
}

/** Whether a code point is in a table of [first, last] ranges (flattened, sorted). */
function inRanges(table: Uint32Array, code: number): boolean {
  let low = 0;
  let high = table.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (code < (table[2 * middle] as number)) high = middle - 1;
    else if (code > (table[2 * middle + 1] as number)) low = middle + 1;
    else return true;
  }
  return false;
}

/**
 * NFKC as Unicode 3.2 defines it (unicodedata.ucd_3_2_0.normalize): Node's NFKC, except that code points unassigned
 * in 3.2 are left as they are and the few 3.2 forms later corrected are kept.
 */
function nfkc32(text: string, t: Tables): string {
  let out = '';
  let run = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x80 && inRanges(t.unassigned, code)) {
      out += run.normalize('NFKC') + char;
      run = '';
    } else run += t.corrected.get(code) ?? char;
  }
  return out + run.normalize('NFKC');
}

/** encodings.idna.nameprep: the prepared label, or undefined where Python raises UnicodeError. */
function nameprep(label: string): string | undefined {
  const t = loadTables();
  let mapped = '';
  for (const char of label) {
    const code = char.codePointAt(0) ?? 0;
    if (inRanges(t.mapToNothing, code)) continue;
    mapped += t.caseFold.get(code) ?? char;
  }
  const prepared = nfkc32(mapped, t);
  const codes = Array.from(prepared, (char) => char.codePointAt(0) ?? 0);
  if (codes.some((code) => inRanges(t.prohibited, code))) return undefined;
  const rightToLeft = codes.map((code) => inRanges(t.randAL, code));
  if (rightToLeft.includes(true)) {
    if (codes.some((code) => inRanges(t.leftToRight, code))) return undefined;
    if (rightToLeft[0] !== true || rightToLeft[rightToLeft.length - 1] !== true) return undefined;
  }
  return prepared;
}

// eslint-disable-next-line no-control-regex -- the test is "anything beyond ASCII"
const nonAscii = /[^\x00-\x7f]/;

/** RFC 3492's encoder (Python's punycode codec): the basic code points, `-`, then the others as deltas. */
export function punycodeEncode(text: string): string {
  const base = 36;
  const tMin = 1;
  const tMax = 26;
  const codes = Array.from(text, (char) => char.codePointAt(0) ?? 0);
  const digit = (value: number) => String.fromCharCode(value < 26 ? 97 + value : 22 + value);
  const adapt = (delta: number, points: number, first: boolean): number => {
    let scaled = first ? Math.floor(delta / 700) : delta >> 1;
    scaled += Math.floor(scaled / points);
    let k = 0;
    while (scaled > ((base - tMin) * tMax) >> 1) {
      scaled = Math.floor(scaled / (base - tMin));
      k += base;
    }
    return k + Math.floor(((base - tMin + 1) * scaled) / (scaled + 38));
  };
  let output = codes
    .filter((code) => code < 0x80)
    .map((code) => String.fromCharCode(code))
    .join('');
  const basic = output.length;
  if (basic > 0) output += '-';
  let handled = basic;
  let n = 128;
  let delta = 0;
  let bias = 72;
  while (handled < codes.length) {
    const next = Math.min(...codes.filter((code) => code >= n));
    delta += (next - n) * (handled + 1);
    n = next;
    for (const code of codes) {
      if (code < n) delta += 1;
      if (code !== n) continue;
      let q = delta;
      for (let k = base; ; k += base) {
        const threshold = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
        if (q < threshold) break;
        output += digit(threshold + ((q - threshold) % (base - threshold)));
        q = Math.floor((q - threshold) / (base - threshold));
      }
      output += digit(q);
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled += 1;
    }
    delta += 1;
    n += 1;
  }
  return output;
}

/** encodings.idna.ToASCII of one label, or undefined where Python raises UnicodeError. */
function labelToAscii(label: string): string | undefined {
  let ascii = label;
  if (nonAscii.test(label)) {
    const prepared = nameprep(label);
    if (prepared === undefined) return undefined;
    ascii = prepared;
    if (nonAscii.test(prepared)) {
      if (prepared.startsWith('xn--')) return undefined;
      ascii = `xn--${punycodeEncode(prepared)}`;
    }
  }
  return ascii.length > 0 && ascii.length < 64 ? ascii : undefined;
}

/** Python's `domain.encode('idna').decode('ascii')`, or undefined where it raises UnicodeError. */
export function pythonIdnaEncode(domain: string): string | undefined {
  if (domain === '') return '';
  if (!nonAscii.test(domain)) {
    // The ASCII fast path checks only the labels' lengths (the last one may be empty).
    const labels = domain.split('.');
    const last = labels.pop() ?? '';
    if (labels.some((label) => label.length === 0 || label.length > 63) || last.length > 63) return undefined;
    return domain;
  }
  const labels = domain.split(/[.\u3002\uff0e\uff61]/);
  let trailingDot = '';
  if (labels.length > 0 && labels[labels.length - 1] === '') {
    trailingDot = '.';
    labels.pop();
  }
  const out: string[] = [];
  for (const label of labels) {
    const ascii = labelToAscii(label);
    if (ascii === undefined) return undefined;
    out.push(ascii);
  }
  return out.join('.') + trailingDot;
}
