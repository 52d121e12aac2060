// Known secrets (the API key, tokens) taken out of text before it is shown or written anywhere.

/** What replaces a secret. */
export const secretMarker = '[secret]';

/** Secrets shorter than this are not looked for: a 1-3 character "key" would blank out ordinary text. */
const shortestSecret = 4;

/** `text` with every occurrence of each secret replaced by the marker; the longest first, which may hold another. */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= shortestSecret && result.includes(secret)) result = result.split(secret).join(secretMarker);
  }
  return result;
}

/** A copy of a JSON-like value whose strings (keys too) have gone through `scrub`; other values are kept. */
export function scrubStrings<T>(value: T, scrub: (text: string) => string): T {
  const walk = (inner: unknown): unknown => {
    if (typeof inner === 'string') return scrub(inner);
    if (Array.isArray(inner)) return inner.map(walk);
    if (typeof inner === 'object' && inner !== null) {
      return Object.fromEntries(Object.entries(inner).map(([name, field]) => [scrub(name), walk(field)]));
    }
    return inner;
  };
  return walk(value) as T;
}
