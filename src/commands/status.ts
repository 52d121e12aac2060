// `kraken-import status`: the import status of accounts, once or until they finish, or refreshed into an earlier report.
import { access, constants } from 'node:fs/promises';
import { pMapIterable } from 'p-map';
import type { KrakenClient, StatusResult } from '../api/kraken-client.js';
import { failedStatuses, terminalStatuses } from '../api/parse-responses.js';
import type { StatusFlags } from '../cli-options.js';
import { remoteDefaults } from '../config/defaults.js';
import { loadConfig } from '../config/load-config.js';
import { createClient, resolveRemoteSettings } from '../config/remote-settings.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { abortableSleep } from '../pipeline/abortable-sleep.js';
import { FailureList } from '../report/failure-list.js';
import { formatCounts, plural } from '../report/format-result.js';
import { rewriteNdjson } from '../report/ndjson-writer.js';
import { readReport } from '../report/read-report.js';
import {
  countOutcome,
  isFailureOutcome,
  statusOutcomes,
  successOutcomes,
  type OutcomeCounts,
  type RecordResult,
} from '../report/record-result.js';
import { createChalk, visible } from '../report/terminal.js';
import type { CommandDeps, CommandResult } from './deps.js';
import { recordRewrite, startRun, type RunStart } from './run-manifest.js';
import { redactRecord } from './redaction.js';
import { readManifest } from '../report/manifest.js';

/** Options of `status`: its flags and the account numbers. */
export type StatusOptions = StatusFlags & { accounts: string[] };

interface Lookup {
  importSupplier: string;
  externalAccountNumber: string;
  result: StatusResult;
}

/** One line for a person: every piece from the command line or the server shown with its control characters escaped. */
function describe(lookup: Lookup, chalk: ReturnType<typeof createChalk>): string {
  const { result } = lookup;
  const account = chalk.bold(visible(lookup.externalAccountNumber));
  if (result.kind === 'not_found')
    return `${account} ${chalk.red('not found')} (no import for supplier ${visible(lookup.importSupplier)})`;
  if (result.kind !== 'found') return `${account} ${chalk.red('unknown')} (${visible(result.reason)})`;
  const { status } = result;
  const colour = failedStatuses.has(status.status)
    ? chalk.red
    : terminalStatuses.has(status.status)
      ? chalk.green
      : chalk.yellow;
  const parts = [account, colour(visible(status.status))];
  if (status.kraken_identifier !== null) parts.push(visible(status.kraken_identifier));
  if (status.modified_at !== undefined) parts.push(`modified ${visible(status.modified_at)}`);
  if (status.latest_event) parts.push(visible(status.latest_event.event));
  if (status.latest_error !== null) {
    parts.push(chalk.red(visible(`${status.latest_error.code}: ${status.latest_error.detail}`)));
  }
  return parts.join('  ');
}

function asJson(lookup: Lookup): Record<string, unknown> {
  const base = { external_account_number: lookup.externalAccountNumber, import_supplier: lookup.importSupplier };
  const { result } = lookup;
  if (result.kind === 'found')
    return { ...base, found: true, correlation_id: result.correlationId ?? null, ...result.status };
  if (result.kind === 'not_found') return { ...base, found: false };
  return { ...base, found: null, error: result.reason };
}

function isDone(lookup: Lookup): boolean {
  return lookup.result.kind !== 'found' || terminalStatuses.has(lookup.result.status.status);
}

function isGood(lookup: Lookup): boolean {
  return lookup.result.kind === 'found' && !failedStatuses.has(lookup.result.status.status);
}

/** Tells whether a push report's record still waits for Kraken: submitted, or given up on while it ran. */
function isWaiting(result: RecordResult): boolean {
  if (result.outcome === 'submitted') return true;
  const codes = new Set(result.errors.map((error) => error.code));
  return result.outcome === 'failed' && (codes.has('status_wait_timeout') || codes.has('create_outcome_unknown'));
}

/** Reads a push report whole (status --from rewrites it); refuses a file that is not one. */
async function readPushReport(path: string): Promise<RecordResult[]> {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const results: RecordResult[] = [];
  for await (const result of readReport(path)) results.push(result);
  // Every line a push writes says whether it was a dry run; validate's lines never do.
  if (results.length > 0 && !results.some((result) => typeof result['dry_run'] === 'boolean')) {
    throw new UsageError(
      `${path} is not the report of a push (it looks like a validate report): status --from needs the --report of kraken-import push`,
    );
  }
  return results;
}

/** Where a waiting record stands after a status request. */
type Settled = 'ended' | 'waiting' | 'not_found';

