// `kraken-import push`: gets every record of the inputs into Kraken exactly once, with a per-record report.
import { access, rm } from 'node:fs/promises';
import { checkRecords } from '../checking/check-records.js';
import type { PushFlags } from '../cli-options.js';
import { remoteDefaults } from '../config/defaults.js';
import { coercionPolicy, loadConfig } from '../config/load-config.js';
import { createClient, resolveRemoteSettings, type RemoteSettings } from '../config/remote-settings.js';
import { ApiUnusableError, ExitCode, exitCodeFor, UsageError } from '../core/errors.js';
import { compactReport } from '../pipeline/compact-report.js';
import { CreateJournal, journalPathFor } from '../pipeline/journal.js';
import { PollSchedule } from '../pipeline/poll-schedule.js';
import { InputScanner } from '../records/scan-inputs.js';
import { checkResumeInputs, identifyInputs, identityPathFor, recordInputIdentity } from '../pipeline/input-identity.js';
import { pushRecords, type PushOptions as PipelineOptions, type PushSummary } from '../pipeline/push-records.js';
import { freshState, lineKey, readResumeState, type ResumeState } from '../pipeline/resume-state.js';
import { readItems, type ReadOptions } from '../records/read-records.js';
import { formatCounts, plural } from '../report/format-result.js';
import { NdjsonWriter } from '../report/ndjson-writer.js';
import {
  allSucceeded,
  isFailureOutcome,
  type Outcome,
  type OutcomeCounts,
  type RecordResult,
} from '../report/record-result.js';
import type { CommandDeps, CommandResult } from './deps.js';
import { locator, prepareInputs } from './prepare-inputs.js';
import { shellQuote } from '../report/terminal.js';
import { RunOutput } from './run-output.js';
import { prepareRejects } from './rejects.js';
import { rejectsLines, rejectsSummary, type WrittenRejects } from './written-rejects.js';
import { remoteSettingsForManifest, startRun, writeRunManifest } from './run-manifest.js';
import { manifestPathFor, readManifest, ReportDigester } from '../report/manifest.js';
import { redactRecord } from './redaction.js';
import {
  resolveSlice,
  runSettings,
  shareOfRate,
  sliceLines,
  sliceOf,
  sliceSummary,
  type RunSlice,
} from './run-slice.js';
import { ErrorBudget } from '../report/error-budget.js';

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

/** The command that finishes this run: the same arguments with --resume. */
function resumeCommandFor(argv: readonly string[]): string {
  return ['kraken-import', ...argv]
    .filter((argument) => argument !== '--resume')
    .concat('--resume')
    .map(shellQuote)
    .join(' ');
}

/** The next command a team runs after this push, if any: settle `submitted` records, or fix and resume. */
function nextCommands(counts: OutcomeCounts, reportPath: string, resumeCommand: string): string[] {
  const next: string[] = [];
  if ((counts.submitted ?? 0) > 0) next.push(`kraken-import status --from ${shellQuote(reportPath)}`);
  const failed = Object.entries(counts).some(([outcome, count]) => count > 0 && isFailureOutcome(outcome as Outcome));
  if (failed) next.push(resumeCommand);
  return next;
}

/** Checks the report and its input before anything is sent, and reads what an earlier run left when resuming. */
async function prepareReport(
  flags: PushOptions,
  inputFiles: readonly string[],
  scanner: InputScanner,
  dryRun: boolean,
  log: (message: string) => void,
) {
  const reportPath = flags.report;
  const journalPath = journalPathFor(reportPath);
  const exists = (path: string) =>
    access(path).then(
      () => true,
      () => false,
    );
  const reportExists = await exists(reportPath);
  // A journal without its report (a run killed before its first line) still names creates that may have been sent.
  const earlierRun = reportExists || (await exists(journalPath)) || (await exists(identityPathFor(reportPath)));
  if (earlierRun && flags.resume !== true) {
    const what = reportExists ? reportPath : `${journalPath} (an earlier run's journal)`;
    throw new UsageError(`${what} already exists: add --resume to finish that run, or choose another --report`);
  }
  const identity = await identifyInputs(inputFiles, scanner);
  if (earlierRun) {
    const warning = await checkResumeInputs(reportPath, identity);
    if (warning !== undefined) log(warning);
  }
  const resume = earlierRun ? await readResumeState(reportPath, journalPath, dryRun) : freshState();
  return { reportPath, journalPath, reportExists, earlierRun, resume, identity };
}

