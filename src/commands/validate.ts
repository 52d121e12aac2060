// `kraken-import validate`: checks every record of the inputs locally and reports the bad ones in the API's terms.
import { pMapIterable } from 'p-map';
import { loadConfig, pick } from '../config/load-config.js';
import { ApiUnusableError, ExitCode, UsageError } from '../core/errors.js';
import { countInBackground } from '../records/count-records.js';
import { readItems } from '../records/read-records.js';
import { formatCounts, formatFailedRecord, plural } from '../report/format-result.js';
import { githubAnnotation } from '../report/github-annotations.js';
import { JunitWriter } from '../report/junit-writer.js';
import { createProgress } from '../report/progress.js';
import { NdjsonWriter } from '../report/ndjson-writer.js';
import { allSucceeded, countOutcome, type OutcomeCounts, type RecordResult } from '../report/record-result.js';
import { createChalk, createLogger } from '../report/terminal.js';
import { checkRecords } from '../checking/check-records.js';
import type { CheckedRecord } from '../checking/check-item.js';
import type { KrakenClient } from '../api/kraken-client.js';
import { createClient, resolveRemoteSettings, type RemoteFlags } from '../config/remote-settings.js';
import type { CommandDeps, CommandResult } from './deps.js';
import { prepareInputs, type InputFlags } from './prepare-inputs.js';

/** Options of `validate`, as parsed from flags. */
export interface ValidateOptions extends RemoteFlags, InputFlags {
  config?: string;
  json?: boolean;
  report?: string;
  junit?: string;
  importSupplier?: string;
  /** Worker threads that parse and check records; 0 (the default, lowest memory) checks on the main thread. */
  workers?: number;
  /** Also call the validate endpoint for records that pass locally. */
  remote?: boolean;
}

const maxAnnotations = 50;
const interruptedError = { code: 'interrupted', detail: 'The run was interrupted before this record was checked.' };

/** Calls the validate endpoint for records that passed locally; after the API becomes unusable, marks the rest failed. */
function remoteChecker(client: KrakenClient) {
  const state: { fatal: ApiUnusableError | undefined } = { fatal: undefined };
  const check = async (record: CheckedRecord): Promise<CheckedRecord & { failed?: boolean }> => {
    if (record.errors.length > 0 || record.payload === undefined) return record;
    const payload = record.payload;
    delete record.payload;
    if (state.fatal !== undefined) {
      return {
        ...record,
        failed: true,
        errors: [{ code: 'api_unusable', detail: `The run stopped: ${state.fatal.message}.` }],
      };
    }
    try {
      const answer = await client.validate(payload);
      if (answer.kind === 'invalid') record.errors = answer.errors;
      else if (answer.kind !== 'valid') {
        return {
          ...record,
          failed: true,
          errors: [
            { code: 'retries_exhausted', detail: `The validate endpoint gave no usable answer (${answer.reason}).` },
          ],
        };
      }
      return record;
    } catch (error) {
      if (!(error instanceof ApiUnusableError)) throw error;
      state.fatal ??= error;
      return {
        ...record,
        failed: true,
        errors: [{ code: 'api_unusable', detail: `The run stopped: ${error.message}.` }],
      };
    }
  };
  return { check, state };
}

