// Failed records on the terminal without flooding it: the first few of each error code, then a count of the rest.
import type { ChalkInstance } from 'chalk';
import { formatFailedRecord } from './format-result.js';
import type { RecordResult } from './record-result.js';
import { visible } from './terminal.js';

/** Failed records shown on the terminal per error code; the rest are counted (reports and --json have them all). */
export const failuresShownPerCode = 5;

/** Prints failed records as they come, at most `failuresShownPerCode` of each code. */
export class FailureList {
  private readonly shownByCode = new Map<string, number>();
  private readonly hiddenByCode = new Map<string, number>();

  constructor(
    private readonly chalk: ChalkInstance,
    private readonly print: (text: string) => void,
  ) {}

  /** Prints a failed record, or counts it when enough of its code were shown already. */
  add(result: RecordResult): void {
    const code = result.errors[0]?.code ?? result.outcome;
    const shown = this.shownByCode.get(code) ?? 0;
    if (shown < failuresShownPerCode) {
      this.shownByCode.set(code, shown + 1);
      this.print(`${formatFailedRecord(result, this.chalk)}\n`);
    } else {
      this.hiddenByCode.set(code, (this.hiddenByCode.get(code) ?? 0) + 1);
    }
  }

  /** One `… and N more CODE (where)` line per code that had records left out; empty when none were. */
  moreLines(reportPath: string | undefined): string {
    const where = reportPath === undefined ? 'add --report <file> to keep them all' : `see ${visible(reportPath)}`;
    return [...this.hiddenByCode]
      .map(
        ([code, count]) => `… and ${count.toLocaleString('en-US')} more ${this.chalk.red(visible(code))} (${where})\n`,
      )
      .join('');
  }
}
