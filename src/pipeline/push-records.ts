// The push pipeline: each record through intake, remote validate (remote-validate.ts), journalled create
// (create-import.ts) and status polling (poll-import.ts), within the intake and polling bounds.
import { ApiUnusableError } from '../core/errors.js';
import type { RecordResult } from '../report/record-result.js';
import type { CheckedRecord } from '../checking/check-item.js';
import { createImport, findEarlierImport, stageCreateIntent } from './create-import.js';
import { pollImport } from './poll-import.js';
import { PushContext, type PushOptions } from './push-context.js';
import { RecordRun, type ImportRef } from './record-run.js';
import { remoteValidate } from './remote-validate.js';
import { accountKey, lineKey } from './resume-state.js';
import { Semaphore } from './semaphore.js';

export type { PushOptions } from './push-context.js';

/** Where a record came from. */
export interface RecordPlace {
  source: string;
  line: number;
}

/** How the run ended. */
export interface PushSummary {
  /** Set when the API became unusable (401/403, an outage): the run stopped and stopped reading. */
  fatal: ApiUnusableError | undefined;
  interrupted: boolean;
  /** Set when reading the input failed part-way: every record read before it has its outcome. */
  readError: Error | undefined;
  /** Set when a result could not be written (the report): the run stopped and stopped reading. */
  writeError: Error | undefined;
  /** Set when the error budget (--max-errors) was spent: why the run stopped and stopped reading. */
  errorBudgetSpent: string | undefined;
  /** The last record taken from the input when reading stopped before its end (outage, read or write error). */
  readUpTo: RecordPlace | undefined;
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

/** Records being pushed, and a wait for none to be left. */
class InFlight {
  private active = 0;
  private idleWaiters: (() => void)[] = [];

