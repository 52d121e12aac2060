// What a finished report says as a whole: outcomes, the errors a data team works down, timings and retries.
import { isFailureOutcome, type OutcomeCounts, type RecordResult, countOutcome } from './record-result.js';

/** One row of the error table: how many records have this code at this attr. */
export interface ErrorRow {
  attr: string;
  code: string;
  records: number;
  /** One example, for the people fixing the data. */
  example: { source: string; line: number; detail: string };
}

/** Records finished, extra attempts and the median duration in one slice of the run's time. */
export interface TimelinePoint {
  /** Start of the slice (ms since the epoch). */
  at: number;
  finished: number;
  /** Attempts beyond one per request made (retries). */
  retries: number;
  /** Median seconds from intake to the end of the records finished in the slice; null without timings. */
  medianSeconds: number | null;
}

/** A failed record, for the searchable list. */
export interface FailedRow {
  source: string;
  line: number;
  account: string | null;
  outcome: string;
  codes: string;
  detail: string;
}

/** The whole of a report, ready to print or to draw. */
export interface ReportStats {
  records: number;
  counts: OutcomeCounts;
  kind: 'push' | 'validate';
  dryRun: boolean;
  errors: ErrorRow[];
  slowest: { source: string; line: number; account: string | null; seconds: number; outcome: string }[];
  timeline: TimelinePoint[];
  /** Records per second from the first start to the last finish; null without timings. */
  throughput: number | null;
  /** Seconds from the first start to the last finish; null without timings. */
  spanSeconds: number | null;
  retries: number;
  /** The first `failedRowsKept` failed records. */
  failed: FailedRow[];
  /** Every failed record, listed or not. */
  failedCount: number;
}

const timelineSlices = 60;

function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** Attempts of validate and create beyond the first (status requests are polls, not retries). */
function retriesOf(result: RecordResult): number {
  const attempts = result['attempts'];
  if (typeof attempts !== 'object' || attempts === null) return 0;
  const counts = attempts as Record<string, unknown>;
  return ['validate', 'create'].reduce((sum, endpoint) => {
    const count = counts[endpoint];
    return typeof count === 'number' && count > 1 ? sum + count - 1 : sum;
  }, 0);
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? null) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Failed records listed in full at most; the count of the rest is kept (the report itself has them all). */
export const failedRowsKept = 10_000;

/** A record's timing: when it entered the pipeline, when it finished, and its retries. */
interface Timing {
  started: number;
  finished: number;
  retries: number;
}

/** Buckets finished records over the run's span. */
function timelineOf(timings: readonly Timing[], first: number, last: number): TimelinePoint[] {
  if (timings.length === 0) return [];
  const width = Math.max(1000, Math.ceil((last - first + 1) / timelineSlices));
  const slices = Math.ceil((last - first + 1) / width);
  const points = Array.from({ length: slices }, (_, index) => ({
    at: first + index * width,
    finished: 0,
    retries: 0,
    durations: [] as number[],
  }));
  for (const timing of timings) {
    const point = points[Math.min(slices - 1, Math.floor((timing.finished - first) / width))];
    if (point === undefined) continue;
    point.finished += 1;
    point.retries += timing.retries;
    point.durations.push((timing.finished - timing.started) / 1000);
  }
  return points.map(({ at, finished, retries, durations }) => ({
    at,
    finished,
    retries,
    medianSeconds: median(durations),
  }));
}

/** Reads a report's lines one at a time (any size) and sums them up into `ReportStats`. */
export class ReportAccumulator {
  private records = 0;
  private readonly counts: OutcomeCounts = {};
  private readonly errors = new Map<string, ErrorRow>();
  private readonly timings: Timing[] = [];
  private readonly slowest: ReportStats['slowest'] = [];
  private readonly failed: FailedRow[] = [];
  private failedCount = 0;
  private retries = 0;
  private first = Infinity;
  private last = -Infinity;
  private push = false;
  private dryRun = false;

  /** Takes one line of the report. */
  add(result: RecordResult): void {
    this.records += 1;
    countOutcome(this.counts, result.outcome);
    const retries = retriesOf(result);
    this.retries += retries;
    if (typeof result['dry_run'] === 'boolean') this.push = true;
    if (result['dry_run'] === true) this.dryRun = true;
    this.addErrors(result);
    const started = timeOf(result['started_at']);
    const finished = timeOf(result['finished_at']);
    if (started !== undefined && finished !== undefined) {
      this.timings.push({ started, finished, retries });
      this.first = Math.min(this.first, started);
      this.last = Math.max(this.last, finished);
      this.keepIfSlow(result, (finished - started) / 1000);
    }
    if (isFailureOutcome(result.outcome)) this.addFailed(result);
  }

  private addErrors(result: RecordResult): void {
    const seen = new Set<string>();
    for (const error of result.errors) {
      const attr = error.attr ?? '(record)';
      const key = `${attr}\u0000${error.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const row = this.errors.get(key);
      if (row === undefined) {
        const example = { source: result.source, line: result.line, detail: error.detail };
        this.errors.set(key, { attr, code: error.code, records: 1, example });
      } else {
        row.records += 1;
      }
    }
  }

  private keepIfSlow(result: RecordResult, seconds: number): void {
    const { source, line, outcome } = result;
    this.slowest.push({ source, line, account: result.external_account_number, seconds, outcome });
    this.slowest.sort((a, b) => b.seconds - a.seconds);
    this.slowest.length = Math.min(this.slowest.length, 5);
  }

  private addFailed(result: RecordResult): void {
    this.failedCount += 1;
    if (this.failed.length >= failedRowsKept) return;
    this.failed.push({
      source: result.source,
      line: result.line,
      account: result.external_account_number,
      outcome: result.outcome,
      codes: result.errors
        .map((error) => (error.attr === undefined ? error.code : `${error.attr} ${error.code}`))
        .join(', '),
      detail: result.errors.map((error) => error.detail).join(' | '),
    });
  }

  /** Everything the report says, once every line was added. */
  stats(): ReportStats {
    const span = this.timings.length === 0 ? null : (this.last - this.first) / 1000;
    return {
      records: this.records,
      counts: this.counts,
      kind: this.push ? 'push' : 'validate',
      dryRun: this.dryRun,
      errors: [...this.errors.values()].sort((a, b) => b.records - a.records || a.attr.localeCompare(b.attr)),
      slowest: this.slowest,
      timeline: timelineOf(this.timings, this.first, this.last),
      throughput: span === null || span === 0 ? null : this.timings.length / span,
      spanSeconds: span,
      retries: this.retries,
      failed: this.failed,
      failedCount: this.failedCount,
    };
  }
}

/** Sums up the lines of a report held in memory (tests, small reports). */
export function reportStats(results: Iterable<RecordResult>): ReportStats {
  const accumulator = new ReportAccumulator();
  for (const result of results) accumulator.add(result);
  return accumulator.stats();
}
