// Finds where bytes stop being valid UTF-8, so that a reader can name the line and byte instead of inventing U+FFFD.
import type { FieldError } from '../core/field-error.js';

/** Returns the offset of the first byte that is not valid UTF-8 (an incomplete character at the end counts), or -1. */
export function invalidUtf8Offset(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let at = start;
  while (at < end) {
    const lead = bytes[at] ?? 0;
    if (lead < 0x80) {
      at += 1;
      continue;
    }
    let follow: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) follow = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      follow = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      follow = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return at;
    for (let index = 1; index <= follow; index += 1) {
      const byte = at + index < end ? bytes[at + index] : undefined;
      if (byte === undefined) return at;
      const [min, max] = index === 1 ? [low, high] : [0x80, 0xbf];
      if (byte < min || byte > max) return at;
    }
    at += follow + 1;
  }
  return -1;
}

/** Builds the error of a record whose bytes are not valid text, naming the line and the byte offset in it. */
export function invalidEncodingError(line: number, offset: number, byte: number | undefined, where = ''): FieldError {
  const shown = byte === undefined ? '' : ` (0x${byte.toString(16).toUpperCase().padStart(2, '0')})`;
  return {
    code: 'invalid_encoding',
    detail:
      `Line ${line}${where} is not valid UTF-8 at byte offset ${offset}${shown}; ` +
      'if the export is Latin-1 or Windows-1252, pass --encoding windows-1252 (or set encoding in the config).',
  };
}
