// What the stages of one push share: its options, the client, the stop signal and why the run stopped.
import type { KrakenClient, TaskParams } from '../api/kraken-client.js';
import type { ApiUnusableError } from '../core/errors.js';
import type { FieldError } from '../core/field-error.js';
import { SignalledSleeps } from './abortable-sleep.js';
import type { CreateJournal } from './journal.js';
import type { PollSchedule } from './poll-schedule.js';
import type { RecordRun } from './record-run.js';
import type { ResumeState } from './resume-state.js';
import type { RecordResult } from '../report/record-result.js';
import type { ErrorBudget } from '../report/error-budget.js';

/** Everything the pipeline needs, passed in so that tests can drive it. */
export interface PushOptions {
  client: KrakenClient;
  journal: CreateJournal;
  resume: ResumeState;
  schedule: PollSchedule;
  skipRemoteValidate: boolean;
  /** Poll until a terminal status; false stops after create (`submitted`). */
  wait: boolean;
  taskParams: TaskParams;
  waitTimeoutMs: number;
  /** Creates sent at most for one record when each one's outcome stays unknown and the lookup then finds nothing. */
  maxCreateSends: number;
  /** Records in the validate/create stages at once (they hold their payload). */
  intakeLimit: number;
  /** Records waiting for their import to finish at once (they hold only a few fields). */
  pollingLimit: number;
  /** Aborted by SIGINT/SIGTERM. */
  signal: AbortSignal;
  now: () => number;
  /** Waits between status requests, resolving early when the signal aborts; sleeps on a timer by default. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** --max-errors: once spent, the run stops as after an outage (records not read get no line), but exits 1. */
  errorBudget?: ErrorBudget;
}

/** The state one push run shares between its stages, passed to each explicitly. */
export class PushContext {
  readonly client: KrakenClient;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly stopper = new AbortController();
  private stopReason: ApiUnusableError | undefined;
  private writeFailure: Error | undefined;
  private budgetSpent: string | undefined;

  constructor(readonly options: PushOptions) {
    this.client = options.client;
    // The pipeline sleeps only until the stop (the signal it passes is always `stopSignal`): one listener on it wakes
    // every waiting record.
    const sleeps = new SignalledSleeps(this.stopper.signal);
    this.sleep = options.sleep ?? ((ms) => sleeps.sleep(ms));
  }

  /** Aborted once the run stops taking records: an interrupt, or an API that became unusable. */
  get stopSignal(): AbortSignal {
    return this.stopper.signal;
  }

  /** Whether the run has stopped. */
  get stopped(): boolean {
    return this.stopper.signal.aborted;
  }

  /** Set when the API became unusable (401/403, unreachable): the reason the run stopped. */
  get fatal(): ApiUnusableError | undefined {
    return this.stopReason;
  }

  /** Set when a result could not be written (the report): the run stopped. */
  get writeError(): Error | undefined {
    return this.writeFailure;
  }

  /**
   * Whether reading the input stops at once: after an outage or an unwritable report the records not yet read are
   * left to `--resume` (no line), while after an interrupt every remaining record still gets its `interrupted` line.
   */
  get stopsReading(): boolean {
    return this.stopReason !== undefined || this.writeFailure !== undefined || this.budgetSpent !== undefined;
  }

  /** Set when the error budget (--max-errors) was spent: why the run stopped. */
  get errorBudgetSpent(): string | undefined {
    return this.budgetSpent;
  }

  /** Counts a finished record against the error budget, and stops the run once the budget is spent. */
  countAgainstBudget(result: RecordResult): void {
    const budget = this.options.errorBudget;
    if (budget === undefined || !budget.count(result.outcome) || this.stopped) return;
    this.budgetSpent = budget.spent;
    this.stopper.abort();
  }

  /** Stops the run; `reason`, when given, is kept unless an earlier one was. */
  stop(reason?: ApiUnusableError): void {
    this.stopReason ??= reason;
    this.stopper.abort();
  }

  /** Stops the run because a result could not be written. */
  stopOnWriteError(error: Error): void {
    this.writeFailure ??= error;
    this.stopper.abort();
  }

  /** The error of a record that the stop kept from finishing. */
  stopError(): FieldError {
    if (this.stopReason !== undefined) {
      return { code: 'api_unusable', detail: `The run stopped: ${this.stopReason.message}.` };
    }
    if (this.writeFailure !== undefined) {
      return { code: 'report_unwritable', detail: `The run stopped: ${this.writeFailure.message}.` };
    }
    if (this.budgetSpent !== undefined) {
      return { code: 'max_errors', detail: `The run stopped: ${this.budgetSpent}.` };
    }
    return { code: 'interrupted', detail: 'The run was interrupted before this record finished.' };
  }

  /**
   * The line of a record the stop kept from finishing: `submitted` when its import exists or may exist (the account
   * may be there: never a failure), else `interrupted` (nothing was sent that could have created it; --resume does it).
   */
  stoppedResult(run: RecordRun): RecordResult {
    const reason = this.stopError();
    if (run.createState === 'none') {
      return run.result('interrupted', [{ ...reason, detail: `${reason.detail} Run again with --resume.` }]);
    }
    const created = run.createState === 'accepted' ? 'was created' : 'may have been created';
    return run.submitted(reason.code, `${reason.detail} Its import ${created} and may finish on its own.`);
  }
}
