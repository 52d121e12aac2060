// `kraken-import validate`: checks every record of the inputs locally and reports the bad ones in the API's terms.
import { open, stat } from 'node:fs/promises';
import { availableParallelism, freemem } from 'node:os';
import { pMapIterable } from 'p-map';
import type { KrakenClient } from '../api/kraken-client.js';
import type { CheckedRecord } from '../checking/check-item.js';
import { checkRecords } from '../checking/check-records.js';
import type { ValidateFlags } from '../cli-options.js';
import { remoteDefaults } from '../config/defaults.js';
import { coercionPolicy, loadConfig, pick } from '../config/load-config.js';
import type { RemoteSettings } from '../config/remote-settings.js';
import { ApiUnusableError, ExitCode, UsageError } from '../core/errors.js';
import { readItems, type ReadOptions } from '../records/read-records.js';
import { formatCounts, plural } from '../report/format-result.js';
import { githubAnnotation } from '../report/github-annotations.js';
import { JunitWriter } from '../report/junit-writer.js';
import { checkOutputPath } from '../report/output-path.js';
import { NdjsonWriter } from '../report/ndjson-writer.js';
import { ReportDigester } from '../report/manifest.js';
import { allSucceeded, type Outcome, type RecordResult } from '../report/record-result.js';
import type { CommandDeps, CommandResult } from './deps.js';
import { locator, prepareInputs } from './prepare-inputs.js';
import { RunOutput, type ResultSink } from './run-output.js';
import { prepareRejects } from './rejects.js';
import { rejectsLines, rejectsSummary, type WrittenRejects } from './written-rejects.js';
import { remoteSettingsForManifest, reportGetsManifest, startRun, writeRunManifest } from './run-manifest.js';
import { identifyInputs } from '../pipeline/input-identity.js';
import { InputScanner } from '../records/scan-inputs.js';
import { redactRecord } from './redaction.js';
import { resolveSlice, runSettings, shareOfRate, sliceLines, sliceOf, sliceSummary } from './run-slice.js';
import { ErrorBudget } from '../report/error-budget.js';

/** Options of `validate`: its flags and the input files. */
export type ValidateOptions = ValidateFlags & { files: string[] };

const maxAnnotations = 50;
const interruptedError = { code: 'interrupted', detail: 'The run was interrupted before this record was checked.' };

/** A record after local checking and, with --remote, the validate endpoint; `failed` when that gave no answer. */
type RemoteChecked = CheckedRecord & { failed?: boolean };

/** Calls the validate endpoint for records that passed locally; after the API becomes unusable, marks the rest failed. */
function remoteChecker(client: KrakenClient) {
  const state: { fatal: ApiUnusableError | undefined } = { fatal: undefined };
  const stopped = (record: CheckedRecord, fatal: ApiUnusableError): RemoteChecked => ({
    ...record,
    failed: true,
    errors: [{ code: 'api_unusable', detail: `The run stopped: ${fatal.message}.` }],
  });
  const check = async (record: CheckedRecord): Promise<RemoteChecked> => {
    if (record.errors.length > 0 || record.payload === undefined) return record;
    const payload = record.payload;
    delete record.payload;
    if (state.fatal !== undefined) return stopped(record, state.fatal);
    try {
      const answer = await client.validate(payload);
      if (answer.kind === 'invalid') record.errors = answer.errors;
      else if (answer.kind !== 'valid') {
        const unexpected = answer.reason.startsWith('unexpected_answer');
        const code = unexpected ? 'unexpected_answer' : 'retries_exhausted';
        const detail = unexpected
          ? `The validate request got an answer the API does not document (${answer.reason}).`
          : `The validate endpoint gave no usable answer (${answer.reason}).`;
        return { ...record, failed: true, errors: [{ code, detail }] };
      }
      return record;
    } catch (error) {
      if (!(error instanceof ApiUnusableError)) throw error;
      state.fatal ??= error;
      return stopped(record, error);
    }
  };
  return { check, state };
}

