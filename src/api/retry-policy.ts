// When and how long to wait before retrying a request: exponential backoff with full jitter, honouring Retry-After.

/** Limits of retrying one request. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** No retry starts after this much time since the first attempt. */
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Defaults: up to 8 attempts within 5 minutes, waits from 250 ms doubling to 30 s. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 8,
  maxElapsedMs: 5 * 60_000,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
};

/** The longest wait a Retry-After may impose: a larger (or absurd) value is read as this. */
export const maxRetryAfterMs = 120_000;

/**
 * Parses a Retry-After header (seconds, or an HTTP date) into milliseconds from now, clamped to 0..maxRetryAfterMs;
 * undefined when absent or unreadable (junk, a negative number), so that backoff applies instead.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === '') return undefined;
  const clamp = (ms: number) => Math.min(maxRetryAfterMs, Math.max(0, ms));
  if (/^\d+(\.\d+)?$/.test(text)) return clamp(Number(text) * 1000);
  // An HTTP date names a weekday and a month; a bare number with a sign (`-5`) is not one.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : clamp(date - now);
}

/** Returns the wait before retry number `attempt` (1 for the first retry): full jitter, at least Retry-After. */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = random() * ceiling;
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

/** Tells whether another attempt may start, given attempts made and time spent (including the coming wait). */
export function mayRetry(policy: RetryPolicy, attemptsMade: number, elapsedMs: number, delayMs: number): boolean {
  return attemptsMade < policy.maxAttempts && elapsedMs + delayMs <= policy.maxElapsedMs;
}

const notSentCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The error code of a failed request (undici's or the system's), or `unknown`. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, cause } = error as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    if (cause !== undefined) return errorCode(cause);
  }
  return 'unknown';
}

/** The code of a request that passed its deadline (connect, headers and body together). */
export const requestTimeoutCode = 'request_timeout';

/** Tells whether a failed request certainly never reached the server (so even a create may be sent again). */
export function neverSent(error: unknown): boolean {
  return notSentCodes.has(errorCode(error));
}
