// `kraken-import push`: gets every record of the inputs into Kraken exactly once, with a per-record report.
import { access } from 'node:fs/promises';
import { loadConfig } from '../config/load-config.js';
import { ApiUnusableError, ExitCode, UsageError } from '../core/errors.js';
import { compactReport } from '../pipeline/compact-report.js';
import { CreateJournal, journalPathFor } from '../pipeline/journal.js';
import { PollSchedule } from '../pipeline/poll-schedule.js';
import { pushRecords } from '../pipeline/push-records.js';
import { freshState, readResumeState } from '../pipeline/resume-state.js';
import { countInBackground } from '../records/count-records.js';
import { readItems } from '../records/read-records.js';
import { createClient, resolveRemoteSettings, type RemoteFlags } from '../config/remote-settings.js';
import { formatCounts, formatFailedRecord, plural } from '../report/format-result.js';
import { NdjsonWriter } from '../report/ndjson-writer.js';
import { createProgress } from '../report/progress.js';
import {
  allSucceeded,
  countOutcome,
  successOutcomes,
  type OutcomeCounts,
  type RecordResult,
} from '../report/record-result.js';
import { createChalk, createLogger } from '../report/terminal.js';
import { checkRecords } from '../checking/check-records.js';
import type { CommandDeps, CommandResult } from './deps.js';
import { prepareInputs, type InputFlags } from './prepare-inputs.js';

/** Options of `push`, as parsed from flags. */
export interface PushFlags extends RemoteFlags, InputFlags {
  config?: string;
  report?: string;
  resume?: boolean;
  dryRun?: boolean;
  wait?: boolean;
  skipRemoteValidate?: boolean;
  windowStart?: string;
  windowEnd?: string;
  waitTimeout?: number;
  json?: boolean;
}

/** The report file used when --report is not given. */
export const defaultReportPath = 'kraken-import-report.ndjson';
const maxWindowAheadMs = 4 * 24 * 3600 * 1000;

function checkWindow(
  start: string | undefined,
  end: string | undefined,
  now: number,
): { start: string | null; end: string | null } {
  const parse = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const time = Date.parse(value);
    if (Number.isNaN(time) || !/[T ]\d{2}:\d{2}/.test(value))
      throw new UsageError(`${flag}: "${value}" is not an ISO 8601 date-time`);
    return time;
  };
  const startTime = parse('--window-start', start);
  const endTime = parse('--window-end', end);
  if (startTime !== undefined && startTime < now - 60_000)
    throw new UsageError('--window-start is in the past (schedule_window_start_in_past)');
  if (endTime !== undefined && endTime > now + maxWindowAheadMs) {
    throw new UsageError('--window-end is more than 4 days ahead (schedule_window_end_too_far_in_future)');
  }
  if (startTime !== undefined && endTime !== undefined && startTime >= endTime) {
    throw new UsageError('--window-start must be before --window-end (schedule_window_start__after_end)');
  }
  return {
    start: startTime === undefined ? null : new Date(startTime).toISOString(),
    end: endTime === undefined ? null : new Date(endTime).toISOString(),
  };
}

function quote(argument: string): string {
  return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, `'\\''`)}'`;
}

