// Bounds every HTTP request of a run: a concurrency limit that halves on 429 and creeps back, and an optional rate cap.
import pLimit, { type LimitFunction } from 'p-limit';

/** How requests are admitted. */
export interface GateOptions {
  /** The most requests in flight (what Kraken sees). */
  concurrency: number;
  /** Requests per second at most; undefined for no cap. */
  ratePerSecond: number | undefined;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Admits requests one slot at a time; only ever wraps a single request, so it cannot deadlock on itself. */
export class RequestGate {
  private readonly limit: LimitFunction;
  private readonly maximum: number;
  private successesSinceChange = 0;
  private nextStart = 0;
  private held: Promise<void> | undefined;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GateOptions) {
    this.limit = pLimit(options.concurrency);
    this.maximum = options.concurrency;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The current concurrency limit (lower than the maximum after 429s). */
  get concurrency(): number {
    return this.limit.concurrency;
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.limit.pendingCount;
  }

  /** Runs one request when a slot (and the rate cap) allows. */
  run<T>(request: () => Promise<T>): Promise<T> {
    return this.limit(async () => {
      // Also a request queued before a pause began waits for it (and throws if the pause ends in giving up).
      while (this.held !== undefined) await this.held;
      if (this.options.ratePerSecond !== undefined) await this.waitForRate();
      return request();
    });
  }

  private async waitForRate(): Promise<void> {
    const rate = this.options.ratePerSecond;
    if (rate === undefined) return;
    const interval = 1000 / rate;
    const now = this.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + interval;
    if (start > now) await this.sleep(start - now);
  }

  /** Holds every request until `until` settles (an outage); a rejection is thrown by each held request. */
  hold(until: Promise<void>): void {
    const held = until.finally(() => {
      if (this.held === held) this.held = undefined;
    });
    held.catch(() => undefined);
    this.held = held;
  }

  /** The server said it is overloaded (429): halve the limit. */
  throttled(): void {
    this.limit.concurrency = Math.max(1, Math.floor(this.limit.concurrency / 2));
    this.successesSinceChange = 0;
  }

  /** A request went through: after a full window of successes, allow one more in flight. */
  succeeded(): void {
    if (this.limit.concurrency >= this.maximum) return;
    this.successesSinceChange += 1;
    if (this.successesSinceChange >= this.limit.concurrency) {
      this.limit.concurrency += 1;
      this.successesSinceChange = 0;
    }
  }
}
