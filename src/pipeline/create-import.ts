// The create stage of a push: each create journalled before it leaves, and never sent twice for an import that may exist.
import type { CreateResult, Failure } from '../api/kraken-client.js';
import { failedStatuses } from '../api/parse-responses.js';
import type { RecordResult } from '../report/record-result.js';
import type { PushContext } from './push-context.js';
import { realImportSeen } from './poll-import.js';
import { lookupStatus, type ImportRef, type RecordRun } from './record-run.js';
import { accountKey } from './resume-state.js';
import type { JournalEntry } from './journal.js';

/**
 * How the create stage ended: an import to follow (`acceptedAt`: when polling counts from, the moment the create that
 * made it left when known), or the record's report line.
 */
export type CreateOutcome = { kind: 'accepted'; acceptedAt: number } | { kind: 'done'; result: RecordResult };

/** What to do after one create: the stage's outcome, or send the create again. */
type SendOutcome = CreateOutcome | { kind: 'send_again' };

function done(result: RecordResult): CreateOutcome {
  return { kind: 'done', result };
}

/**
 * Gets the record's import created, or finds the one an earlier send or run created. A create whose outcome is
 * unknown is never sent again before a status lookup answers 404, and at most `maxCreateSends` times in all.
 * `lookedUp`: the caller has already asked about an import an earlier run may have created (`findEarlierImport`).
 */
export async function createImport(
  context: PushContext,
  run: RecordRun,
  account: ImportRef,
  lookedUp = false,
): Promise<CreateOutcome> {
  const key = accountKey(account.importSupplier, account.externalAccountNumber);
  const sentBefore = context.options.resume.mayExist.has(key);
  // An earlier run may have sent this create: ask before ever posting it again.
  if (sentBefore && !lookedUp) {
    const earlier = await findEarlierImport(context, run, account);
    if (earlier !== undefined) return earlier;
  }
  for (let sends = 1; ; sends += 1) {
    if (context.stopped) return done(context.stoppedResult(run));
    const created = await sendCreate(context, run, account, key);
    const outcome = await settleCreate(context, run, account, created, context.options.now(), sends, sentBefore);
    if (outcome.kind !== 'send_again') return outcome;
  }
}

/**
 * Looks up an import an earlier run (or an earlier record of this run) may have created, as the journal says. One
 * that exists (or may still succeed) is followed. One that failed, or a dry run when this run is not (or the other
 * way round), is created again: undefined, or the stopped record's line if the run stopped meanwhile. A dry run of
 * an account processed for real ends `already_imported`. A lookup without an answer leaves the record `submitted`:
 * the earlier create may have been committed.
 */
export async function findEarlierImport(
  context: PushContext,
  run: RecordRun,
  account: ImportRef,
): Promise<CreateOutcome | undefined> {
  const found = await lookupStatus(context.client, run, account);
  if (found.kind === 'found' && isFollowable(context, found.status.status)) {
    run.createState = 'accepted';
    return { kind: 'accepted', acceptedAt: context.options.now() };
  }
  // A dry run of an account that exists for real ends as polling would end it (already_imported), whatever a
  // validate asked now would say.
  if (found.kind === 'found' && context.options.taskParams.is_dry_run && found.status.status === 'PROCESSED') {
    return done(realImportSeen(run, found.status));
  }
  if (found.kind === 'found') {
    // An import this run does not follow (failed, or of the other kind): its status is not this record's.
    run.lastStatus = undefined;
    return continueUnlessStopped(context, run);
  }
  if (found.kind !== 'not_found') {
    run.createState = 'maybe';
    if (context.stopped) return done(context.stoppedResult(run));
    return done(
      run.submitted(
        'status_unavailable',
        `An earlier run may have created this import, but its status could not be read (${found.reason}).`,
      ),
    );
  }
  return continueUnlessStopped(context, run);
}

/** undefined (the record goes on to validate and create), or the stopped record's line if the run stopped meanwhile. */
function continueUnlessStopped(context: PushContext, run: RecordRun): CreateOutcome | undefined {
  return context.stopped ? done(context.stoppedResult(run)) : undefined;
}

/** An import worth following for this run: not failed, and a dry run exactly when this run is one. */
function isFollowable(context: PushContext, status: string): boolean {
  return !failedStatuses.has(status) && status.startsWith('DRY_RUN') === context.options.taskParams.is_dry_run;
}

/** The journal entry of a create about to be sent for this record. */
function createIntent(context: PushContext, run: RecordRun, account: ImportRef): JournalEntry {
  const { options } = context;
  return {
    event: 'create_intent',
    import_supplier: account.importSupplier,
    external_account_number: account.externalAccountNumber,
    source: run.checked.source,
    line: run.checked.line,
    dry_run: options.taskParams.is_dry_run,
    at: new Date(options.now()).toISOString(),
  };
}