/** Pushes every record; exit 0 when all succeeded, 1 when any failed, 3 when the API became unusable, 130 when interrupted. */
export async function push(flags: PushOptions, deps: CommandDeps): Promise<CommandResult> {
  const start = startRun('push', deps);
  const config = await loadConfig(flags.config, deps.cwd, flags.schema);
  const settings = await resolveRemoteSettings(flags, config, deps.env, deps.cwd);
  const rejects =
    flags.rejects === undefined
      ? undefined
      : await prepareRejects({
          path: flags.rejects,
          mappingPath: flags.mapping,
          files: flags.files,
          inputFormat: flags.inputFormat,
          // A resumed run's rejects file is its own earlier one: replaced without --force, as its resume command says.
          replace: flags.force === true || flags.resume === true,
          otherOutputs: [flags.report, journalPathFor(flags.report), identityPathFor(flags.report)],
          cwd: deps.cwd,
        });
  const inputs = await prepareInputs(flags, config, () => rejects?.readStdin(deps.stdin) ?? deps.stdin);
  const window = checkWindow(flags.windowStart, flags.windowEnd, deps.now().getTime());
  const dryRun = flags.dryRun === true;
  if (settings.payloadWrapper === 'bare' && (dryRun || window.start !== null || window.end !== null)) {
    throw new UsageError(
      'payload_wrapper: bare cannot send --dry-run or schedule windows (they travel in task_params)',
    );
  }
  const warnings: string[] = [];
  // One pass over the inputs gives their identity (checked on --resume) and the progress total.
  const scanner = new InputScanner({ hash: true });
  const { reportPath, journalPath, reportExists, earlierRun, resume, identity } = await prepareReport(
    flags,
    inputs.inputFiles,
    scanner,
    dryRun,
    (message) => warnings.push(message),
  );
  // A report kept free of personal data stays so: resuming it redacts, with or without --redact.
  const earlierRedacted = earlierRun && (await readManifest(reportPath).catch(() => undefined))?.redacted === true;
  const redact = flags.redact === true || earlierRedacted;
  const redactor = redact ? redactRecord : undefined;
  const waitTimeoutSeconds = flags.waitTimeout ?? config.values.wait_timeout ?? remoteDefaults.waitTimeoutSeconds;
  const runSlice = await resolveSlice(flags, deps.env, { inputs, importSupplier: settings.importSupplier });

  // The stop signal abandons requests in flight (a create among them stays of unknown outcome: `submitted`).
  // A shard sends its share of the rate: --rate is what the tenant takes from all shards together.
  const client = createClient({ ...settings, rate: shareOfRate(settings.rate, runSlice) }, deps.signal);
  // One request proves the base URL and the key before any file is written or record sent (exit 3, fix in words).
  await client.preflight(settings.importSupplier).catch(async (error: unknown) => {
    await client.close();
    throw error;
  });
  await recordInputIdentity(reportPath, identity);
  // A new report's digest for its manifest is worked out as it is written; a resumed one is read back (it holds the
  // earlier runs' lines, and is compacted).
  const digester = reportExists ? undefined : new ReportDigester();
  const report = await NdjsonWriter.open(reportPath, reportExists, digester);
  const journal = await CreateJournal.open(journalPath);
  const output = new RunOutput(deps, {
    label: dryRun ? 'push (dry run)' : 'push',
    json: flags.json === true,
    total: scanner.records(inputs.countedFiles, inputs.countedFormat),
    sinks: rejects === undefined ? [report] : [report, rejects],
    reportPath,
    redact: redactor,
    locate: locator(inputs.provenance),
  });
  for (const warning of warnings) output.log.warn(warning);
  if (redact && flags.redact !== true) output.log.info(`${reportPath} is redacted: this run redacts its lines too`);
  const shard = runSlice.slice?.shard;
  if (shard !== undefined && settings.rate !== undefined) {
    const share = shareOfRate(settings.rate, runSlice) ?? settings.rate;
    output.log.info(
      `shard ${shard.index}/${shard.count}: at most ${Number(share.toFixed(3))} requests/s, its share of --rate ${settings.rate}`,
    );
  }
  if (flags.resume === true && !earlierRun) output.log.warn(`${reportPath} does not exist: starting a fresh run`);
  if (resume.otherKindRecords > 0) {
    // A rehearsal's report resumed for real (or the other way round) is allowed, but never silently.
    output.log.warn(
      dryRun
        ? `${reportPath}: ${plural(resume.otherKindRecords, 'record')} last pushed for real; this run is a dry run`
        : `${reportPath}: ${plural(resume.otherKindRecords, 'record')} last pushed as dry runs; this run is real: it creates accounts`,
    );
  }
  if (resume.succeeded.size > 0) {
    output.log.info(`resuming: ${resume.succeeded.size} records already succeeded and will be skipped`);
  }

  let summary: PushSummary | undefined;
  let rejected: WrittenRejects | undefined;
  try {
    const items = readItems(flags.files, inputs);
    const checked = sliceOf(
      runSlice,
      checkRecords(items, {
        tenant: config.tenant,
        schema: inputs.schema,
        importSupplier: settings.importSupplier,
        now: deps.now,
        workers: 0,
        checks: {
          coercions: coercionPolicy(flags.strict, config.values),
          normalize: flags.normalize ?? config.values.normalize ?? false,
        },
        slice: runSlice.slice,
        // What an earlier run did is skipped, not sent (push-records.ts, intakeResult).
        keepPayload: (record) => !resume.succeeded.has(lineKey(record.source, record.line)),
        warn: (message) => {
          output.log.warn(message);
        },
      }),
      () => {
        output.passOver();
      },
    );
    const options = { client, journal, resume, dryRun, window, waitTimeoutSeconds, settings, deps };
    const sliceField = runSlice.label === undefined ? {} : { slice: runSlice.label };
    summary = await pushRecords(checked, pipelineOptions(flags, options), (result: RecordResult) =>
      output.record({ ...result, ...sliceField, finished_at: deps.now().toISOString() }),
    );
  } finally {
    // A report that failed while being written was already noted by the pipeline: `finish` reports it.
    await closeAll(output, journal, client, () => summary?.writeError !== undefined);
  }
  // Compacting a resumed report also redacts the earlier runs' lines when this run redacts.
  const compacted = summary.writeError === undefined && reportExists;
  if (compacted) await compactReport(reportPath, redactor);
  try {
    rejected = await rejects?.finish(inputs);
  } finally {
    await rejects?.cleanUp();
  }
  let result: CommandResult;
  try {
    result = finish(flags, deps, output, client.requestCounts, summary, reportPath, { runSlice, rejected });
  } catch (error) {
    // A run refused before any record (a bad CSV header, say) leaves no file behind to refuse the corrected rerun.
    // Only files this run created: an earlier run's journal or input identity is never removed.
    if (error instanceof UsageError && !earlierRun) {
      await removeRunFiles(reportPath, journalPath, rejected);
      throw error;
    }
    await recordRun(exitCodeFor(error));
    throw error;
  }
  await recordRun(result.exitCode);
  return result;

  /** Writes the manifest of the finished report; a failure is told, never hiding the run's own result. */
  async function recordRun(exitCode: number): Promise<void> {
    const manifest = {
      reportPath,
      start,
      settings: {
        ...pushSettings(flags, settings, inputs, waitTimeoutSeconds),
        coercions: coercionPolicy(flags.strict, config.values),
        normalize: flags.normalize ?? config.values.normalize ?? false,
        ...runSettings(runSlice, flags.maxErrors),
      },
      redacted: redact && (!reportExists || earlierRedacted || compacted),
      schema: inputs.schema,
      mappingPath: flags.mapping,
      configPath: config.path,
      inputs: identity,
      exitCode,
      counts: output.counts,
      continues: earlierRun,
      reportDigest: digester?.digest(),
      apiKey: settings.apiKey,
    };
    await writeRunManifest(manifest, deps).catch((error: unknown) => {
      output.log.warn(`cannot write the manifest of ${reportPath}: ${(error as Error).message}`);
    });
  }
}

