// `kraken-import status`: the import status of accounts, once or until they finish, or refreshed into an earlier report.
import { access, constants } from 'node:fs/promises';
import type { KrakenClient, StatusResult } from '../api/kraken-client.js';
import { failedStatuses, terminalStatuses } from '../api/parse-responses.js';
import { loadConfig } from '../config/load-config.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { abortableSleep } from '../pipeline/abortable-sleep.js';
import { createClient, resolveRemoteSettings } from '../config/remote-settings.js';
import { remoteDefaults } from '../config/defaults.js';
import type { StatusFlags } from '../cli-options.js';
import { rewriteNdjson } from '../report/ndjson-writer.js';
import { readReport } from '../report/read-report.js';
import { plural } from '../report/format-result.js';
import { statusOutcomes, successOutcomes, type RecordResult } from '../report/record-result.js';
import { createChalk } from '../report/terminal.js';
import type { CommandDeps, CommandResult } from './deps.js';

/** Options of `status`: its flags and the account numbers. */
export type StatusOptions = StatusFlags & { accounts: string[] };

interface Lookup {
  importSupplier: string;
  externalAccountNumber: string;
  result: StatusResult;
}

function describe(lookup: Lookup, chalk: ReturnType<typeof createChalk>): string {
  const { result } = lookup;
  const account = chalk.bold(lookup.externalAccountNumber);
  if (result.kind === 'not_found')
    return `${account} ${chalk.red('not found')} (no import for supplier ${lookup.importSupplier})`;
  if (result.kind !== 'found') return `${account} ${chalk.red('unknown')} (${result.reason})`;
  const { status } = result;
  const colour = failedStatuses.has(status.status)
    ? chalk.red
    : terminalStatuses.has(status.status)
      ? chalk.green
      : chalk.yellow;
  const parts = [account, colour(status.status)];
  if (status.kraken_identifier !== null) parts.push(status.kraken_identifier);
  if (status.modified_at !== undefined) parts.push(`modified ${status.modified_at}`);
  if (status.latest_event) parts.push(status.latest_event.event);
  if (status.latest_error !== null) parts.push(chalk.red(`${status.latest_error.code}: ${status.latest_error.detail}`));
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

async function refreshReport(path: string, client: KrakenClient, deps: CommandDeps): Promise<CommandResult> {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const results: RecordResult[] = [];
  for await (const result of readReport(path)) results.push(result);
  let refreshed = 0;
  let stillWaiting = 0;
  for (const result of results) {
    const waiting =
      result.outcome === 'submitted' ||
      (result.outcome === 'failed' && result.errors.some((error) => error.code === 'status_wait_timeout'));
    const supplier = result['import_supplier'];
    if (!waiting || typeof supplier !== 'string' || result.external_account_number === null) continue;
    const answer = await client.status(supplier, result.external_account_number);
    refreshed += 1;
    if (answer.kind !== 'found') continue;
    const { status } = answer;
    result.status = status.status;
    result.kraken_identifier = status.kraken_identifier;
    result['correlation_id'] = answer.correlationId ?? result['correlation_id'] ?? null;
    const outcome = statusOutcomes[status.status];
    if (outcome !== undefined) {
      result.outcome = outcome;
      result.errors =
        status.latest_error === null ? [] : [{ code: status.latest_error.code, detail: status.latest_error.detail }];
    } else {
      stillWaiting += 1;
    }
  }
  await rewriteNdjson(path, results);
  deps.stdout.write(`Refreshed ${plural(refreshed, 'record')} of ${path}; ${stillWaiting} still not finished.\n`);
  const succeeded = results.every((result) => successOutcomes.has(result.outcome));
  return { exitCode: succeeded && stillWaiting === 0 ? ExitCode.ok : ExitCode.recordsFailed };
}

/** Prints import statuses; exit 0 when every account was found and none failed, else 1. */
export async function status(flags: StatusOptions, deps: CommandDeps): Promise<CommandResult> {
  const config = await loadConfig(flags.config, deps.cwd);
  const settings = await resolveRemoteSettings(flags, config, deps.env, deps.cwd);
  if (flags.from === undefined && flags.accounts.length === 0)
    throw new UsageError('name at least one account number, or --from <report>');
  const client = createClient(settings);
  const chalk = createChalk(deps.stdout, deps.env);
  try {
    if (flags.from !== undefined) return await refreshReport(flags.from, client, deps);
    const supplier = settings.importSupplier;
    if (supplier === undefined) {
      throw new UsageError(
        'no import supplier: pass --import-supplier, set KRAKEN_IMPORT_SUPPLIER, or put import_supplier in kraken-import.yaml',
      );
    }
    const lookUp = async (account: string): Promise<Lookup> => ({
      importSupplier: supplier,
      externalAccountNumber: account,
      result: await client.status(supplier, account),
    });
    let lookups = await Promise.all(flags.accounts.map(lookUp));
    const print = (lookup: Lookup) =>
      deps.stdout.write(`${flags.json === true ? JSON.stringify(asJson(lookup)) : describe(lookup, chalk)}\n`);
    lookups.forEach(print);
    if (flags.watch === true) {
      const intervalMs = (flags.interval ?? remoteDefaults.statusIntervalSeconds) * 1000;
      while (!lookups.every(isDone)) {
        await abortableSleep(intervalMs, deps.signal);
        if (deps.signal.aborted) break;
        lookups = await Promise.all(
          lookups.map(async (lookup) => {
            if (isDone(lookup)) return lookup;
            const next = await lookUp(lookup.externalAccountNumber);
            const before = lookup.result.kind === 'found' ? lookup.result.status.status : lookup.result.kind;
            const after = next.result.kind === 'found' ? next.result.status.status : next.result.kind;
            if (before !== after) print(next);
            return next;
          }),
        );
      }
      if (deps.signal.aborted) return { exitCode: ExitCode.interrupted };
    }
    return { exitCode: lookups.every(isGood) ? ExitCode.ok : ExitCode.recordsFailed };
  } finally {
    await client.close();
  }
}
