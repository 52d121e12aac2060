// Known secrets (the API key, tokens) taken out of text before it is shown or written anywhere.

/** What replaces a secret. */
export const secretMarker = '[secret]';

/** Secrets shorter than this are not looked for: a 1-3 character "key" would blank out ordinary text. */
const shortestSecret = 4;

/**
 * A function that gives a text back with every occurrence of each secret replaced by the marker: the longest secret
 * first, since it may hold another.
 */
export function secretHider(secrets: readonly string[]): (text: string) => string {
  const known = secrets.filter((secret) => secret.length >= shortestSecret).sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text;
    for (const secret of known) if (result.includes(secret)) result = result.split(secret).join(secretMarker);
    return result;
  };
}

/** `text` with every occurrence of each secret replaced by the marker. */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  return secretHider(secrets)(text);
}

/** Tells whether `scrub` changes any string (key or value) of a JSON-like value; allocates nothing. */
function changesAny(value: unknown, scrub: (text: string) => string): boolean {
  if (typeof value === 'string') return scrub(value) !== value;
  if (Array.isArray(value)) return value.some((item) => changesAny(item, scrub));
  if (typeof value === 'object' && value !== null) {
    for (const name in value) {
      if (scrub(name) !== name || changesAny((value as Record<string, unknown>)[name], scrub)) return true;
    }
  }
  return false;
}

/**
 * A JSON-like value whose strings (keys too) have gone through `scrub`; other values are kept. A value in which
 * nothing changes is given back as it is (most API answers: nothing is copied).
 */
export function scrubStrings<T>(value: T, scrub: (text: string) => string): T {
  if (!changesAny(value, scrub)) return value;
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