/** Pushes every record; exit 0 when all succeeded, 1 when any failed, 3 when the API became unusable, 130 when interrupted. */
export async function push(flags: PushFlags, deps: CommandDeps): Promise<CommandResult> {
  const config = await loadConfig(flags.config, deps.cwd);
  const settings = await resolveRemoteSettings(flags, config, deps.env, deps.cwd);
  const inputs = await prepareInputs(flags, config.tenant, deps.stdin);
  const window = checkWindow(flags.windowStart, flags.windowEnd, deps.now().getTime());
  const dryRun = flags.dryRun === true;
  if (settings.payloadWrapper === 'bare' && (dryRun || window.start !== null || window.end !== null)) {
    throw new UsageError(
      'payload_wrapper: bare cannot send --dry-run or schedule windows (they travel in task_params)',
    );
  }
  const reportPath = flags.report ?? defaultReportPath;
  const journalPath = journalPathFor(reportPath);
  const reportExists = await access(reportPath).then(
    () => true,
    () => false,
  );
  if (reportExists && flags.resume !== true) {
    throw new UsageError(`${reportPath} already exists: add --resume to finish that run, or choose another --report`);
  }
  const waitTimeoutSeconds = flags.waitTimeout ?? config.values.wait_timeout ?? 600;

  const out = createChalk(deps.stdout, deps.env);
  const errChalk = createChalk(deps.stderr, deps.env);
  const log = createLogger(deps.stderr, errChalk);
  const resume = flags.resume === true ? await readResumeState(reportPath, journalPath, dryRun) : freshState();
  if (flags.resume === true && !reportExists) log.warn(`${reportPath} does not exist: starting a fresh run`);
  if (resume.succeeded.size > 0)
    log.info(`resuming: ${resume.succeeded.size} records already succeeded and will be skipped`);

  const client = createClient(settings);
  const report = await NdjsonWriter.open(reportPath, reportExists);
  const journal = await CreateJournal.open(journalPath);
  const progress = createProgress(deps.stderr, errChalk, dryRun ? 'push (dry run)' : 'push');
  countInBackground(flags.files, flags.inputFormat, (total) => {
    progress.setTotal(total);
  });

  const counts: OutcomeCounts = {};
  const started = Date.now();
  let summary;
  try {
    const items = readItems(flags.files, inputs);
    const checked = checkRecords(items, {
      tenant: config.tenant,
      importSupplier: settings.importSupplier,
      now: deps.now,
      workers: 0,
    });
    summary = await pushRecords(
      checked,
      {
        client,
        journal,
        resume,
        schedule: new PollSchedule(),
        skipRemoteValidate: flags.skipRemoteValidate === true,
        wait: flags.wait !== false,
        taskParams: { is_dry_run: dryRun, schedule_window_start: window.start, schedule_window_end: window.end },
        waitTimeoutMs: waitTimeoutSeconds * 1000,
        maxCreateSends: settings.retry.maxAttempts,
        intakeLimit: Math.max(4, settings.concurrency * 4),
        pollingLimit: 100_000,
        signal: deps.signal,
        now: () => deps.now().getTime(),
      },
      async (result: RecordResult) => {
        const finished = { ...result, finished_at: deps.now().toISOString() };
        countOutcome(counts, result.outcome);
        await report.write(finished);
        if (flags.json === true) deps.stdout.write(`${JSON.stringify(finished)}\n`);
        else if (!successOutcomes.has(result.outcome))
          progress.print(deps.stdout, `${formatFailedRecord(result, out)}\n`);
        progress.tick(counts);
      },
    );
  } finally {
    progress.stop();
    await report.close();
    await journal.close();
    await client.close();
  }
  if (reportExists) await compactReport(reportPath);

  const records = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const seconds = (Date.now() - started) / 1000;
  const requests = client.requestCounts;
  if (flags.json === true) {
    deps.stdout.write(
      `${JSON.stringify({ summary: { records, ...counts, requests, seconds, report: reportPath } })}\n`,
    );
  } else {
    const verb = dryRun ? 'Dry-ran' : 'Pushed';
    deps.stdout.write(
      `\n${verb} ${plural(records, 'record')} in ${seconds.toFixed(1)}s: ${formatCounts(counts, out)}.\n` +
        `Requests: ${requests.validate} validate, ${requests.create} create, ${requests.status} status. Report: ${reportPath}\n`,
    );
  }
  const argv = deps.argv.length > 0 ? deps.argv : ['push', ...flags.files, '--report', reportPath];
  const resumeCommand = ['kraken-import', ...argv]
    .filter((argument) => argument !== '--resume')
    .concat('--resume')
    .map(quote)
    .join(' ');
  if (summary.fatal !== undefined) {
    log.info(`the run stopped; every record is in ${reportPath}. Once fixed, finish it with:\n  ${resumeCommand}`);
    throw new ApiUnusableError(summary.fatal.message);
  }
  if (summary.interrupted) {
    log.info(`interrupted; finish the run with:\n  ${resumeCommand}`);
    return { exitCode: ExitCode.interrupted };
  }
  return { exitCode: allSucceeded(counts) ? ExitCode.ok : ExitCode.recordsFailed };
}
