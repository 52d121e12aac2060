// The run loop's output, shared by validate and push: each finished record is counted, written to every sink,
// shown on the terminal (or as a JSON line), and moves the progress; the run ends with one summary.
import { BatchedLines } from '../report/batched-lines.js';
import { FailureList } from '../report/failure-list.js';
import { createProgress, type Progress } from '../report/progress.js';
import { countOutcome, isFailureOutcome, type OutcomeCounts, type RecordResult } from '../report/record-result.js';
import { createChalk, createLogger, type Logger } from '../report/terminal.js';
import type { ChalkInstance } from 'chalk';
import type { CommandDeps } from './deps.js';

/** A destination of every record's result (a report file, a JUnit file, CI annotations). */
export interface ResultSink {
  write(result: RecordResult): Promise<void>;
  close(): Promise<void>;
}

/** What a run shows and where its results go. */
export interface RunOutputOptions {
  /** The progress label, e.g. `validate` or `push (dry run)`. */
  label: string;
  /** Standard output carries NDJSON results and a summary object instead of text. */
  json: boolean;
  /** The number of records, once the inputs' scan has counted them (progress then shows a total and an ETA). */
  total?: Promise<number | undefined>;
  sinks: readonly ResultSink[];
  /** The report that holds every result, named when the terminal shows only some of them. */
  reportPath: string | undefined;
  /** With `--redact`: turns each result into one without personal data before it goes anywhere. */
  redact?: ((result: RecordResult) => RecordResult) | undefined;
  /** Adds to each error where its field came from (an export assembled from several files). */
  locate?: (result: RecordResult) => RecordResult;
}

/** Collects the results of one run of validate or push. */
export class RunOutput {
  readonly counts: OutcomeCounts = {};
  /** Colours for standard output. */
  readonly chalk: ChalkInstance;
  /** Messages for people, on standard error. */
  readonly log: Logger;
  private recordCount = 0;
  private readonly started = Date.now();
  private readonly progress: Progress;
  private readonly failures: FailureList;
  /** `--json`: each record's line, written once a turn of the event loop. */
  private readonly jsonLines: BatchedLines;

  constructor(
    private readonly deps: CommandDeps,
    private readonly options: RunOutputOptions,
  ) {
    const errorChalk = createChalk(deps.stderr, deps.env);
    this.chalk = createChalk(deps.stdout, deps.env);
    this.log = createLogger(deps.stderr, errorChalk);
    this.progress = createProgress(deps.stderr, options.label);
    this.jsonLines = new BatchedLines(deps.stdout);
    this.failures = new FailureList(this.chalk, (text) => {
      this.progress.print(deps.stdout, text);
    });
    options.total?.then(
      (total) => {
        if (total !== undefined) this.progress.setTotal(total);
      },
      () => undefined,
    );
  }

  /** Warnings (unknown fields, coercions under --strict warn, an account a dry run found imported) by code. */
  private readonly warningCounts = new Map<string, number>();

  /** Records processed so far. */
  get records(): number {
    return this.recordCount;
  }

  /** Seconds since the run started. */
  get seconds(): number {
    return (Date.now() - this.started) / 1000;
  }

  /** Takes one finished record: counts it, writes it to every sink and shows it. */
  async record(finished: RecordResult): Promise<void> {
    // Each error first gets where its field came from, then every sink, standard output and the terminal's failure
    // list see the same, redacted when asked, result.
    const located = this.options.locate === undefined ? finished : this.options.locate(finished);
    const result = this.options.redact === undefined ? located : this.options.redact(located);
    this.recordCount += 1;
    for (const warning of result.warnings ?? []) {
      this.warningCounts.set(warning.code, (this.warningCounts.get(warning.code) ?? 0) + 1);
    }
    countOutcome(this.counts, result.outcome);
    for (const sink of this.options.sinks) await sink.write(result);
    if (this.options.json) {
      await this.jsonLines.write(`${JSON.stringify(result)}\n`);
    } else if (isFailureOutcome(result.outcome)) {
      // Records a stop left unfinished are counted in the summary, not listed.
      this.failures.add(result);
    }
    this.progress.tick(this.counts);
  }

  /** Moves the progress past a record the run's slice leaves out (it gets no line and no count). */
  passOver(): void {
    this.progress.tick(this.counts);
  }

  /** Stops the progress display and closes every sink (all of them, even when one fails). */
  async close(): Promise<void> {
    this.progress.stop();
    this.jsonLines.flush();
    const closed = await Promise.allSettled(this.options.sinks.map((sink) => sink.close()));
    const failure = closed.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }

  /** Prints the summary: a `{"summary": …}` line with `--json`, else `text` after a blank line. */
  printSummary(fields: Record<string, unknown>, text: string): void {
    this.jsonLines.flush();
    if (this.options.json) {
      const warnings = this.warningCounts.size === 0 ? {} : { warnings: Object.fromEntries(this.warningCounts) };
      const summary = { records: this.recordCount, ...this.counts, ...fields, ...warnings };
      this.deps.stdout.write(`${JSON.stringify({ summary })}\n`);
    } else {
      this.deps.stdout.write(`${this.failures.moreLines(this.options.reportPath)}\n${text}\n${this.warningLine()}`);
    }
  }

  /** One line tallying the warnings, which leave records valid (empty when there are none). */
  private warningLine(): string {
    if (this.warningCounts.size === 0) return '';
    const tally = [...this.warningCounts].map(([code, count]) => `${count} ${code}`).join(', ');
    const where =
      this.options.reportPath === undefined ? 'use --report to list them' : `see ${this.options.reportPath}`;
    return `Warnings (not errors): ${tally}; ${where}.\n`;
  }
}
