// A part of a run given as a count or a percentage (`100`, `5%`), as --sample and --max-errors take it.

/** A number of records, or a percentage of them. */
export type Portion = { count: number } | { percent: number };

/** Reads `n` (a whole number, at least `minimumCount`) or `p%` (above 0, at most 100); undefined when it is neither. */
export function parsePortion(text: string, minimumCount: number): Portion | undefined {
  const trimmed = text.trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(trimmed);
  if (percent !== null) {
    const value = Number(percent[1]);
    return value > 0 && value <= 100 ? { percent: value } : undefined;
  }
  if (!/^\d+$/.test(trimmed)) return undefined;
  const count = Number(trimmed);
  return Number.isSafeInteger(count) && count >= minimumCount ? { count } : undefined;
}

/** The portion as it was written: `100` or `5%`. */
export function formatPortion(portion: Portion): string {
  return 'count' in portion ? String(portion.count) : `${portion.percent}%`;
}
