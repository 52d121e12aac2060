// Human-readable lines for results: `file:line account attr code detail`, and the closing summary.
import type { ChalkInstance } from 'chalk';
import { visible } from './terminal.js';
import {
  outcomeOrder,
  successOutcomes,
  unfinishedOutcomes,
  type Outcome,
  type OutcomeCounts,
  type RecordResult,
} from './record-result.js';

/** `customers.csv:812 column EMAIL_ADDR`: where in an export of several files an error's field came from. */
function fromText(error: { source?: string; column?: string }): string {
  return error.column === undefined ? (error.source ?? '') : `${error.source ?? ''} column ${error.column}`;
}

/** Formats each error of a failed record as one line. */
export function formatFailedRecord(result: RecordResult, chalk: ChalkInstance): string {
  const where = chalk.dim(`${visible(result.source)}:${result.line}`);
  const account = chalk.bold(visible(result.external_account_number ?? '(no account number)'));
  const errors = result.errors.length > 0 ? result.errors : [{ code: result.outcome, detail: '' }];
  return errors
    .map((error) => {
      const attr = 'attr' in error && error.attr !== undefined ? `${visible(error.attr)} ` : '';
      const detail = visible(error.detail.replace(/\n/g, ' '));
      const from =
        'source' in error && error.source !== undefined ? ` ${chalk.dim(`(${visible(fromText(error))})`)}` : '';
      return `${where} ${account} ${attr}${chalk.red(visible(error.code))} ${detail}${from}`.trimEnd();
    })
    .join('\n');
}

/**
 * Formats outcome counts as `3 valid, 1 invalid` (successes green, unfinished yellow, failures red), always in the
 * same order (`outcomeOrder`), whichever outcome came first in the run.
 */
export function formatCounts(counts: OutcomeCounts, chalk: ChalkInstance): string {
  const rank = (outcome: string) => {
    const index = (outcomeOrder as readonly string[]).indexOf(outcome);
    return index < 0 ? outcomeOrder.length : index;
  };
  const parts = Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([outcome, count]) => {
      const text = `${count} ${outcome}`;
      if (successOutcomes.has(outcome as Outcome)) return chalk.green(text);
      return unfinishedOutcomes.has(outcome as Outcome) ? chalk.yellow(text) : chalk.red(text);
    });
  return parts.length > 0 ? parts.join(', ') : 'no records';
}

/** `1 record`, `2 records`: a count with its noun in the right number. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
