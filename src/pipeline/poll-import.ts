// The polling stage of a push: waits for an accepted import's terminal status on the learnt schedule.
import { terminalStatuses, type ImportStatus } from '../api/parse-responses.js';
import { statusOutcomes, type RecordResult } from '../report/record-result.js';
import type { PushContext } from './push-context.js';
import { lookupStatus, type ImportRef, type RecordRun } from './record-run.js';

/**
 * Polls until a terminal status, the wait timeout or a stop, and returns the record's report line. The import exists
 * (or may): every way this ends short of a terminal status is `submitted`, never `failed`. A 404 (a tenant whose status
 * lags behind its creates), or a status of the other kind of run (a dry run's for a real import, or the other way
 * round), is not yet this import's status: polling goes on, backing off, up to the wait timeout.
 */
export async function pollImport(
  context: PushContext,
  run: RecordRun,
  account: ImportRef,
  acceptedAt: number,
): Promise<RecordResult> {
  const { options } = context;
  for (let poll = 1; ; poll += 1) {
    const current = run.lastStatus;
    if (current !== undefined && isFinished(context, current)) return finishedResult(context, run, current);
    const elapsed = options.now() - acceptedAt;
    if (elapsed >= options.waitTimeoutMs) return timedOutResult(context, run);
    const delay = Math.min(options.schedule.delayMs(poll, elapsed), options.waitTimeoutMs - elapsed);
    await context.sleep(delay, context.stopSignal);
    if (context.stopped) return context.stoppedResult(run);
    const found = await lookupStatus(context.client, run, account);
    if (found.kind === 'not_found' || found.kind === 'found') continue;
    // The lookup may have been abandoned by a stop that came while it was in flight.
    if (context.stopSignal.aborted) return context.stoppedResult(run);
    return run.submitted(
      'status_unavailable',
      `The import ${run.createState === 'accepted' ? 'was created' : 'may have been created'}, but its status could not be read (${found.reason}).`,
    );
  }
}

/** Whether a status ends this record: terminal, and for a dry run any real import's terminal status too. */
function isFinished(context: PushContext, current: ImportStatus): boolean {
  if (!terminalStatuses.has(current.status)) return false;
  // A real run that sees a dry run's status is looking at an earlier dry run: its own import is not visible yet.
  return context.options.taskParams.is_dry_run || !isDryRunStatus(current.status);
}

function isDryRunStatus(status: string): boolean {
  return status.startsWith('DRY_RUN_');
}

/** The line of an import that reached a terminal status; its duration teaches the schedule. */
function finishedResult(context: PushContext, run: RecordRun, current: ImportStatus): RecordResult {
  context.options.schedule.observeStatus(current.created_at, current.modified_at);
  if (context.options.taskParams.is_dry_run && !isDryRunStatus(current.status)) return realImportSeen(run, current);
  const outcome = statusOutcomes[current.status] ?? 'failed';
  const errors =
    current.latest_error === null ? [] : [{ code: current.latest_error.code, detail: current.latest_error.detail }];
  return run.result(outcome, errors);
}

/**
 * A dry run whose status shows a real import: the status endpoint shows the account's real import instead of the dry
 * run, so the dry run's own result cannot be read. A processed account already exists (`already_imported`, with its
 * identifier); for any other real status the dry run's result is unknown (`failed`, nothing was created by it).
 */
export function realImportSeen(run: RecordRun, current: ImportStatus): RecordResult {
  if (current.status === 'PROCESSED') {
    return run.result('already_imported', [], {
      warnings: [
        {
          code: 'account_already_imported',
          detail: `The account already exists (${current.kraken_identifier ?? 'no identifier given'}): the status shows its real import, not this dry run.`,
        },
      ],
    });
  }
  return run.result('failed', [
    {
      code: 'dry_run_result_unavailable',
      detail: `The status shows a real import (${current.status}), not this dry run: the dry run's result cannot be read.`,
    },
  ]);
}

/** Formats a duration in seconds without rounding a short one away (0.4s, 12s, 600s). */
function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))}s`;
}

/** The line of an import still running (or not yet visible) when the wait timeout ran out. */
function timedOutResult(context: PushContext, run: RecordRun): RecordResult {
  const within = formatSeconds(context.options.waitTimeoutMs);
  const last = run.lastStatus?.status;
  const seen = last === undefined ? 'its status was never found (404)' : `last status ${last}`;
  return run.submitted('status_wait_timeout', `The import did not finish within ${within} (${seen}).`);
}
