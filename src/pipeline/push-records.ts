// The push pipeline: each record through local check, remote validate, journalled create and status polling.
import { setMaxListeners } from 'node:events';
import type { CallInfo, KrakenClient, StatusResult, TaskParams } from '../api/kraken-client.js';
import { failedStatuses, terminalStatuses, type ImportStatus } from '../api/parse-responses.js';
import { ApiUnusableError } from '../core/errors.js';
import { statusOutcomes, type Outcome, type RecordResult } from '../report/record-result.js';
import type { CheckedRecord } from '../checking/check-item.js';
import type { FieldError } from '../core/field-error.js';
import { abortableSleep } from './abortable-sleep.js';
import type { CreateJournal } from './journal.js';
import type { PollSchedule } from './poll-schedule.js';
import { accountKey, type ResumeState } from './resume-state.js';
import { Semaphore } from './semaphore.js';

/** Everything the pipeline needs, passed in so that tests can drive it. */
export interface PushOptions {
  client: KrakenClient;
  journal: CreateJournal;
  resume: ResumeState;
  schedule: PollSchedule;
  skipRemoteValidate: boolean;
  /** Poll until a terminal status; false stops after create (`submitted`). */
  wait: boolean;
  taskParams: TaskParams;
  waitTimeoutMs: number;
  /** Creates sent at most for one record when each one's outcome stays unknown and the lookup then finds nothing. */
  maxCreateSends: number;
  /** Records in the validate/create stages at once (they hold their payload). */
  intakeLimit: number;
  /** Records waiting for their import to finish at once (they hold only a few fields). */
  pollingLimit: number;
  /** Aborted by SIGINT/SIGTERM. */
  signal: AbortSignal;
  now: () => number;
}

/** How the run ended. */
export interface PushSummary {
  /** Set when the API became unusable (401/403, unreachable): the run stopped. */
  fatal: ApiUnusableError | undefined;
  interrupted: boolean;
}

/** Status lookups answered 404 in a row, after a create was accepted, before the record fails. */
const maxNotFound = 3;

/** Tracks one record's requests and builds its report line. */
class RecordRun {
  readonly attempts = { validate: 0, create: 0, status: 0 };
  correlationId: string | null = null;
  lastStatus: ImportStatus | undefined;

  constructor(
    readonly checked: CheckedRecord,
    private readonly dryRun: boolean,
  ) {}

  count(endpoint: keyof RecordRun['attempts'], info: CallInfo): void {
    this.attempts[endpoint] += info.attempts;
    if (info.correlationId !== undefined) this.correlationId = info.correlationId;
  }

  result(outcome: Outcome, errors: FieldError[] = [], extra: Partial<RecordResult> = {}): RecordResult {
    const { checked } = this;
    return {
      source: checked.source,
      line: checked.line,
      external_account_number: checked.externalAccountNumber ?? null,
      import_supplier: checked.importSupplier ?? null,
      outcome,
      errors,
      status: this.lastStatus?.status ?? null,
      kraken_identifier: this.lastStatus?.kraken_identifier ?? null,
      account_id: null,
      dry_run: this.dryRun,
      attempts: this.attempts,
      correlation_id: this.correlationId,
      ...extra,
    };
  }
}