/** Asks Kraken for the import of a waiting record and updates its line when the import has ended. */
async function settleRecord(result: RecordResult, client: KrakenClient): Promise<Settled> {
  const supplier = result['import_supplier'];
  if (typeof supplier !== 'string' || result.external_account_number === null) return 'ended';
  const answer = await client.status(supplier, result.external_account_number);
  if (answer.kind === 'not_found') return 'not_found';
  if (answer.kind !== 'found') return 'waiting';
  const { status } = answer;
  // A real push's line never takes a dry run's import: that one is not this record's.
  if (result['dry_run'] !== true && status.status.startsWith('DRY_RUN')) return 'waiting';
  result.status = status.status;
  result.kraken_identifier = status.kraken_identifier;
  result['correlation_id'] = answer.correlationId ?? result['correlation_id'] ?? null;
  const outcome = statusOutcomes[status.status];
  if (outcome === undefined) return 'waiting';
  // A dry run's line takes only a dry run's verdict; a real import found for it means the account exists.
  result.outcome = result['dry_run'] === true && !status.status.startsWith('DRY_RUN') ? 'already_imported' : outcome;
  result.errors =
    status.latest_error === null ? [] : [{ code: status.latest_error.code, detail: status.latest_error.detail }];
  result['finished_at'] = new Date().toISOString();
  return 'ended';
}

/** Refreshes the waiting records of a push report (those of `accounts` only, when given), once or until all end. */
async function refreshReport(
  start: RunStart,
  path: string,
  accounts: readonly string[],
  flags: StatusOptions,
  client: KrakenClient,
  concurrency: number,
  deps: CommandDeps,
): Promise<CommandResult> {
  const results = await readPushReport(path);
  const wanted = new Set(accounts);
  const unknown = accounts.filter((account) => !results.some((result) => result.external_account_number === account));
  if (unknown.length > 0) throw new UsageError(`${path} has no record of ${unknown.join(', ')}`);
  const selected =
    wanted.size === 0 ? results : results.filter((result) => wanted.has(result.external_account_number ?? ''));
  let waiting = selected.filter(isWaiting);
  const refreshedRecords = waiting;
  const refreshed = waiting.length;
  let neverCreated = 0;
  const intervalMs = (flags.interval ?? remoteDefaults.statusIntervalSeconds) * 1000;
  for (let round = 0; waiting.length > 0 && !deps.signal.aborted; round += 1) {
    if (round > 0) await abortableSleep(intervalMs, deps.signal);
    const stillWaiting: RecordResult[] = [];
    neverCreated = 0;
    const settle = async (result: RecordResult) => ({ result, settled: await settleRecord(result, client) });
    for await (const { result, settled } of pMapIterable(waiting, settle, { concurrency })) {
      if (settled === 'ended') continue;
      stillWaiting.push(result);
      // A create that got no answer and whose import Kraken does not know was most likely never created.
      if (settled === 'not_found' && result.errors.some((error) => error.code === 'create_outcome_unknown')) {
        neverCreated += 1;
      }
    }
    waiting = stillWaiting;
    if (flags.watch !== true) break;
  }
  // A report kept free of personal data stays so: Kraken's error details of the refreshed records are redacted too.
  if ((await readManifest(path).catch(() => undefined))?.redacted === true) {
    for (const result of results) Object.assign(result, redactRecord(result));
  }
  await rewriteNdjson(path, results);
  if (neverCreated > 0) {
    deps.stdout.write(
      `${plural(neverCreated, 'record')} whose create got no answer Kraken does not know (404): ` +
        'push them again by running the same push with --resume.\n',
    );
  }
  const result = summarizeReport(path, results, selected, { refreshed, stillWaiting: waiting.length }, deps);
  // The report changed: its manifest (when it has one) records the new checksum and this rewrite.
  const counts: OutcomeCounts = {};
  for (const record of refreshedRecords) countOutcome(counts, record.outcome);
  await recordRewrite(path, start, result.exitCode, counts, deps);
  return result;
}

/**
 * Prints what a refreshed report holds: counts by outcome, its failed records, and the next command. The exit code
 * speaks of the selected records (all, or those named): 0 when every one succeeded and none is still running.
 */
