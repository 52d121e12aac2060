// When to ask for an import's status: after the processing time learnt from finished imports, then backing off.

/** Learns how long imports take from the server's own timestamps and plans status requests around it. */
export class PollSchedule {
  private readonly recent: number[] = [];

  constructor(
    private readonly initialDelayMs = 500,
    private readonly maxDelayMs = 30_000,
    private readonly window = 50,
  ) {}

  /** Records how long a finished import took (server created_at to modified_at). */
  observe(durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) return;
    this.recent.push(durationMs);
    if (this.recent.length > this.window) this.recent.shift();
  }

  /** Learns from a terminal status body's timestamps. */
  observeStatus(createdAt: string | undefined, modifiedAt: string | undefined): void {
    if (createdAt === undefined || modifiedAt === undefined) return;
    this.observe(Date.parse(modifiedAt) - Date.parse(createdAt));
  }

  /** The time most imports take (90th percentile of recent ones), once any has finished. */
  get estimateMs(): number | undefined {
    if (this.recent.length === 0) return undefined;
    const sorted = [...this.recent].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))];
  }

  /**
   * Returns the wait before status request number `poll` (1 for the first) of an import whose create left `elapsedMs`
   * ago. With an estimate, the first request leaves 40 ms after the estimate (a 90th percentile) is up: the import
   * began when the create arrived, and the status request takes about as long to arrive, so it finds most imports
   * just finished, and its answer comes back within the processing time plus the create's and its own round trips.
   * Later requests back off.
   */
  delayMs(poll: number, elapsedMs: number): number {
    const estimate = this.estimateMs;
    const backoff = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** (poll - 1));
    if (estimate === undefined) return backoff;
    const remaining = estimate + 40 - elapsedMs;
    if (poll === 1) return Math.max(25, remaining);
    return Math.min(this.maxDelayMs, Math.max(remaining, Math.max(100, estimate) * 2 ** (poll - 2) * 0.5));
  }
}
