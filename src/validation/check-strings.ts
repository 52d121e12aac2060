// One walk over a payload for what no schema can say: NUL and lone surrogates in strings (Kraken refuses them), and depth.
import { fieldError, type FieldError } from '../core/field-error.js';

/** The deepest nesting of objects and lists a record may have (the account schema needs about 8). */
export const maxNestingDepth = 64;

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A string without NUL or lone surrogates; both tests are native and need no allocation. */
export function isCleanText(text: string): boolean {
  return !text.includes('\u0000') && (text as string & { isWellFormed(): boolean }).isWellFormed();
}

/** The walk's state: the path is kept as a stack and joined only when an error needs its attr. */
class StringWalk {
  readonly errors: FieldError[] = [];
  private readonly path: (string | number)[] = [];

  checkString(text: string, key?: string): void {
    if (isCleanText(text)) return;
    const hasNull = text.includes('\u0000');
    const wellFormed = (text as string & { isWellFormed(): boolean }).isWellFormed();
    const attr = key === undefined ? this.path.join('.') : [...this.path, key].join('.');
    if (hasNull) this.errors.push(fieldError('null_characters_not_allowed', attr, 'Null characters are not allowed.'));
    const surrogate = wellFormed ? null : loneSurrogate.exec(text);
    if (surrogate !== null) {
      const code = surrogate[0].charCodeAt(0).toString(16).toUpperCase();
      const detail = `Surrogate characters are not allowed: U+${code}.`;
      this.errors.push(fieldError('surrogate_characters_not_allowed', attr, detail));
    }
  }

  /** Walks a value; false when it stopped at the depth limit. */
  walk(value: unknown): boolean {
    if (typeof value === 'string') {
      this.checkString(value);
      return true;
    }
    if (typeof value !== 'object' || value === null) return true;
    if (this.path.length >= maxNestingDepth) {
      const detail = `The record is nested more than ${maxNestingDepth} levels deep; it cannot be checked or sent.`;
      this.errors.push(fieldError('too_deep', this.path.join('.'), detail));
      return false;
    }
    if (Array.isArray(value)) return this.walkList(value);
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      this.checkString(key, key);
      this.path.push(key);
      const deeper = this.walk((value as Record<string, unknown>)[key]);
      this.path.pop();
      if (!deeper) return false;
    }
    return true;
  }

  private walkList(list: readonly unknown[]): boolean {
    for (let index = 0; index < list.length; index += 1) {
      this.path.push(index);
      const deeper = this.walk(list[index]);
      this.path.pop();
      if (!deeper) return false;
    }
    return true;
  }
}

/** Whether a value nests objects and lists no deeper than the limit, `depth` levels down already. */
function withinDepth(value: object, depth: number): boolean {
  if (depth >= maxNestingDepth) return false;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      if (typeof item === 'object' && item !== null && !withinDepth(item, depth + 1)) return false;
    }
    return true;
  }
  for (const key in value) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null && !withinDepth(item, depth + 1)) return false;
  }
  return true;
}

/** What the caller already knows of a payload's text. */
export interface TextFacts {
  /**
   * No string in the payload (keys included) can hold a NUL or a lone surrogate: it was parsed from JSON text
   * without a `\u` escape, and JSON text can spell neither otherwise. Only the depth is then left to walk.
   */
  stringsClean?: boolean;
}

/** Checks every string (keys included) for NUL and lone surrogates and the nesting depth; `tooDeep` says the walk stopped at the depth limit. */
export function checkStrings(payload: unknown, facts: TextFacts = {}): { errors: FieldError[]; tooDeep: boolean } {
  // The depth-only walk costs about a third of the full one; a record that is too deep takes the full walk for
  // its errors, which stay exactly what they were.
  const shallow = (value: unknown) => typeof value !== 'object' || value === null || withinDepth(value, 0);
  if (facts.stringsClean === true && shallow(payload)) return { errors: [], tooDeep: false };
  const walk = new StringWalk();
  const tooDeep = !walk.walk(payload);
  return { errors: walk.errors, tooDeep };
}