  /** Follows a record's task, which must never reject. */
  add(task: Promise<void>): void {
    this.active += 1;
    const finished = () => {
      this.active -= 1;
      if (this.active === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    };
    void task.then(finished, finished);
  }

  /** Resolves once every task has finished. */
  async idle(): Promise<void> {
    if (this.active > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}

/** Passes results on; the first one that cannot be written stops the run, and later ones are dropped. */
function resultWriter(
  context: PushContext,
  onResult: (result: RecordResult) => Promise<void>,
): (result: RecordResult) => Promise<void> {
  return async (result) => {
    if (context.writeError !== undefined) return;
    try {
      await onResult(result);
    } catch (error) {
      context.stopOnWriteError(asError(error));
      return;
    }
    context.countAgainstBudget(result);
  };
}

/** Returns an Error for anything thrown. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Pushes every checked record, calling `onResult` once per record as it finishes; never throws for one record. A read
 * error ends the intake but lets records in flight finish; a report that cannot be written stops the run.
 */
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
  const write = resultWriter(context, onResult);
  const inFlight = new InFlight();
  const intake = new Semaphore(options.intakeLimit);
  const polling = new Semaphore(options.pollingLimit);
  let readError: Error | undefined;
  let readUpTo: RecordPlace | undefined;
  try {
    for await (const checked of records) {
      readUpTo = { source: checked.source, line: checked.line };
      let acquired = false;
      if (!context.stopped) {
        await intake.acquire();
        acquired = true;
      }
      if (context.stopped) {
        if (acquired) intake.release();
        // After an interrupt every remaining record still gets its line, without being sent; after an outage or an
        // unwritable report, the record in hand does and reading stops: the rest is what --resume will do.
        await write(stoppedRecordResult(context, checked));
        if (context.stopsReading) break;
        continue;
      }
      inFlight.add(settle(context, checked, new RecordPermits(intake, polling), write));
    }
  } catch (error) {
    readError = asError(error);
  }
  await inFlight.idle();
  options.signal.removeEventListener('abort', onInterrupt);
  return {
    fatal: context.fatal,
    interrupted: options.signal.aborted,
    readError,
    writeError: context.writeError,
    errorBudgetSpent: context.errorBudgetSpent,
    readUpTo: readError === undefined && !context.stopsReading ? undefined : readUpTo,
  };
}

/** The line of a record taken after the run stopped: one that needs no request ends as usual, any other is `interrupted`. */
function stoppedRecordResult(context: PushContext, checked: CheckedRecord): RecordResult {
  const run = new RecordRun(checked, context.options.taskParams.is_dry_run);
  return intakeResult(context, run) ?? context.stoppedResult(run);
}

/** Pushes one record and reports it; an unusable API stops the run, any other error ends only this record. */
async function settle(
  context: PushContext,
  checked: CheckedRecord,
  permits: RecordPermits,
  write: (result: RecordResult) => Promise<void>,
): Promise<void> {
  const run = new RecordRun(checked, context.options.taskParams.is_dry_run, context.options.now());
  let result: RecordResult;
  try {
    result = await pushOne(context, run, permits);
  } catch (error) {
    result = errorResult(context, run, error);
  } finally {
    permits.releaseIntake();
  }
  delete checked.payload;
  await write(result);
}

/** The line of a record whose push threw: the stop's line for an unusable API, else `internal_error`. */
function errorResult(context: PushContext, run: RecordRun, error: unknown): RecordResult {
  if (error instanceof ApiUnusableError) {
    context.stop(error);
    return context.stoppedResult(run);
  }
  const detail = asError(error).message;
  // An import that exists or may exist is never a failure: the account may be there.
  return run.createState === 'none'
    ? run.result('failed', [{ code: 'internal_error', detail }])
    : run.submitted('internal_error', `The import could not be followed: ${detail}.`);
}

/** The line of a record that ends at intake: invalid locally, or done by an earlier run; undefined for the others. */
function intakeResult(context: PushContext, run: RecordRun): RecordResult | undefined {
  const { checked } = run;
  if (checked.errors.length > 0) return run.result('invalid', checked.errors);
  if (checked.importSupplier === undefined || checked.externalAccountNumber === undefined) {
    return run.result('invalid', [
      { code: 'required', attr: 'external_account_number', detail: 'This field is required.' },
    ]);
  }
  const earlier = context.options.resume.succeeded.get(lineKey(checked.source, checked.line));
  if (earlier === undefined) return undefined;
  const previous = earlier.outcome === 'skipped' ? earlier['previous_outcome'] : earlier.outcome;
  return {
    ...earlier,
    source: checked.source,
    line: checked.line,
    outcome: 'skipped',
    previous_outcome: typeof previous === 'string' ? previous : earlier.outcome,
  };
}

/** Intake, then the stages: remote validate, create, and following the import. */
async function pushOne(context: PushContext, run: RecordRun, permits: RecordPermits): Promise<RecordResult> {
  const ended = intakeResult(context, run);
  if (ended !== undefined) return ended;
  const { importSupplier, externalAccountNumber, payload } = run.checked;
  if (importSupplier === undefined || externalAccountNumber === undefined || payload === undefined) {
    return run.result('invalid', [{ code: 'parse_error', detail: 'The record has no payload.' }]);
  }
  if (context.stopped) return context.stoppedResult(run);
  const account = { importSupplier, externalAccountNumber };
  // An import an earlier run may have created is looked up first: a validate asked now (of a tenant whose rules have
  // changed since, or that answers badly) must not call an account that exists `invalid` or `failed`.
  const lookedUp = context.options.resume.mayExist.has(accountKey(importSupplier, externalAccountNumber));
  if (lookedUp) {
    const earlier = await findEarlierImport(context, run, account);
    if (earlier?.kind === 'done') return earlier.result;
    if (earlier !== undefined) return follow(context, run, account, earlier.acceptedAt, permits);
  }
  if (!context.options.skipRemoteValidate) stageCreateIntent(context, run, account);
  const invalid = await remoteValidate(context, run, payload);
  if (invalid !== undefined) return invalid;
  const created = await createImport(context, run, account, lookedUp);
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