/** Pushes every checked record, calling `onResult` once per record as it finishes; never throws for one record. */
export async function pushRecords(
  records: AsyncIterable<CheckedRecord>,
  options: PushOptions,
  onResult: (result: RecordResult) => Promise<void>,
): Promise<PushSummary> {
  const { client } = options;
  const stop = new AbortController();
  // Every waiting record listens for a stop: thousands of listeners are expected here.
  setMaxListeners(0, stop.signal);
  let fatal: ApiUnusableError | undefined;
  const onInterrupt = () => {
    stop.abort();
  };
  options.signal.addEventListener('abort', onInterrupt, { once: true });
  if (options.signal.aborted) stop.abort();

  const stopError = (): FieldError =>
    fatal === undefined
      ? { code: 'interrupted', detail: 'The run was interrupted before this record finished; run again with --resume.' }
      : { code: 'api_unusable', detail: `The run stopped: ${fatal.message}.` };

  const intake = new Semaphore(options.intakeLimit);
  const polling = new Semaphore(options.pollingLimit);
  let active = 0;
  let allDone: (() => void) | undefined;

  function outcomeOfFailure(run: RecordRun, endpoint: string, failure: { kind: string; reason: string }): RecordResult {
    const code = failure.kind === 'unknown' ? 'create_outcome_unknown' : 'retries_exhausted';
    return run.result('failed', [
      { code, detail: `The ${endpoint} request did not get a usable answer (${failure.reason}).` },
    ]);
  }

  /** Looks an import up; a lookup that fails leaves the outcome unknown. */
  async function lookup(run: RecordRun, supplier: string, number: string): Promise<StatusResult> {
    const found = await client.status(supplier, number);
    run.count('status', found);
    if (found.kind === 'found') run.lastStatus = found.status;
    return found;
  }

  /** Polls until a terminal status, the wait timeout, or a stop. */
  async function waitForImport(
    run: RecordRun,
    supplier: string,
    number: string,
    acceptedAt: number,
  ): Promise<RecordResult> {
    let notFound = 0;
    for (let poll = 1; ; poll += 1) {
      const current = run.lastStatus;
      if (current !== undefined && terminalStatuses.has(current.status)) {
        options.schedule.observeStatus(current.created_at, current.modified_at);
        const outcome = statusOutcomes[current.status] ?? 'failed';
        const errors =
          current.latest_error === null
            ? []
            : [{ code: current.latest_error.code, detail: current.latest_error.detail }];
        return run.result(outcome, errors);
      }
      const elapsed = options.now() - acceptedAt;
      if (elapsed >= options.waitTimeoutMs) {
        return run.result('failed', [
          {
            code: 'status_wait_timeout',
            detail: `The import did not finish within ${Math.round(options.waitTimeoutMs / 1000)}s (last status ${current?.status ?? 'unknown'}); check later with kraken-import status.`,
          },
        ]);
      }
      const delay = Math.min(options.schedule.delayMs(poll, elapsed), options.waitTimeoutMs - elapsed);
      await abortableSleep(delay, stop.signal);
      if (stop.signal.aborted) return run.result('failed', [stopError()]);
      const found = await lookup(run, supplier, number);
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
      if (found.kind !== 'found') return outcomeOfFailure(run, 'status', found);
    }
  }

  /**
   * Creates the import (journalled first) and follows it. Once an import exists the record lets go of its payload
   * and its intake permit, so that thousands of records can wait for Kraken in little memory.
   */
  async function createAndFollow(
    run: RecordRun,
    supplier: string,
    number: string,
    releaseIntake: () => void,
  ): Promise<RecordResult> {
    const follow = async (acceptedAt: number): Promise<RecordResult> => {
      delete run.checked.payload;
      if (!options.wait) {
        releaseIntake();
        return run.result('submitted');
      }
      // The polling permit is taken before the intake permit is given back: when too many imports are being
      // waited for, intake (and so reading the input) stops, instead of waiters piling up without bound.
      await polling.acquire();
      releaseIntake();
      try {
        return await waitForImport(run, supplier, number, acceptedAt);
      } finally {
        polling.release();
      }
    };
    const key = accountKey(supplier, number);
    // An earlier run may have sent this create: ask before ever posting it again.
    if (options.resume.mayExist.has(key)) {
      const found = await lookup(run, supplier, number);
      // Follow an import that exists (or may still succeed); one that failed, or a dry run when this is not, is done again.
      if (
        found.kind === 'found' &&
        !failedStatuses.has(found.status.status) &&
        found.status.status.startsWith('DRY_RUN') === options.taskParams.is_dry_run
      ) {
        return follow(options.now());
      }
      if (found.kind !== 'found' && found.kind !== 'not_found') return outcomeOfFailure(run, 'status', found);
    }
    for (let sends = 1; ; sends += 1) {
      if (stop.signal.aborted) return run.result('failed', [stopError()]);
      await options.journal.record({
        event: 'create_intent',
        import_supplier: supplier,
        external_account_number: number,
        source: run.checked.source,
        line: run.checked.line,
        dry_run: options.taskParams.is_dry_run,
        at: new Date(options.now()).toISOString(),
      });
      options.resume.mayExist.add(key);
      const payload = run.checked.payload;
      if (payload === undefined) throw new Error('the payload was released before create');
      const created = await client.create(payload, options.taskParams);
      run.count('create', created);
      const acceptedAt = options.now();
      switch (created.kind) {
        case 'created':
          run.lastStatus = undefined; // a status looked up before this create belongs to an earlier import
          return follow(acceptedAt);
        case 'already_imported':
          return run.result('already_imported', [], { account_id: created.accountId });
        case 'rejected':
          return run.result('rejected', created.errors);
        case 'exhausted':
          return outcomeOfFailure(run, 'create', created);
        case 'unknown': {
          // The create may have been committed: only a status lookup can tell; 404 means it is safe to send again.
          const found = await lookup(run, supplier, number);
          if (found.kind === 'found') return follow(acceptedAt);
          if (found.kind !== 'not_found' || sends >= options.maxCreateSends)
            return outcomeOfFailure(run, 'create', created);
        }
      }
    }
  }

  async function pushOne(checked: CheckedRecord, releaseIntake: () => void): Promise<RecordResult> {
    const run = new RecordRun(checked, options.taskParams.is_dry_run);
    if (checked.errors.length > 0) return run.result('invalid', checked.errors);
    const supplier = checked.importSupplier;
    const number = checked.externalAccountNumber;
    if (supplier === undefined || number === undefined || checked.payload === undefined) {
      return run.result('invalid', [
        { code: 'required', attr: 'external_account_number', detail: 'This field is required.' },
      ]);
    }
    const earlier = options.resume.succeeded.get(accountKey(supplier, number));
    if (earlier !== undefined) {
      return {
        ...earlier,
        source: checked.source,
        line: checked.line,
        outcome: 'skipped',
        previous_outcome: earlier.outcome,
      };
    }
    if (stop.signal.aborted) return run.result('failed', [stopError()]);
    if (!options.skipRemoteValidate) {
      const validated = await client.validate(checked.payload);
      run.count('validate', validated);
      if (validated.kind === 'invalid') return run.result('invalid', validated.errors);
      if (validated.kind !== 'valid') return outcomeOfFailure(run, 'validate', validated);
    }
    return createAndFollow(run, supplier, number, releaseIntake);
  }

  async function settle(checked: CheckedRecord): Promise<void> {
    let released = false;
    const releaseIntake = () => {
      if (!released) intake.release();
      released = true;
    };
    let result: RecordResult;
    try {
      result = await pushOne(checked, releaseIntake);
    } catch (error) {
      if (error instanceof ApiUnusableError) {
        fatal ??= error;
        stop.abort();
      }
      const run = new RecordRun(checked, options.taskParams.is_dry_run);
      result = run.result('failed', [
        error instanceof ApiUnusableError ? stopError() : { code: 'internal_error', detail: (error as Error).message },
      ]);
    } finally {
      releaseIntake();
    }
    delete checked.payload;
    await onResult(result);
    active -= 1;
    if (active === 0) allDone?.();
  }

  for await (const checked of records) {
    if (stop.signal.aborted) {
      // Past a stop every remaining record still gets its line, without being sent.
      const run = new RecordRun(checked, options.taskParams.is_dry_run);
      await onResult(
        checked.errors.length > 0 ? run.result('invalid', checked.errors) : run.result('failed', [stopError()]),
      );
      continue;
    }
    await intake.acquire();
    active += 1;
    void settle(checked);
  }
  if (active > 0) await new Promise<void>((resolve) => (allDone = resolve));
  options.signal.removeEventListener('abort', onInterrupt);
  return { fatal, interrupted: options.signal.aborted };
}
