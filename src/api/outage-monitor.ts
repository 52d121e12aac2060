// Tells an outage (the API failing for every request) from one record's bad luck, and stops the run if it lasts.
import { ApiUnusableError } from '../core/errors.js';

/** What one probe of the API found: it answers as documented again, or still fails for `reason`. */
export type ProbeResult = { kind: 'up' } | { kind: 'down'; reason: string };

/** How the monitor decides and waits. */
export interface OutageOptions {
  /** Give up (ApiUnusableError) when the API has been failing this long with no success. */
  maxOutageMs: number;
  /** Consecutive failures, across at least two different requests, that start a pause. */
  threshold: number;
  /** First wait between probes; it doubles up to `maxProbeDelayMs`. */
  probeDelayMs: number;
  maxProbeDelayMs: number;
  /** One request that proves the API answers (it must not go through the paused gate). */
  probe: () => Promise<ProbeResult>;
  /** Called with the pause (resolves when the API is back, rejects when it is given up) to hold every request. */
  hold: (until: Promise<void>) => void;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The run's stop: it ends the pause at once, and the held requests then see the run stopping. */
  signal?: AbortSignal;
}

/**
 * The trigger: `threshold` failures in a row (5xx, unexpected answers, no answer, connection errors) coming from at
 * least two different requests, with no documented answer in between. One record's retries alone never trigger it
 * (they are one request), and a single 5xx among successes resets nothing but itself. Once triggered, every request
 * waits at the request gate while one probe at a time asks the API, with backoff; the first probe that gets a
 * documented answer lifts the pause, and if none has after `maxOutageMs` since the first failure of the streak, every
 * waiting and later call throws ApiUnusableError.
 */
export class OutageMonitor {
  private streak = 0;
  private readonly streakRequests = new Set<number>();
  private streakStart = 0;
  private lastReason = '';
  private paused = false;
  private fatalError: ApiUnusableError | undefined;

  constructor(private readonly options: OutageOptions) {}

  /** The error that ended the run's use of the API, once the outage has lasted too long. */
  get fatal(): ApiUnusableError | undefined {
    return this.fatalError;
  }

  /** Throws the outage's error once it has been given up. */
  check(): void {
    if (this.fatalError !== undefined) throw this.fatalError;
  }

  /** A documented answer: the API works. */
  succeeded(): void {
    if (this.paused) return;
    this.streak = 0;
    this.streakRequests.clear();
  }

  /** A failed attempt of request `requestId`; may start a pause and its probes. */
  failed(requestId: number, reason: string): void {
    this.lastReason = reason;
    if (this.paused || this.fatalError !== undefined) return;
    if (this.streak === 0) this.streakStart = this.options.now();
    this.streak += 1;
    this.streakRequests.add(requestId);
    if (this.streak >= this.options.threshold && this.streakRequests.size >= 2) this.startPause();
  }

  private startPause(): void {
    this.paused = true;
    const until = this.probeUntilBack().finally(() => {
      this.paused = false;
      this.streak = 0;
      this.streakRequests.clear();
    });
    // Rejections reach the held requests; this copy only keeps the rejection from being unhandled.
    until.catch(() => undefined);
    this.options.hold(until);
  }

  private stopped(): boolean {
    return this.options.signal?.aborted === true;
  }

  /** Waits `ms`, or less when the run stops. */
  private async sleepUnlessStopped(ms: number): Promise<void> {
    const { signal } = this.options;
    if (signal === undefined) return this.options.sleep(ms);
    let onAbort: (() => void) | undefined;
    const stopped = new Promise<void>((resolve) => {
      onAbort = () => {
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.options.sleep(ms), stopped]);
    } finally {
      if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
    }
  }

  private async probeUntilBack(): Promise<void> {
    const { options } = this;
    for (let attempt = 0; ; attempt += 1) {
      if (this.stopped()) return;
      const elapsed = options.now() - this.streakStart;
      const remaining = options.maxOutageMs - elapsed;
      if (remaining <= 0) {
        this.fatalError = new ApiUnusableError(
          `the API has been failing for ${Math.round(elapsed / 1000)} s (last: ${this.lastReason}): ` +
            'check the API status and KRAKEN_BASE_URL, then resume',
        );
        throw this.fatalError;
      }
      const delay = Math.min(options.maxProbeDelayMs, options.probeDelayMs * 2 ** attempt, remaining);
      await this.sleepUnlessStopped(delay);
      if (this.stopped()) return;
      const result = await options.probe();
      if (result.kind === 'up') return;
      this.lastReason = result.reason;
    }
  }
}
