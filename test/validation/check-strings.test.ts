// NUL, lone surrogates and nesting depth: what the server refuses is refused locally first.
import { describe, expect, it } from '@jest/globals';
import { checkStrings, maxNestingDepth } from '../../src/validation/check-strings.js';
import { parseNdjsonLine } from '../../src/records/read-ndjson.js';

describe('checkStrings', () => {
  it.each([
    [
      { customers: [{ given_name: 'Sar\u0000ah' }] },
      'null_characters_not_allowed',
      'customers.0.given_name',
      'Null characters are not allowed.',
    ],
    [
      { metadata: [{ key: 'k\ud83d' }] },
      'surrogate_characters_not_allowed',
      'metadata.0.key',
      'Surrogate characters are not allowed: U+D83D.',
    ],
    [
      { notes: ['\udc00x'] },
      'surrogate_characters_not_allowed',
      'notes.0',
      'Surrogate characters are not allowed: U+DC00.',
    ],
    [{ ['bad\u0000key']: 1 }, 'null_characters_not_allowed', 'bad\u0000key', 'Null characters are not allowed.'],
  ])('refuses %j', (payload, code, attr, detail) => {
    expect(checkStrings(payload)).toEqual({ errors: [{ code, attr, detail }], tooDeep: false });
  });

  it('accepts a surrogate pair (an emoji) and ordinary text', () => {
    expect(checkStrings({ given_name: 'Zoë 😀', list: [1, null, true] })).toEqual({ errors: [], tooDeep: false });
  });

  const nested = (levels: number): unknown => {
    let value: unknown = 'leaf';
    for (let level = 0; level < levels; level += 1) value = level % 2 === 0 ? { x: value } : [value];
    return value;
  };

  it('accepts the deepest allowed nesting and refuses one level more', () => {
    expect(checkStrings(nested(maxNestingDepth)).tooDeep).toBe(false);
    const deeper = checkStrings(nested(maxNestingDepth + 1));
    expect(deeper.tooDeep).toBe(true);
    expect(deeper.errors.map((error) => error.code)).toEqual(['too_deep']);
  });

  it('stops at the limit even on a record nested 100 000 levels deep', () => {
    expect(checkStrings(nested(100_000)).tooDeep).toBe(true);
  });

  describe('with strings known to be clean (a JSON line without a \\u escape)', () => {
    it('walks only the depth, and a record too deep gets the same errors as from the full walk', () => {
      const clean = { stringsClean: true };
      expect(checkStrings(nested(maxNestingDepth), clean)).toEqual({ errors: [], tooDeep: false });
      for (const levels of [maxNestingDepth + 1, 100_000]) {
        expect(checkStrings(nested(levels), clean)).toEqual(checkStrings(nested(levels)));
      }
      const deepAndDirty = { a: '\u0000', b: nested(maxNestingDepth + 1) };
      expect(checkStrings(deepAndDirty, clean)).toEqual(checkStrings(deepAndDirty));
      expect(checkStrings(deepAndDirty, clean).errors.map((error) => error.code)).toEqual([
        'null_characters_not_allowed',
        'too_deep',
      ]);
    });

    it.each([
      ['{"given_name":"Zoë 😀","n":[1,{"k":"v"}]}', true],
      ['{"given_name":"Sar\\u0000ah"}', false],
      ['{"given_name":"\\ud83d"}', false],
      // Any \u escape takes the full walk, even one that spells an ordinary letter.
      ['{"given_name":"\\u0041"}', false],
      ['{"\\u0000":1}', false],
    ])('the reader marks %s clean: %s', (line, clean) => {
      const record = parseNdjsonLine('f.ndjson', 1, line);
      expect(record.stringsClean === true).toBe(clean);
      // A line marked clean has nothing for the full walk to find.
      if (clean) expect(checkStrings(record.payload).errors).toEqual([]);
      else expect(record.payload).toBeDefined();
    });

    it('leaves an unreadable line unmarked', () => {
      expect(parseNdjsonLine('f.ndjson', 1, '[1]').stringsClean).toBeUndefined();
    });
  });
});
