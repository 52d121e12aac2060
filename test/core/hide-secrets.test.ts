// Known secrets taken out of text and of JSON-like values.
import { describe, expect, it } from '@jest/globals';
import { scrubStrings, secretMarker, withoutSecrets } from '../../src/core/hide-secrets.js';

describe('withoutSecrets', () => {
  it('replaces every occurrence of each secret', () => {
    expect(withoutSecrets('Token abcd1234, again abcd1234; and xyz-987', ['abcd1234', 'xyz-987'])).toBe(
      `Token ${secretMarker}, again ${secretMarker}; and ${secretMarker}`,
    );
  });

  it('leaves secrets of under four characters alone, which would blank out ordinary text', () => {
    expect(withoutSecrets('a b c', ['a', ''])).toBe('a b c');
  });
});

describe('scrubStrings', () => {
  it('goes through strings at any depth, keys included, and keeps other values', () => {
    const value = { 'k-SECRET': [{ detail: 'sent SECRET', count: 2, ok: true, none: null }] };
    expect(scrubStrings(value, (text) => withoutSecrets(text, ['SECRET']))).toEqual({
      [`k-${secretMarker}`]: [{ detail: `sent ${secretMarker}`, count: 2, ok: true, none: null }],
    });
  });
});