/**
 * Queues the record's create intent in the journal while it is still being validated remotely, without waiting for
 * the disk: the first create that needs the disk writes every staged intent with one fsync, so that most creates
 * find theirs written already. The create itself still waits until its intent is on disk.
 */
export function stageCreateIntent(context: PushContext, run: RecordRun, account: ImportRef): void {
  run.stagedIntent = context.options.journal.stage(createIntent(context, run, account));
}

/** Writes the intent to the journal (on disk before the request leaves), then posts the create once. */
async function sendCreate(
  context: PushContext,
  run: RecordRun,
  account: ImportRef,
  key: string,
): Promise<CreateResult> {
  const { options } = context;
  const intent = run.stagedIntent ?? options.journal.stage(createIntent(context, run, account));
  // A staged intent serves the first send only: a later send of the same create is journalled again.
  run.stagedIntent = undefined;
  await intent();
  options.resume.mayExist.add(key);
  const payload = run.checked.payload;
  if (payload === undefined) throw new Error('the payload was released before create');
  // The client answers `unknown` for any create that may have arrived, and throws (an unusable API) only for one
  // that certainly did not: so a throw leaves the state as it was.
  const created = await context.client.create(payload, options.taskParams);
  run.count('create', created);
  if (created.kind === 'created') run.createState = 'accepted';
  else if (created.kind === 'unknown') run.createState = 'maybe';
  return created;
}

/** Turns the answer to one create into the stage's outcome; an unknown outcome is looked up first. */
async function settleCreate(
  context: PushContext,
  run: RecordRun,
  account: ImportRef,
  created: CreateResult,
  acceptedAt: number,
  sends: number,
  sentBefore: boolean,
): Promise<SendOutcome> {
  switch (created.kind) {
    case 'created':
      run.lastStatus = undefined; // a status looked up before this create belongs to an earlier import
      // The import's processing began after its create left (half a round trip later): polling counts from then, so
      // that the first status request reaches the server just as most imports end (see PollSchedule).
      return { kind: 'accepted', acceptedAt: acceptedAt - created.roundTripMs };
    case 'already_imported':
      // After a create of unknown outcome (this run's, or an earlier run's) the import that exists is most likely
      // that create's, and a lagging status may have hidden it: follow it to its end instead of calling it done.
      if (sentBefore || run.createState === 'maybe') {
        run.createState = 'accepted';
        run.lastStatus = undefined; // a status looked up before may be another import's
        return { kind: 'accepted', acceptedAt };
      }
      return done(run.result('already_imported', [], { account_id: created.accountId }));
    case 'rejected':
      return done(run.result('rejected', created.errors));
    case 'exhausted':
      if (context.stopped) return done(context.stoppedResult(run));
      // Every attempt certainly failed; an earlier send of unknown outcome still leaves the record `submitted`.
      return done(
        run.createState === 'none'
          ? run.failed('create', created)
          : run.submitted('create_outcome_unknown', `An earlier create may have been committed (${created.reason}).`),
      );
    case 'unknown':
      return settleUnknownCreate(context, run, account, created, acceptedAt, sends);
  }
}

/**
 * The create may have been committed (timeout, dropped connection, 5xx): only a status lookup can tell. Found: follow
 * it. 404: safe to send again, while fewer than `maxCreateSends` were sent. A failed lookup, or the last send, leaves
 * the outcome unknown: `submitted` (the account may exist), never `failed`.
 */
async function settleUnknownCreate(
  context: PushContext,
  run: RecordRun,
  account: ImportRef,
  created: Failure,
  acceptedAt: number,
  sends: number,
): Promise<SendOutcome> {
  const found = await lookupStatus(context.client, run, account);
  // Only an import this create may have made is followed: an earlier failed one, or a dry run's import when this
  // run is real (or the other way round), says nothing about this create.
  if (found.kind === 'found' && isFollowable(context, found.status.status)) {
    run.createState = 'accepted';
    return { kind: 'accepted', acceptedAt };
  }
  const absent = found.kind === 'not_found' || found.kind === 'found';
  if (absent && sends < context.options.maxCreateSends) return { kind: 'send_again' };
  if (context.stopped) return done(context.stoppedResult(run));
  const lookup =
    found.kind === 'not_found'
      ? 'its status answered 404'
      : found.kind === 'found'
        ? `its status shows another import (${found.status.status})`
        : `its status lookup failed (${found.reason})`;
  return done(
    run.submitted(
      'create_outcome_unknown',
      `The create request got no usable answer (${created.reason}) and ${lookup}: it may have been committed.`,
    ),
  );
}
