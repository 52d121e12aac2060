// The polling stage of a push: waits for an accepted import's terminal status on the learnt schedule.
import { terminalStatuses, type ImportStatus } from '../api/parse-responses.js';
import { statusOutcomes, type RecordResult } from '../report/record-result.js';
import type { PushContext } from './push-context.js';
import { lookupStatus, type ImportRef, type RecordRun } from './record-run.js';

/** Status lookups answered 404 in a row, after a create was accepted, before the record fails. */
const maxNotFound = 3;

/** Polls until a terminal status, the wait timeout, a lasting 404 or a stop, and returns the record's report line. */
export async function pollImport(
  context: PushContext,
  run: RecordRun,
  account: ImportRef,
  acceptedAt: number,
): Promise<RecordResult> {
  const { options } = context;
  let notFound = 0;
  for (let poll = 1; ; poll += 1) {
    const current = run.lastStatus;
    if (current !== undefined && terminalStatuses.has(current.status)) return finishedResult(context, run, current);
    const elapsed = options.now() - acceptedAt;
    if (elapsed >= options.waitTimeoutMs) return timedOutResult(context, run);
    const delay = Math.min(options.schedule.delayMs(poll, elapsed), options.waitTimeoutMs - elapsed);
    await context.sleep(delay, context.stopSignal);
    if (context.stopped) return run.result('failed', [context.stopError()]);
    const found = await lookupStatus(context.client, run, account);
    // Right after a 201 a tenant's status endpoint may lag behind; only a lasting 404 is a failure.
    if (found.kind === 'not_found') {
      notFound += 1;
      if (notFound < maxNotFound) continue;
      return run.result('failed', [
        {
          code: 'import_not_found',
          detail: `The import was accepted but its status was not found ${notFound} times in a row.`,
        },
      ]);
    }
    notFound = 0;
    if (found.kind !== 'found') return run.failed('status', found);
  }
}

/** The line of an import that reached a terminal status; its duration teaches the schedule. */
function finishedResult(context: PushContext, run: RecordRun, current: ImportStatus): RecordResult {
  context.options.schedule.observeStatus(current.created_at, current.modified_at);
  const outcome = statusOutcomes[current.status] ?? 'failed';
  const errors =
    current.latest_error === null ? [] : [{ code: current.latest_error.code, detail: current.latest_error.detail }];
  return run.result(outcome, errors);
}

/** The line of an import still running when the wait timeout ran out. */
function timedOutResult(context: PushContext, run: RecordRun): RecordResult {
  const seconds = Math.round(context.options.waitTimeoutMs / 1000);
  return run.result('failed', [
    {
      code: 'status_wait_timeout',
      detail: `The import did not finish within ${seconds}s (last status ${run.lastStatus?.status ?? 'unknown'}); check later with kraken-import status.`,
    },
  ]);
}
