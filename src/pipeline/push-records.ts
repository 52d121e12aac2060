// The push pipeline: each record through intake, remote validate (remote-validate.ts), journalled create
// (create-import.ts) and status polling (poll-import.ts), within the intake and polling bounds.
import { ApiUnusableError } from '../core/errors.js';
import type { RecordResult } from '../report/record-result.js';
import type { CheckedRecord } from '../checking/check-item.js';
import { createImport } from './create-import.js';
import { pollImport } from './poll-import.js';
import { PushContext, type PushOptions } from './push-context.js';
import { RecordRun, type ImportRef } from './record-run.js';
import { remoteValidate } from './remote-validate.js';
import { accountKey } from './resume-state.js';
import { Semaphore } from './semaphore.js';

export type { PushOptions } from './push-context.js';

/** How the run ended. */
export interface PushSummary {
  /** Set when the API became unusable (401/403, unreachable): the run stopped. */
  fatal: ApiUnusableError | undefined;
  interrupted: boolean;
}

/** The permits of one record: intake from its start until its import exists (given back once), polling while it waits. */
class RecordPermits {
  private holdsIntake = true;

  constructor(
    private readonly intake: Semaphore,
    readonly polling: Semaphore,
  ) {}

  /** Gives the intake permit back; later calls do nothing. */
  releaseIntake(): void {
    if (this.holdsIntake) this.intake.release();
    this.holdsIntake = false;
  }
}

/** Pushes every checked record, calling `onResult` once per record as it finishes; never throws for one record. */
export async function pushRecords(
  records: AsyncIterable<CheckedRecord>,
  options: PushOptions,
  onResult: (result: RecordResult) => Promise<void>,
): Promise<PushSummary> {
  const context = new PushContext(options);
  const onInterrupt = () => {
    context.stop();
  };
  options.signal.addEventListener('abort', onInterrupt, { once: true });
  if (options.signal.aborted) context.stop();

  const intake = new Semaphore(options.intakeLimit);
  const polling = new Semaphore(options.pollingLimit);
  let active = 0;
  let allDone: (() => void) | undefined;
  for await (const checked of records) {
    if (context.stopped) {
      // Past a stop every remaining record still gets its line, without being sent.
      await onResult(stoppedResult(context, checked));
      continue;
    }
    await intake.acquire();
    active += 1;
    void settle(context, checked, new RecordPermits(intake, polling), onResult).then(() => {
      active -= 1;
      if (active === 0) allDone?.();
    });
  }
  if (active > 0) await new Promise<void>((resolve) => (allDone = resolve));
  options.signal.removeEventListener('abort', onInterrupt);
  return { fatal: context.fatal, interrupted: options.signal.aborted };
}

/** The line of a record read after the run stopped. */
function stoppedResult(context: PushContext, checked: CheckedRecord): RecordResult {
  const run = new RecordRun(checked, context.options.taskParams.is_dry_run);
  return checked.errors.length > 0
    ? run.result('invalid', checked.errors)
    : run.result('failed', [context.stopError()]);
}

/** Pushes one record and reports it; an unusable API stops the run, any other error fails only this record. */
async function settle(
  context: PushContext,
  checked: CheckedRecord,
  permits: RecordPermits,
  onResult: (result: RecordResult) => Promise<void>,
): Promise<void> {
  let result: RecordResult;
  try {
    result = await pushOne(context, checked, permits);
  } catch (error) {
    if (error instanceof ApiUnusableError) context.stop(error);
    const run = new RecordRun(checked, context.options.taskParams.is_dry_run);
    result = run.result('failed', [
      error instanceof ApiUnusableError
        ? context.stopError()
        : { code: 'internal_error', detail: (error as Error).message },
    ]);
  } finally {
    permits.releaseIntake();
  }
  delete checked.payload;
  await onResult(result);
}

/** Intake: a record invalid locally, or already done by an earlier run, ends here; the others go through the stages. */
async function pushOne(context: PushContext, checked: CheckedRecord, permits: RecordPermits): Promise<RecordResult> {
  const run = new RecordRun(checked, context.options.taskParams.is_dry_run);
  if (checked.errors.length > 0) return run.result('invalid', checked.errors);
  const { importSupplier, externalAccountNumber, payload } = checked;
  if (importSupplier === undefined || externalAccountNumber === undefined || payload === undefined) {
    return run.result('invalid', [
      { code: 'required', attr: 'external_account_number', detail: 'This field is required.' },
    ]);
  }
  const earlier = context.options.resume.succeeded.get(accountKey(importSupplier, externalAccountNumber));
  if (earlier !== undefined) {
    return {
      ...earlier,
      source: checked.source,
      line: checked.line,
      outcome: 'skipped',
      previous_outcome: earlier.outcome,
    };
  }
  if (context.stopped) return run.result('failed', [context.stopError()]);
  const invalid = await remoteValidate(context, run, payload);
  if (invalid !== undefined) return invalid;
  const account = { importSupplier, externalAccountNumber };
  const created = await createImport(context, run, account);
  if (created.kind === 'done') return created.result;
  return follow(context, run, account, created.acceptedAt, permits);
}

/**
 * Follows an import that exists. The record lets go of its payload and its intake permit first, so that thousands of
 * records can wait for Kraken in little memory.
 */
async function follow(
  context: PushContext,
  run: RecordRun,
  account: ImportRef,
  acceptedAt: number,
  permits: RecordPermits,
): Promise<RecordResult> {
  delete run.checked.payload;
  if (!context.options.wait) {
    permits.releaseIntake();
    return run.result('submitted');
  }
  // The polling permit is taken before the intake permit is given back: when too many imports are being
  // waited for, intake (and so reading the input) stops, instead of waiters piling up without bound.
  await permits.polling.acquire();
  permits.releaseIntake();
  try {
    return await pollImport(context, run, account, acceptedAt);
  } finally {
    permits.polling.release();
  }
}
