// The error budget of --max-errors: a count of failed records in the run, or a share of the last records finished,
// so that a bad file or a failing tenant stops a run in seconds instead of failing every record for an hour.
import { formatPortion, type Portion } from '../core/portion.js';
import { plural } from './format-result.js';
import { isFailureOutcome, type Outcome } from './record-result.js';

/** A percentage is taken over the last this many finished records... */
export const budgetWindow = 1000;
/** ...and only once at least this many have finished, so that the first few records cannot stop a run alone. */
export const budgetMinimumSample = 100;

/** Counts finished records against the budget; `spent` says why once it is passed. */
export class ErrorBudget {
  private readonly window = new Uint8Array(budgetWindow);
  private finished = 0;
  private failed = 0;
  private failedInWindow = 0;
  private reason: string | undefined;

  constructor(readonly budget: Portion) {}

  /** Takes one finished record; returns true when this one passed the budget (only once). */
  count(outcome: Outcome): boolean {
    if (this.reason !== undefined) return false;
    const failure = isFailureOutcome(outcome) ? 1 : 0;
    const slot = this.finished % budgetWindow;
    this.failedInWindow += failure - (this.window[slot] ?? 0);
    this.window[slot] = failure;
    this.finished += 1;
    this.failed += failure;
    this.reason = this.check();
    return this.reason !== undefined;
  }

  /** Why the budget is spent, once it is; undefined before. */
  get spent(): string | undefined {
    return this.reason;
  }

  private check(): string | undefined {
    const flag = `--max-errors ${formatPortion(this.budget)}`;
    if ('count' in this.budget) {
      if (this.failed <= this.budget.count) return undefined;
      return `${plural(this.failed, 'record')} failed, more than ${flag} allows`;
    }
    if (this.finished < budgetMinimumSample) return undefined;
    const seen = Math.min(this.finished, budgetWindow);
    if (this.failedInWindow * 100 <= this.budget.percent * seen) return undefined;
    return `${this.failedInWindow} of the last ${plural(seen, 'record')} failed, more than ${flag} allows`;
  }
}