/** The effective settings of a push, for its manifest. */
function pushSettings(
  flags: PushOptions,
  settings: RemoteSettings,
  inputs: ReadOptions,
  waitTimeoutSeconds: number,
): Record<string, unknown> {
  return {
    ...remoteSettingsForManifest(settings),
    dry_run: flags.dryRun === true,
    wait: flags.wait,
    skip_remote_validate: flags.skipRemoteValidate === true,
    window_start: flags.windowStart ?? null,
    window_end: flags.windowEnd ?? null,
    wait_timeout_seconds: waitTimeoutSeconds,
    resume: flags.resume === true,
    input_format: inputs.format ?? null,
    encoding: inputs.encoding,
    max_record_bytes: inputs.maxRecordBytes,
  };
}

/** Removes the files a new run created: its report, journal, input identity, manifest and rejects. */
async function removeRunFiles(reportPath: string, journalPath: string, rejected?: WrittenRejects): Promise<void> {
  const rejectsFiles =
    rejected === undefined ? [] : [rejected.path, rejected.reasonsPath, ...(rejected.extraFiles ?? [])];
  const files = [reportPath, journalPath, identityPathFor(reportPath), manifestPathFor(reportPath), ...rejectsFiles];
  await Promise.all(files.map((path) => rm(path, { force: true })));
}

