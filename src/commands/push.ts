// `kraken-import push`: gets every record of the inputs into Kraken exactly once, with a per-record report.
import { access } from 'node:fs/promises';
import { checkRecords } from '../checking/check-records.js';
import type { PushFlags } from '../cli-options.js';
import { remoteDefaults } from '../config/defaults.js';
import { loadConfig } from '../config/load-config.js';
import { createClient, resolveRemoteSettings } from '../config/remote-settings.js';
import { ApiUnusableError, ExitCode, UsageError } from '../core/errors.js';
import { compactReport } from '../pipeline/compact-report.js';
import { CreateJournal, journalPathFor } from '../pipeline/journal.js';
import { PollSchedule } from '../pipeline/poll-schedule.js';
import { pushRecords } from '../pipeline/push-records.js';
import { freshState, readResumeState } from '../pipeline/resume-state.js';
import { readItems } from '../records/read-records.js';
import { formatCounts, plural } from '../report/format-result.js';
import { NdjsonWriter } from '../report/ndjson-writer.js';
import { allSucceeded, type RecordResult } from '../report/record-result.js';
import type { CommandDeps, CommandResult } from './deps.js';
import { prepareInputs } from './prepare-inputs.js';
import { RunOutput } from './run-output.js';

/** Options of `push`: its flags and the input files. */
export type PushOptions = PushFlags & { files: string[] };

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

/** The command that finishes this run: the same arguments with --resume. */
function resumeCommandFor(argv: readonly string[]): string {
  return ['kraken-import', ...argv]
    .filter((argument) => argument !== '--resume')
    .concat('--resume')
    .map(quote)
    .join(' ');
}

/** Pushes every record; exit 0 when all succeeded, 1 when any failed, 3 when the API became unusable, 130 when interrupted. */
export async function push(flags: PushOptions, deps: CommandDeps): Promise<CommandResult> {
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
  const reportPath = flags.report;
  const journalPath = journalPathFor(reportPath);
  const reportExists = await access(reportPath).then(
    () => true,
    () => false,
  );
  if (reportExists && flags.resume !== true) {
    throw new UsageError(`${reportPath} already exists: add --resume to finish that run, or choose another --report`);
  }
  const waitTimeoutSeconds = flags.waitTimeout ?? config.values.wait_timeout ?? remoteDefaults.waitTimeoutSeconds;
  const resume = flags.resume === true ? await readResumeState(reportPath, journalPath, dryRun) : freshState();

  const client = createClient(settings);
  const report = await NdjsonWriter.open(reportPath, reportExists);
  const journal = await CreateJournal.open(journalPath);
  const output = new RunOutput(deps, {
    label: dryRun ? 'push (dry run)' : 'push',
    json: flags.json === true,
    files: flags.files,
    inputFormat: flags.inputFormat,
    sinks: [report],
  });
  if (flags.resume === true && !reportExists) output.log.warn(`${reportPath} does not exist: starting a fresh run`);
  if (resume.succeeded.size > 0) {
    output.log.info(`resuming: ${resume.succeeded.size} records already succeeded and will be skipped`);
  }

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
        wait: flags.wait,
        taskParams: { is_dry_run: dryRun, schedule_window_start: window.start, schedule_window_end: window.end },
        waitTimeoutMs: waitTimeoutSeconds * 1000,
        maxCreateSends: settings.retry.maxAttempts,
        intakeLimit: Math.max(4, settings.concurrency * 4),
        pollingLimit: 100_000,
        signal: deps.signal,
        now: () => deps.now().getTime(),
      },
      (result: RecordResult) => output.record({ ...result, finished_at: deps.now().toISOString() }),
    );
  } finally {
    await output.close();
    await journal.close();
    await client.close();
  }
  if (reportExists) await compactReport(reportPath);

  const requests = client.requestCounts;
  const verb = dryRun ? 'Dry-ran' : 'Pushed';
  output.printSummary(
    { requests, seconds: output.seconds, report: reportPath },
    `${verb} ${plural(output.records, 'record')} in ${output.seconds.toFixed(1)}s: ${formatCounts(output.counts, output.chalk)}.\n` +
      `Requests: ${requests.validate} validate, ${requests.create} create, ${requests.status} status. Report: ${reportPath}`,
  );
  const resumeCommand = resumeCommandFor(
    deps.argv.length > 0 ? deps.argv : ['push', ...flags.files, '--report', reportPath],
  );
  if (summary.fatal !== undefined) {
    output.log.info(
      `the run stopped; every record is in ${reportPath}. Once fixed, finish it with:\n  ${resumeCommand}`,
    );
    throw new ApiUnusableError(summary.fatal.message);
  }
  if (summary.interrupted) {
    output.log.info(`interrupted; finish the run with:\n  ${resumeCommand}`);
    return { exitCode: ExitCode.interrupted };
  }
  return { exitCode: allSucceeded(output.counts) ? ExitCode.ok : ExitCode.recordsFailed };
}