/** The verdict on a record that was checked to the end. */
function outcomeOf(record: RemoteChecked): Outcome {
  if (record.failed === true) return 'failed';
  return record.errors.length === 0 ? 'valid' : 'invalid';
}

/** Pins the first invalid records to their file and line in a GitHub Actions run. */
function githubAnnotations(deps: CommandDeps): ResultSink {
  let annotated = 0;
  let unannotated = 0;
  return {
    write(result) {
      if (result.outcome === 'valid') return Promise.resolve();
      if (annotated < maxAnnotations) {
        annotated += 1;
        deps.stderr.write(githubAnnotation(result));
      } else if (result.outcome === 'invalid') {
        unannotated += 1;
      }
      return Promise.resolve();
    },
    close() {
      if (unannotated > 0) {
        deps.stderr.write(`::warning::${unannotated} more invalid records are not annotated; see the report.\n`);
      }
      return Promise.resolve();
    },
  };
}

/** Memory one check worker may take (its own heap, schema and phone metadata), for bounding --workers. */
const workerMemoryBytes = 160 * 1024 * 1024;

/** Refuses more worker threads than the machine has cores, or memory for. */
function checkWorkers(workers: number): number {
  const cores = availableParallelism();
  const byMemory = Math.max(1, Math.floor(freemem() / workerMemoryBytes));
  const most = Math.min(cores, byMemory);
  if (workers > most) {
    const why = most === cores ? plural(cores, 'core') : `free memory for ${plural(byMemory, 'worker')}`;
    throw new UsageError(`--workers ${workers}: this machine has ${why}; use at most ${most}`);
  }
  return workers;
}

/** Below this much input the worker's start (its own copy of the checks) costs more than it saves. */
const workerInputBytes = 8 * 1024 * 1024;

/**
 * Without --workers: one worker beside the main thread when a second core and the memory for it are there, and the
 * input is files large enough to pay for its start; none for --remote (checked on the main thread) or --mapping
 * (each assembled account would be copied to the worker, which costs more than it saves).
 */
async function defaultWorkers(options: ValidateOptions): Promise<number> {
  if (options.remote === true || options.mapping !== undefined) return 0;
  if (availableParallelism() < 2 || freemem() < workerMemoryBytes) return 0;
  let bytes = 0;
  for (const file of options.files) {
    if (file === '-') continue;
    bytes += await stat(file).then(
      (found) => found.size,
      () => 0,
    );
  }
  return bytes >= workerInputBytes ? 1 : 0;
}

/** Keeps an existing file unless --force says to replace it, and never replaces the report of a push. */
async function refuseToReplace(flag: string, path: string, force: boolean): Promise<void> {
  // Only a regular file holds a report worth keeping: /dev/null or a pipe is written to as asked.
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isFile() !== true) return;
  const firstLine = await readFirstLine(path);
  if (firstLine === undefined) return;
  if (/"dry_run"\s*:/.test(firstLine)) {
    throw new UsageError(`${flag} ${path} is the report of a push: choose another file, that one records a migration`);
  }
  if (!force) throw new UsageError(`${flag} ${path} already exists: add --force to replace it, or choose another file`);
}

/** The first line of a file (at most 64 kB of it), or undefined when there is no such file. */
async function readFirstLine(path: string): Promise<string | undefined> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
  } finally {
    await handle.close();
  }
}

/** Opens the files and annotations every result goes to. */
async function openSinks(
  options: ValidateOptions,
  deps: CommandDeps,
  digester: ReportDigester | undefined,
): Promise<ResultSink[]> {
  if (options.report !== undefined && options.report === options.junit) {
    throw new UsageError('--report and --junit must be different files');
  }
  for (const [flag, path] of [
    ['--report', options.report],
    ['--junit', options.junit],
  ] as const) {
    if (path === undefined) continue;
    await checkOutputPath(flag, path, deps.cwd);
    await refuseToReplace(flag, path, options.force === true);
  }
  const sinks: ResultSink[] = [];
  if (options.report !== undefined) sinks.push(await NdjsonWriter.open(options.report, false, digester));
  if (options.junit !== undefined) sinks.push(JunitWriter.open(options.junit, 'kraken-import validate'));
  if (deps.env['GITHUB_ACTIONS'] === 'true') sinks.push(githubAnnotations(deps));
  return sinks;
}