/** The pipeline's options for this run. */
function pipelineOptions(
  flags: PushOptions,
  run: {
    client: ReturnType<typeof createClient>;
    journal: CreateJournal;
    resume: ResumeState;
    dryRun: boolean;
    window: { start: string | null; end: string | null };
    waitTimeoutSeconds: number;
    settings: Awaited<ReturnType<typeof resolveRemoteSettings>>;
    deps: CommandDeps;
  },
): PipelineOptions {
  const { settings, window, deps } = run;
  return {
    client: run.client,
    journal: run.journal,
    resume: run.resume,
    schedule: new PollSchedule(),
    skipRemoteValidate: flags.skipRemoteValidate === true,
    wait: flags.wait,
    taskParams: { is_dry_run: run.dryRun, schedule_window_start: window.start, schedule_window_end: window.end },
    waitTimeoutMs: run.waitTimeoutSeconds * 1000,
    maxCreateSends: settings.retry.maxAttempts,
    // Twice the requests in flight: a record has one request at a time, so each slot has a record ready for it while
    // another waits on the journal's fsync or a retry's backoff. More only holds payloads longer: at 4x, one waited
    // long enough to outlive two scavenges and was promoted, which cost a push of 1,000 accounts 2 more
    // mark-compacts and 0.06-0.5 s more CPU (4 interleaved runs, no failures).
    intakeLimit: Math.max(4, settings.concurrency * 2),
    pollingLimit: 100_000,
    signal: deps.signal,
    now: () => deps.now().getTime(),
    ...(flags.maxErrors === undefined ? {} : { errorBudget: new ErrorBudget(flags.maxErrors) }),
  };
}

/** Closes the run's files and client, all of them; a report failure is thrown unless `reportFailureKnown`. */
async function closeAll(
  output: RunOutput,
  journal: CreateJournal,
  client: { close(): Promise<void> },
  reportFailureKnown: () => boolean,
): Promise<void> {
  try {
    await output.close();
  } catch (error) {
    if (!reportFailureKnown()) throw error;
  } finally {
    await journal.close();
    await client.close();
  }
}