function summarizeReport(
  path: string,
  results: readonly RecordResult[],
  selected: readonly RecordResult[],
  { refreshed, stillWaiting }: { refreshed: number; stillWaiting: number },
  deps: CommandDeps,
): CommandResult {
  const chalk = createChalk(deps.stdout, deps.env);
  const counts: OutcomeCounts = {};
  const failures = new FailureList(chalk, (text) => deps.stdout.write(text));
  for (const result of results) {
    countOutcome(counts, result.outcome);
    if (isFailureOutcome(result.outcome) && !isWaiting(result)) failures.add(result);
  }
  deps.stdout.write(failures.moreLines(path));
  // Accounts named with --from are what the exit code speaks of: their own counts follow the whole report's.
  const selectedCounts: OutcomeCounts = {};
  for (const result of selected) countOutcome(selectedCounts, result.outcome);
  const selection =
    selected.length === results.length
      ? ''
      : `${plural(selected.length, 'record')} asked about: ${formatCounts(selectedCounts, chalk)}.\n`;
  deps.stdout.write(
    `\nRefreshed ${plural(refreshed, 'record')} of ${visible(path)}; ${stillWaiting} still not finished.\n` +
      `${plural(results.length, 'record')}: ${formatCounts(counts, chalk)}.\n${selection}`,
  );
  if (deps.signal.aborted) return { exitCode: ExitCode.interrupted };
  if (stillWaiting > 0) {
    deps.stdout.write(
      `Check again later: kraken-import status --from ${visible(path)} (add --watch to wait for them)\n`,
    );
  }
  const succeeded = selected.every((result) => successOutcomes.has(result.outcome));
  return { exitCode: succeeded && stillWaiting === 0 ? ExitCode.ok : ExitCode.recordsFailed };
}

/** Looks accounts up (bounded by the client's concurrency), printing each; with --watch until all have ended. */
async function watchAccounts(
  flags: StatusOptions,
  supplier: string,
  client: KrakenClient,
  concurrency: number,
  deps: CommandDeps,
): Promise<CommandResult> {
  const chalk = createChalk(deps.stdout, deps.env);
  const print = (lookup: Lookup) =>
    deps.stdout.write(`${flags.json === true ? JSON.stringify(asJson(lookup)) : describe(lookup, chalk)}\n`);
  const lookUp = async (account: string): Promise<Lookup> => ({
    importSupplier: supplier,
    externalAccountNumber: account,
    result: await client.status(supplier, account),
  });
  const lookUpAll = async (previous: readonly (Lookup | string)[]): Promise<Lookup[]> => {
    const next: Lookup[] = [];
    const mapper = async (item: Lookup | string) => {
      if (typeof item !== 'string' && isDone(item)) return item;
      const lookup = await lookUp(typeof item === 'string' ? item : item.externalAccountNumber);
      const before = typeof item === 'string' ? undefined : statusText(item);
      if (before !== statusText(lookup)) print(lookup);
      return lookup;
    };
    for await (const lookup of pMapIterable(previous, mapper, { concurrency })) next.push(lookup);
    return next;
  };
  let lookups = await lookUpAll(flags.accounts);
  if (flags.watch === true) {
    const intervalMs = (flags.interval ?? remoteDefaults.statusIntervalSeconds) * 1000;
    while (!lookups.every(isDone)) {
      await abortableSleep(intervalMs, deps.signal);
      if (deps.signal.aborted) return { exitCode: ExitCode.interrupted };
      lookups = await lookUpAll(lookups);
    }
  }
  return { exitCode: lookups.every(isGood) ? ExitCode.ok : ExitCode.recordsFailed };
}

function statusText(lookup: Lookup): string {
  return lookup.result.kind === 'found' ? lookup.result.status.status : lookup.result.kind;
}

/** Prints import statuses; exit 0 when every account was found and none failed, else 1. */
export async function status(flags: StatusOptions, deps: CommandDeps): Promise<CommandResult> {
  const start = startRun('status', deps);
  if (flags.from === undefined && flags.accounts.length === 0) {
    throw new UsageError('name at least one account number, or --from <report>');
  }
  const config = await loadConfig(flags.config, deps.cwd);
  const settings = await resolveRemoteSettings(flags, config, deps.env, deps.cwd);
  const supplier = settings.importSupplier;
  if (flags.from === undefined && supplier === undefined) {
    const where = config.path ?? 'kraken-import.yaml';
    throw new UsageError(
      `no import supplier for these accounts: pass --import-supplier, set KRAKEN_IMPORT_SUPPLIER, or put import_supplier in ${where}`,
    );
  }
  const client = createClient(settings, deps.signal);
  try {
    await client.preflight(supplier);
    if (flags.from !== undefined) {
      return await refreshReport(start, flags.from, flags.accounts, flags, client, settings.concurrency, deps);
    }
    return await watchAccounts(flags, supplier ?? '', client, settings.concurrency, deps);
  } finally {
    await client.close();
  }
}
