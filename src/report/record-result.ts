// The per-record result line shared by the report file, `--json` output and the JUnit writer.
import type { FieldError } from '../core/field-error.js';

/** Every outcome a record can end with (see the command-line contract). */
export type Outcome =
  | 'valid'
  | 'invalid'
  | 'processed'
  | 'dry_run_succeeded'
  | 'already_imported'
  | 'submitted'
  | 'skipped'
  | 'rejected'
  | 'errored'
  | 'dry_run_errored'
  | 'cancelled'
  | 'failed'
  | 'interrupted';

/** The outcomes that count as success for the exit code, in the order summaries list them. */
const successOutcomeList = [
  'valid',
  'processed',
  'dry_run_succeeded',
  'already_imported',
  'submitted',
  'skipped',
] as const satisfies readonly Outcome[];

/** Every outcome in the order summaries list them: successes, then failures, then the unfinished. */
export const outcomeOrder = [
  ...successOutcomeList,
  'invalid',
  'rejected',
  'errored',
  'dry_run_errored',
  'cancelled',
  'failed',
  'interrupted',
] as const satisfies readonly Outcome[];

/** Compiles only while `outcomeOrder` names every outcome. */
export type EveryOutcomeOrdered = IsTrue<
  [Exclude<Outcome, (typeof outcomeOrder)[number]>] extends [never] ? true : false
>;
type IsTrue<T extends true> = T;

/** Outcomes that count as success for the exit code. */
export const successOutcomes: ReadonlySet<Outcome> = new Set<Outcome>(successOutcomeList);

/**
 * Outcomes that are neither success nor failure: the run stopped (Ctrl-C, SIGTERM, an outage) before the record
 * finished or before it was attempted, and `--resume` does it. Counted apart in summaries, not listed one by one.
 */
export const unfinishedOutcomes: ReadonlySet<Outcome> = new Set<Outcome>(['interrupted']);

/** Tells whether an outcome is a failure: neither a success nor unfinished. */
export function isFailureOutcome(outcome: Outcome): boolean {
  return !successOutcomes.has(outcome) && !unfinishedOutcomes.has(outcome);
}

/** The outcome each terminal status gives a record. */
export const statusOutcomes: Readonly<Record<string, Outcome>> = {
  PROCESSED: 'processed',
  ERRORED: 'errored',
  CANCELLED: 'cancelled',
  DRY_RUN_SUCCEEDED: 'dry_run_succeeded',
  DRY_RUN_ERRORED: 'dry_run_errored',
};

/** One line of the report: what happened to one input record. */
export interface RecordResult {
  source: string;
  line: number;
  external_account_number: string | null;
  outcome: Outcome;
  errors: FieldError[];
  /** What Kraken accepts but a person should know: unknown fields it ignores, values it reads differently. */
  warnings?: FieldError[];
  status?: string | null;
  kraken_identifier?: string | null;
  account_id?: string | null;
  [extra: string]: unknown;
}

/** Tells whether every outcome counted in a run is a success (also true for a run of no records); `interrupted` is not. */
export function allSucceeded(counts: OutcomeCounts): boolean {
  return Object.keys(counts).every((outcome) => successOutcomes.has(outcome as Outcome));
}

/** Counts of outcomes over a run. */
export type OutcomeCounts = Partial<Record<Outcome, number>>;

/** Adds one outcome to a tally. */
export function countOutcome(counts: OutcomeCounts, outcome: Outcome): void {
  counts[outcome] = (counts[outcome] ?? 0) + 1;
}
