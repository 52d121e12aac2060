// `kraken-import report <report.ndjson>`: a report summed up for people — in the terminal, or as one HTML page.
import { access, constants, writeFile } from 'node:fs/promises';
import { chmod } from 'node:fs/promises';
import type { ReportFlags } from '../cli-options.js';
import { UsageError, ExitCode } from '../core/errors.js';
import { formatCounts, plural } from '../report/format-result.js';
import { chartScript, htmlReport } from '../report/html-report.js';
import { checkOutputPath } from '../report/output-path.js';
import { readReport } from '../report/read-report.js';
import { ReportAccumulator, type ReportStats } from '../report/report-stats.js';
import { createChalk, visible } from '../report/terminal.js';
import type { CommandDeps, CommandResult } from './deps.js';
import { redactRecord } from './redaction.js';

/** Options of `report`: its flags and the report file. */
export type ReportOptions = ReportFlags & { report: string };

/** The terminal summary: the run, its outcomes, the errors to work down, the slowest imports. */
function summaryText(path: string, stats: ReportStats, top: number, chalk: ReturnType<typeof createChalk>): string {
  const kind = stats.kind === 'push' ? (stats.dryRun ? 'a dry run of push' : 'a push') : 'a validate run';
  const timing =
    stats.spanSeconds === null || stats.throughput === null
      ? ''
      : ` in ${stats.spanSeconds.toFixed(0)}s (${stats.throughput.toFixed(1)} records/s)`;
  const lines = [
    `${chalk.bold(visible(path))}: ${kind}, ${plural(stats.records, 'record')}${timing}, ${stats.retries} ${stats.retries === 1 ? 'retry' : 'retries'}.`,
    `Outcomes: ${formatCounts(stats.counts, chalk)}.`,
  ];
  if (stats.errors.length > 0) {
    lines.push('', `Top errors (of ${plural(stats.errors.length, 'kind')}), by field and code:`);
    for (const row of stats.errors.slice(0, top)) {
      const where = `${visible(row.example.source)}:${row.example.line}`;
      lines.push(
        `  ${String(row.records).padStart(7)}  ${visible(row.attr)} ${chalk.red(visible(row.code))}  (e.g. ${where})`,
      );
    }
  }
  if (stats.slowest.length > 0) {
    lines.push('', 'Slowest imports:');
    for (const row of stats.slowest) {
      const account = visible(row.account ?? '(no account number)');
      lines.push(
        `  ${row.seconds.toFixed(1).padStart(7)}s  ${visible(row.source)}:${row.line} ${account} ${row.outcome}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Sums up a report; with --html also writes the page. Exit 0 once it is read, whatever the outcomes in it. */
export async function report(options: ReportOptions, deps: CommandDeps): Promise<CommandResult> {
  try {
    await access(options.report, constants.R_OK);
  } catch (error) {
    throw new UsageError(`cannot read ${visible(options.report)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (options.html !== undefined) await checkOutputPath('--html', options.html, deps.cwd);
  const accumulator = new ReportAccumulator();
  const redact = options.redact === true ? redactRecord : undefined;
  for await (const result of readReport(options.report))
    accumulator.add(redact === undefined ? result : redact(result));
  const stats = accumulator.stats();
  if (stats.records === 0) throw new UsageError(`${visible(options.report)} holds no report line`);
  if (options.json === true) {
    deps.stdout.write(`${JSON.stringify(stats)}\n`);
  } else {
    deps.stdout.write(summaryText(options.report, stats, options.top ?? 10, createChalk(deps.stdout, deps.env)));
  }
  if (options.html !== undefined) {
    const page = htmlReport(stats, `kraken-import report: ${options.report}`, await chartScript());
    // The page holds account numbers and error details: private to its owner, like the report.
    await writeFile(options.html, page, { mode: 0o600 });
    await chmod(options.html, 0o600);
    deps.stderr.write(`Wrote ${visible(options.html)}: open it in a browser (it needs no network).\n`);
  }
  return { exitCode: ExitCode.ok };
}