/** Prints the summary, why the run stopped and what to run next, and returns the exit code. */
function finish(
  flags: PushOptions,
  deps: CommandDeps,
  output: RunOutput,
  requests: { validate: number; create: number; status: number },
  summary: PushSummary,
  reportPath: string,
  { runSlice, rejected }: { runSlice: RunSlice; rejected: WrittenRejects | undefined },
): CommandResult {
  const dryRun = flags.dryRun === true;
  const resumeCommand = resumeCommandFor(
    deps.argv.length > 0 ? deps.argv : ['push', ...flags.files, '--report', reportPath],
  );
  // The preflight's status request sends no record; only a record read or a request about one counts.
  const sent = output.records > 0 || requests.validate + requests.create > 0;
  if (summary.readError !== undefined && !sent && summary.fatal === undefined) {
    // Nothing left this machine: the input is at fault, as for any unreadable file (exit 2).
    throw summary.readError instanceof UsageError ? summary.readError : new UsageError(summary.readError.message);
  }
  const stopped =
    summary.fatal !== undefined ||
    summary.writeError !== undefined ||
    summary.errorBudgetSpent !== undefined ||
    summary.interrupted;
  const next =
    stopped || summary.readError !== undefined
      ? [resumeCommand]
      : nextCommands(output.counts, reportPath, resumeCommand);
  const notRead =
    summary.readUpTo === undefined
      ? undefined
      : `reading stopped after ${summary.readUpTo.source}:${summary.readUpTo.line}; the records after it, if there were any, were not attempted`;
  const verb = dryRun ? 'Dry-ran' : 'Pushed';
  const lines = [
    `${verb} ${plural(output.records, 'record')} in ${output.seconds.toFixed(1)}s: ${formatCounts(output.counts, output.chalk)}.`,
    ...sliceLines(runSlice),
    ...(summary.errorBudgetSpent === undefined ? [] : [`Stopped early: ${summary.errorBudgetSpent}.`]),
    ...rejectsLines(rejected, 'push'),
    ...(notRead === undefined ? [] : [`${notRead[0]?.toUpperCase() ?? ''}${notRead.slice(1)}.`]),
    `Requests: ${requests.validate} validate, ${requests.create} create, ${requests.status} status. Report: ${reportPath}`,
    ...(next.length === 0 ? [] : ['Next:', ...next.map((command) => `  ${command}`)]),
  ];
  output.printSummary(
    {
      requests,
      seconds: output.seconds,
      report: reportPath,
      ...(summary.readUpTo === undefined ? {} : { read_up_to: summary.readUpTo }),
      ...sliceSummary(runSlice),
      ...rejectsSummary(rejected),
      ...(summary.errorBudgetSpent === undefined
        ? {}
        : { stopped: { reason: 'max_errors', detail: summary.errorBudgetSpent } }),
      next,
    },
    lines.join('\n'),
  );
  return exitFor(summary, output, reportPath, resumeCommand);
}

/** Logs why the run stopped (with the resume command) and picks the exit code: 3, 130, then 1 or 0. */
function exitFor(summary: PushSummary, output: RunOutput, reportPath: string, resumeCommand: string): CommandResult {
  const resumeHint = `Once fixed, finish it with:\n  ${resumeCommand}`;
  if (summary.writeError !== undefined) {
    output.log.error(
      `cannot write the report ${reportPath}: ${summary.writeError.message}; the run stopped. ${resumeHint}`,
    );
  }
  if (summary.readError !== undefined) {
    // --resume reads the very input the report was started with: it serves a read that failed on its own (a disk or
    // network error), not an input that must change to be fixed (a truncated or corrupt file).
    output.log.error(
      `${summary.readError.message}; every record read before it has its outcome in ${reportPath}. ` +
        `If the file itself is sound, finish the run with:\n  ${resumeCommand}\n` +
        `If it must be fixed, push the fixed file to a new report (--report <new path>): ` +
        `accounts created already then end already_imported.`,
    );
  }
  if (summary.fatal !== undefined) {
    output.log.info(`the run stopped; records not attempted have no line yet. ${resumeHint}`);
    throw new ApiUnusableError(summary.fatal.message);
  }
  if (summary.interrupted) {
    output.log.info(`interrupted; finish the run with:\n  ${resumeCommand}`);
    return { exitCode: ExitCode.interrupted };
  }
  if (summary.errorBudgetSpent !== undefined) {
    output.log.error(
      `the run stopped: ${summary.errorBudgetSpent}; records not attempted have no line yet. ${resumeHint}`,
    );
    return { exitCode: ExitCode.recordsFailed };
  }
  if (summary.writeError !== undefined || summary.readError !== undefined) return { exitCode: ExitCode.recordsFailed };
  return { exitCode: allSucceeded(output.counts) ? ExitCode.ok : ExitCode.recordsFailed };
}
