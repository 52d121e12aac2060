// The create stage of a push: each create journalled before it leaves, and never sent twice for an import that may exist.
import type { CreateResult, Failure } from '../api/kraken-client.js';
import { failedStatuses } from '../api/parse-responses.js';
import type { RecordResult } from '../report/record-result.js';
import type { PushContext } from './push-context.js';
import { lookupStatus, type ImportRef, type RecordRun } from './record-run.js';
import { accountKey } from './resume-state.js';

/** How the create stage ended: an import to follow (accepted at `acceptedAt`), or the record's report line. */
export type CreateOutcome = { kind: 'accepted'; acceptedAt: number } | { kind: 'done'; result: RecordResult };

/** What to do after one create: the stage's outcome, or send the create again. */
type SendOutcome = CreateOutcome | { kind: 'send_again' };

function done(result: RecordResult): CreateOutcome {
  return { kind: 'done', result };
}

/**
 * Gets the record's import created, or finds the one an earlier send or run created. A create whose outcome is
 * unknown is never sent again before a status lookup answers 404, and at most `maxCreateSends` times in all.
 */
export async function createImport(context: PushContext, run: RecordRun, account: ImportRef): Promise<CreateOutcome> {
  const key = accountKey(account.importSupplier, account.externalAccountNumber);
  // An earlier run may have sent this create: ask before ever posting it again.
  if (context.options.resume.mayExist.has(key)) {
    const earlier = await findEarlierImport(context, run, account);
    if (earlier !== undefined) return earlier;
  }
  for (let sends = 1; ; sends += 1) {
    if (context.stopped) return done(run.result('failed', [context.stopError()]));
    const created = await sendCreate(context, run, account, key);
    const outcome = await settleCreate(context, run, account, created, context.options.now(), sends);
    if (outcome.kind !== 'send_again') return outcome;
  }
}

/**
 * Looks up an import an earlier run may have created. One that exists (or may still succeed) is followed; one that
 * failed, or a dry run when this run is not (or the other way round), is created again: undefined.
 */
async function findEarlierImport(
  context: PushContext,
  run: RecordRun,
  account: ImportRef,
): Promise<CreateOutcome | undefined> {
  const found = await lookupStatus(context.client, run, account);
  if (
    found.kind === 'found' &&
    !failedStatuses.has(found.status.status) &&
    found.status.status.startsWith('DRY_RUN') === context.options.taskParams.is_dry_run
  ) {
    return { kind: 'accepted', acceptedAt: context.options.now() };
  }
  if (found.kind !== 'found' && found.kind !== 'not_found') return done(run.failed('status', found));
  return undefined;
}

/** Writes the intent to the journal (on disk before the request leaves), then posts the create once. */
async function sendCreate(
  context: PushContext,
  run: RecordRun,
  account: ImportRef,
  key: string,
): Promise<CreateResult> {
  const { options } = context;
  await options.journal.record({
    event: 'create_intent',
    import_supplier: account.importSupplier,
    external_account_number: account.externalAccountNumber,
    source: run.checked.source,
    line: run.checked.line,
    dry_run: options.taskParams.is_dry_run,
    at: new Date(options.now()).toISOString(),
  });
  options.resume.mayExist.add(key);
  const payload = run.checked.payload;
  if (payload === undefined) throw new Error('the payload was released before create');
  const created = await context.client.create(payload, options.taskParams);
  run.count('create', created);
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
): Promise<SendOutcome> {
  switch (created.kind) {
    case 'created':
      run.lastStatus = undefined; // a status looked up before this create belongs to an earlier import
      return { kind: 'accepted', acceptedAt };
    case 'already_imported':
      return done(run.result('already_imported', [], { account_id: created.accountId }));
    case 'rejected':
      return done(run.result('rejected', created.errors));
    case 'exhausted':
      return done(run.failed('create', created));
    case 'unknown':
      return settleUnknownCreate(context, run, account, created, acceptedAt, sends);
  }
}

/**
 * The create may have been committed (timeout, dropped connection, 5xx): only a status lookup can tell. Found: follow
 * it. 404: safe to send again, while fewer than `maxCreateSends` were sent. A failed lookup leaves the outcome unknown.
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
  if (found.kind === 'found') return { kind: 'accepted', acceptedAt };
  if (found.kind !== 'not_found' || sends >= context.options.maxCreateSends) return done(run.failed('create', created));
  return { kind: 'send_again' };
}
