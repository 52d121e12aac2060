// One walk over a payload for what no schema can say: NUL and lone surrogates in strings (Kraken refuses them), and depth.
import { fieldError, joinAttr, type FieldError } from '../core/field-error.js';

/** The deepest nesting of objects and lists a record may have (the account schema needs about 8). */
export const maxNestingDepth = 64;

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function checkString(text: string, attr: string, errors: FieldError[]): void {
  if (text.includes('\u0000')) {
    errors.push(fieldError('null_characters_not_allowed', attr, 'Null characters are not allowed.'));
  }
  const surrogate = loneSurrogate.exec(text);
  if (surrogate !== null) {
    const code = surrogate[0].charCodeAt(0).toString(16).toUpperCase();
    errors.push(
      fieldError('surrogate_characters_not_allowed', attr, `Surrogate characters are not allowed: U+${code}.`),
    );
  }
}

function walk(value: unknown, attr: string, depth: number, errors: FieldError[]): boolean {
  if (typeof value === 'string') {
    checkString(value, attr, errors);
    return true;
  }
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= maxNestingDepth) {
    const detail = `The record is nested more than ${maxNestingDepth} levels deep; it cannot be checked or sent.`;
    errors.push(fieldError('too_deep', attr, detail));
    return false;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      if (!walk(value[index], joinAttr(attr, index), depth + 1, errors)) return false;
    }
    return true;
  }
  for (const [key, child] of Object.entries(value)) {
    const childAttr = joinAttr(attr, key);
    checkString(key, childAttr, errors);
    if (!walk(child, childAttr, depth + 1, errors)) return false;
  }
  return true;
}

/** Checks every string (keys included) for NUL and lone surrogates and the nesting depth; `tooDeep` says the walk stopped at the depth limit. */
export function checkStrings(payload: unknown): { errors: FieldError[]; tooDeep: boolean } {
  const errors: FieldError[] = [];
  const tooDeep = !walk(payload, '', 0, errors);
  return { errors, tooDeep };
}