/** Validates every record of the inputs; exit 0 when all are valid, 1 when any is not. */
export async function validate(options: ValidateOptions, deps: CommandDeps): Promise<CommandResult> {
  const config = await loadConfig(options.config, deps.cwd);
  const inputs = await prepareInputs(options, config.tenant, deps.stdin);
  if (options.report !== undefined && options.report === options.junit) {
    throw new UsageError('--report and --junit must be different files');
  }
  const remote = options.remote === true ? await resolveRemoteSettings(options, config, deps.env, deps.cwd) : undefined;
  if (remote !== undefined && (options.workers ?? 0) > 0)
    throw new UsageError('--remote checks records on the main thread: leave out --workers');
  const importSupplier =
    remote?.importSupplier ??
    pick(options.importSupplier, deps.env['KRAKEN_IMPORT_SUPPLIER'], config.values.import_supplier);
  const client = remote === undefined ? undefined : createClient(remote);
  const remoteCheck = client === undefined ? undefined : remoteChecker(client);
  const out = createChalk(deps.stdout, deps.env);
  const log = createLogger(deps.stderr, createChalk(deps.stderr, deps.env));
  const annotate = deps.env['GITHUB_ACTIONS'] === 'true';

  const report = options.report === undefined ? undefined : await NdjsonWriter.open(options.report);
  const junit = options.junit === undefined ? undefined : JunitWriter.open(options.junit, 'kraken-import validate');
  const counts: OutcomeCounts = {};
  let records = 0;
  let errorCount = 0;
  let annotations = 0;
  const started = Date.now();
  const progress = createProgress(deps.stderr, createChalk(deps.stderr, deps.env), 'validate');
  countInBackground(options.files, options.inputFormat, (total) => {
    progress.setTotal(total);
  });
  try {
    const items = readItems(options.files, { ...inputs, deferParse: true });
    const locallyChecked = checkRecords(items, {
      tenant: config.tenant,
      importSupplier,
      now: deps.now,
      workers: options.workers ?? 0,
    });
    const checked: AsyncIterable<CheckedRecord & { failed?: boolean }> =
      remoteCheck === undefined
        ? locallyChecked
        : pMapIterable(locallyChecked, remoteCheck.check, { concurrency: (remote?.concurrency ?? 8) * 2 });
    for await (const record of checked) {
      // After SIGINT the rest is still read so that every record gets its line in the report.
      const errors = deps.signal.aborted ? [interruptedError] : record.errors;
      const result: RecordResult = {
        source: record.source,
        line: record.line,
        external_account_number: record.externalAccountNumber ?? null,
        outcome: deps.signal.aborted || record.failed === true ? 'failed' : errors.length === 0 ? 'valid' : 'invalid',
        errors,
      };
      records += 1;
      errorCount += errors.length;
      countOutcome(counts, result.outcome);
      await report?.write(result);
      await junit?.write(result);
      if (options.json === true) {
        if (!deps.stdout.write(`${JSON.stringify(result)}\n`))
          await new Promise((resolve) => deps.stdout.once('drain', resolve));
      } else if (result.outcome !== 'valid') {
        progress.print(deps.stdout, `${formatFailedRecord(result, out)}\n`);
      }
      if (annotate && result.outcome !== 'valid' && annotations < maxAnnotations) {
        annotations += 1;
        deps.stderr.write(githubAnnotation(result));
      }
      progress.tick(counts);
    }
  } finally {
    progress.stop();
    await report?.close();
    await junit?.close();
    await client?.close();
  }

  const invalid = counts.invalid ?? 0;
  if (annotate && annotations === maxAnnotations && invalid > maxAnnotations) {
    deps.stderr.write(
      `::warning::${invalid - maxAnnotations} more invalid records are not annotated; see the report.\n`,
    );
  }
  const seconds = (Date.now() - started) / 1000;
  if (options.json === true) {
    deps.stdout.write(`${JSON.stringify({ summary: { records, ...counts, errors: errorCount, seconds } })}\n`);
  } else {
    const files = plural(options.files.length, 'file');
    const summary = formatCounts(counts, out);
    deps.stdout.write(
      `\nChecked ${plural(records, 'record')} in ${files} in ${seconds.toFixed(1)}s: ${summary} (${plural(errorCount, 'error')}).\n`,
    );
  }
  if (records === 0) log.warn('no records found in the input');
  if (remoteCheck?.state.fatal !== undefined) throw remoteCheck.state.fatal;
  if (deps.signal.aborted) return { exitCode: ExitCode.interrupted };
  return { exitCode: allSucceeded(counts) ? ExitCode.ok : ExitCode.recordsFailed };
}