/** Validates every record of the inputs; exit 0 when all are valid, 1 when any is not. */
export async function validate(options: ValidateOptions, deps: CommandDeps): Promise<CommandResult> {
  const start = startRun('validate', deps);
  const config = await loadConfig(options.config, deps.cwd, options.schema);
  const rejects =
    options.rejects === undefined
      ? undefined
      : await prepareRejects({
          path: options.rejects,
          mappingPath: options.mapping,
          files: options.files,
          inputFormat: options.inputFormat,
          replace: options.force === true,
          otherOutputs: [options.report, options.junit].filter((path) => path !== undefined),
          cwd: deps.cwd,
        });
  const inputs = await prepareInputs(options, config, () => rejects?.readStdin(deps.stdin) ?? deps.stdin);
  // One pass over the inputs, beside the run: the progress total, and their identity for the report's manifest (only
  // when there will be one: hashing 520 MB of input cost the main thread 0.4 s, wasted on --report /dev/null).
  const hash = options.report !== undefined && (await reportGetsManifest(options.report));
  const scanner = new InputScanner({ hash });
  // The report's own digest for that manifest, worked out as it is written rather than read back afterwards.
  const digester = hash ? new ReportDigester() : undefined;
  const workers = options.workers === undefined ? await defaultWorkers(options) : checkWorkers(options.workers);
  // The HTTP client (undici) is loaded only for --remote: a local check starts without it.
  const remoteSettings = options.remote === true ? await import('../config/remote-settings.js') : undefined;
  const remote = await remoteSettings?.resolveRemoteSettings(options, config, deps.env, deps.cwd);
  if (remote !== undefined && workers > 0) {
    throw new UsageError('--remote checks records on the main thread: leave out --workers');
  }
  const importSupplier =
    remote?.importSupplier ??
    pick(options.importSupplier, deps.env['KRAKEN_IMPORT_SUPPLIER'], config.values.import_supplier);
  const runSlice = await resolveSlice(options, deps.env, { inputs, importSupplier });
  const budget = options.maxErrors === undefined ? undefined : new ErrorBudget(options.maxErrors);
  const client =
    remote === undefined
      ? undefined
      : remoteSettings?.createClient({ ...remote, rate: shareOfRate(remote.rate, runSlice) }, deps.signal);
  // One request proves the base URL and the key before any file is written or record read (exit 3, fix in words).
  await client?.preflight(remote?.importSupplier).catch(async (error: unknown) => {
    await client.close();
    throw error;
  });
  const sinks = await openSinks(options, deps, digester);
  if (rejects !== undefined) sinks.push(rejects);
  const remoteCheck = client === undefined ? undefined : remoteChecker(client);
  const output = new RunOutput(deps, {
    label: 'validate',
    json: options.json === true,
    total: scanner.records(inputs.countedFiles, inputs.countedFormat),
    sinks,
    reportPath: options.report,
    redact: options.redact === true ? redactRecord : undefined,
    locate: locator(inputs.provenance),
  });
  let errorCount = 0;
  let rejected: WrittenRejects | undefined;
  try {
    errorCount = await checkEach();
    rejected = await rejects?.finish(inputs);
  } finally {
    await rejects?.cleanUp();
  }

  /** Checks every record of the slice, writing each result; returns the number of errors. */
  async function checkEach(): Promise<number> {
    let errors = 0;
    try {
      const items = readItems(options.files, { ...inputs, deferParse: true });
      const locallyChecked = sliceOf(
        runSlice,
        checkRecords(items, {
          tenant: config.tenant,
          schema: inputs.schema,
          importSupplier,
          now: deps.now,
          workers,
          checks: { coercions: coercionPolicy(options.strict, config.values) },
          slice: runSlice.slice,
          // Only the validate endpoint reads an account after its local check.
          ...(remoteCheck === undefined ? {} : { keepPayload: () => true }),
          warn: (message) => {
            output.log.warn(message);
          },
        }),
        () => {
          output.passOver();
        },
      );
      const concurrency = (remote?.concurrency ?? remoteDefaults.concurrency) * 2;
      const checked: AsyncIterable<RemoteChecked> =
        remoteCheck === undefined ? locallyChecked : pMapIterable(locallyChecked, remoteCheck.check, { concurrency });
      for await (const record of checked) {
        // After SIGINT the rest is still read so that every record gets its line in the report.
        const interrupted = deps.signal.aborted;
        const result: RecordResult = {
          source: record.source,
          line: record.line,
          external_account_number: record.externalAccountNumber ?? null,
          outcome: interrupted ? 'interrupted' : outcomeOf(record),
          errors: interrupted ? [interruptedError] : record.errors,
          ...(record.warnings === undefined ? {} : { warnings: record.warnings }),
          ...(runSlice.label === undefined ? {} : { slice: runSlice.label }),
        };
        // An interrupted record was not checked: its one "error" says so, and is not a finding.
        if (!interrupted) errors += result.errors.length;
        await output.record(result);
        // Past the error budget the run stops reading: the records after this one get no line.
        if (budget?.count(result.outcome) === true) break;
      }
    } finally {
      await output.close();
      await client?.close();
    }
    return errors;
  }

  const { counts, records } = output;
  const checkedText = `Checked ${plural(records, 'record')} in ${plural(inputs.inputFiles.length - (inputs.relational === undefined ? 0 : 1), 'file')}`;
  const stoppedBy = budget?.spent;
  output.printSummary(
    {
      errors: errorCount,
      seconds: output.seconds,
      ...sliceSummary(runSlice),
      ...(stoppedBy === undefined ? {} : { stopped: { reason: 'max_errors', detail: stoppedBy } }),
      ...rejectsSummary(rejected),
    },
    [
      `${checkedText} in ${output.seconds.toFixed(1)}s: ${formatCounts(counts, output.chalk)} (${plural(errorCount, 'error')}).`,
      ...sliceLines(runSlice),
      ...(stoppedBy === undefined
        ? []
        : [`Stopped early: ${stoppedBy}; the records after the last one checked have no line.`]),
      ...rejectsLines(rejected, 'validate'),
    ].join('\n'),
  );
  if (records === 0 && stoppedBy === undefined) output.log.warn('no records found in the input');
  const fatal = remoteCheck?.state.fatal;
  const exitCode =
    fatal !== undefined
      ? ExitCode.apiUnusable
      : deps.signal.aborted
        ? ExitCode.interrupted
        : allSucceeded(counts)
          ? ExitCode.ok
          : ExitCode.recordsFailed;
  if (options.report !== undefined) {
    await writeRunManifest(
      {
        reportPath: options.report,
        start,
        settings: {
          ...validateSettings(inputs, workers, importSupplier, remote),
          coercions: coercionPolicy(options.strict, config.values),
          ...runSettings(runSlice, options.maxErrors),
        },
        redacted: options.redact === true,
        schema: inputs.schema,
        mappingPath: options.mapping,
        configPath: config.path,
        inputs: await identifyInputs(inputs.inputFiles, scanner),
        exitCode,
        counts,
        continues: false,
        reportDigest: digester?.digest(),
        apiKey: remote?.apiKey,
      },
      deps,
    );
  }
  if (fatal !== undefined) throw fatal;
  return { exitCode };
}

/** The effective settings of a validate run, for its manifest. */
function validateSettings(
  inputs: ReadOptions,
  workers: number,
  importSupplier: string | undefined,
  remote: RemoteSettings | undefined,
): Record<string, unknown> {
  return {
    import_supplier: importSupplier ?? null,
    input_format: inputs.format ?? null,
    encoding: inputs.encoding,
    max_record_bytes: inputs.maxRecordBytes,
    workers,
    remote: remote !== undefined,
    ...(remote === undefined ? {} : remoteSettingsForManifest(remote)),
  };
}
