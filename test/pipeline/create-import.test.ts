// The create stage against undici's MockAgent: the journal before each create, the ambiguous-create rule, resume lookups.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { MockAgent } from 'undici';
import { statusPath } from '../../src/api/kraken-client.js';
import { createImport, findEarlierImport } from '../../src/pipeline/create-import.js';
import { PushContext, type PushOptions } from '../../src/pipeline/push-context.js';
import { RecordRun } from '../../src/pipeline/record-run.js';
import { accountKey } from '../../src/pipeline/resume-state.js';
import { checkedRecord, pushOptions, tempJournal, testClient, VirtualClock } from './pipeline-fixtures.js';

const base = 'https://api.tenant.test';
const createPath = '/v2/data-import/accounts/';
const account = { importSupplier: 'ACME', externalAccountNumber: 'C-1' };

/** One answer of the mock API: to which endpoint, its HTTP status and body. */
type Answer = readonly ['create' | 'status', number, object?];

/** A MockAgent answering the create and status requests of account C-1 in the order given, and nothing else. */
function api(answers: readonly Answer[]): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(base);
  for (const [endpoint, statusCode, body = {}] of answers) {
    const path = endpoint === 'create' ? createPath : statusPath('ACME', 'C-1');
    pool.intercept({ path, method: endpoint === 'create' ? 'POST' : 'GET' }).reply(statusCode, body);
  }
  return agent;
}

function statusBody(status: string): object {
  return { status, kraken_identifier: null, latest_error: null };
}

async function runCreate(agent: MockAgent, overrides: Partial<PushOptions> = {}, maxAttempts = 8) {
  const clock = new VirtualClock();
  const client = testClient(base, agent, maxAttempts);
  const { journal, path } = await tempJournal();
  const context = new PushContext(pushOptions(client, journal, clock, overrides));
  const run = new RecordRun(checkedRecord('C-1'), false);
  const outcome = await createImport(context, run, account);
  await journal.close();
  const intents = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { outcome, run, intents, requests: client.requestCounts, clock };
}

describe('createImport', () => {
  it('journals the intent on disk before the create leaves, then follows the accepted import', async () => {
    const { journal, path } = await tempJournal();
    let journalWhenCreated = '';
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get(base)
      .intercept({ path: createPath, method: 'POST' })
      .reply(() => {
        journalWhenCreated = readFileSync(path, 'utf8');
        return { statusCode: 201, data: {} };
      });
    const clock = new VirtualClock();
    const context = new PushContext(pushOptions(testClient(base, agent), journal, clock));
    const outcome = await createImport(context, new RecordRun(checkedRecord('C-1'), false), account);
    await journal.close();
    // Polling counts from when the create left: its answer came one (real, short) round trip later.
    expect(outcome).toEqual({ kind: 'accepted', acceptedAt: expect.any(Number) as unknown });
    const { acceptedAt } = outcome as { acceptedAt: number };
    expect(acceptedAt).toBeLessThanOrEqual(clock.now());
    expect(acceptedAt).toBeGreaterThan(clock.now() - 10_000);
    expect(JSON.parse(journalWhenCreated)).toMatchObject({
      event: 'create_intent',
      import_supplier: 'ACME',
      external_account_number: 'C-1',
      dry_run: false,
    });
    expect(context.options.resume.mayExist.has(accountKey('ACME', 'C-1'))).toBe(true);
  });

  it('sends a create of unknown outcome again only after its status lookup answered 404', async () => {
    const agent = api([
      ['create', 503],
      ['status', 404],
      ['create', 201],
    ]);
    const { outcome, run, intents } = await runCreate(agent);
    expect(outcome.kind).toBe('accepted');
    expect(run.attempts).toEqual({ validate: 0, create: 2, status: 1 });
    expect(intents).toHaveLength(2);
    agent.assertNoPendingInterceptors();
  });

  it('follows a create of unknown outcome that the lookup found, and never sends it again', async () => {
    const agent = api([
      ['create', 503],
      ['status', 200, statusBody('PENDING')],
    ]);
    const { outcome, run, requests } = await runCreate(agent);
    expect(outcome.kind).toBe('accepted');
    expect(requests.create).toBe(1);
    expect(run.lastStatus?.status).toBe('PENDING');
    agent.assertNoPendingInterceptors();
  });

  it('leaves the record submitted (create_outcome_unknown) after maxCreateSends creates that each stayed unknown', async () => {
    const agent = api([
      ['create', 503],
      ['status', 404],
      ['create', 503],
      ['status', 404],
    ]);
    const { outcome, requests } = await runCreate(agent, { maxCreateSends: 2 });
    expect(outcome).toMatchObject({
      kind: 'done',
      result: {
        outcome: 'submitted',
        errors: [
          {
            code: 'create_outcome_unknown',
            detail: expect.stringContaining('no usable answer (http_503) and its status answered 404'),
          },
        ],
      },
    });
    expect(requests.create).toBe(2);
    agent.assertNoPendingInterceptors();
  });

  it('never sends a create again when the lookup itself failed: the outcome stays unknown', async () => {
    const agent = api([
      ['create', 503],
      ['status', 500],
      ['status', 500],
    ]);
    const { outcome, requests } = await runCreate(agent, {}, 2);
    expect(outcome).toMatchObject({
      kind: 'done',
      result: { outcome: 'submitted', errors: [{ code: 'create_outcome_unknown' }] },
    });
    expect(requests).toMatchObject({ create: 1, status: 2 });
    agent.assertNoPendingInterceptors();
  });

  it.each([
    ['PROCESSED', false, 0],
    ['IN_PROGRESS', false, 0],
    ['ERRORED', false, 1],
    ['CANCELLED', false, 1],
    ['DRY_RUN_SUCCEEDED', false, 1],
    ['DRY_RUN_SUCCEEDED', true, 0],
    ['ERRORED', true, 1],
  ])(
    'on resume, an earlier import found %s (this run a dry run: %s) leads to %i new create(s)',
    async (status, dryRun, creates) => {
      const agent = api([['status', 200, statusBody(status)], ...(creates === 1 ? [['create', 201] as const] : [])]);
      const resume = { succeeded: new Map(), mayExist: new Set([accountKey('ACME', 'C-1')]), otherKindRecords: 0 };
      const taskParams = { is_dry_run: dryRun, schedule_window_start: null, schedule_window_end: null };
      const { outcome, run, intents, requests } = await runCreate(agent, { resume, taskParams });
      expect(outcome.kind).toBe('accepted');
      expect(requests.create).toBe(creates);
      expect(intents).toHaveLength(creates);
      // A status of the earlier import is not this import's.
      expect(run.lastStatus?.status).toBe(creates === 1 ? undefined : status);
      agent.assertNoPendingInterceptors();
    },
  );

  it('on resume, a dry run of an account that exists for real ends already_imported, without a create', async () => {
    const agent = api([['status', 200, { ...statusBody('PROCESSED'), kraken_identifier: 'A-1' }]]);
    const resume = { succeeded: new Map(), mayExist: new Set([accountKey('ACME', 'C-1')]), otherKindRecords: 0 };
    const taskParams = { is_dry_run: true, schedule_window_start: null, schedule_window_end: null };
    const { outcome, requests } = await runCreate(agent, { resume, taskParams });
    expect(outcome).toMatchObject({
      kind: 'done',
      result: { outcome: 'already_imported', warnings: [{ code: 'account_already_imported' }] },
    });
    expect(requests).toMatchObject({ create: 0, status: 1 });
    agent.assertNoPendingInterceptors();
  });

  it('on resume, an earlier import it does not follow leaves no status on the record (its line is not that import)', async () => {
    const agent = api([['status', 200, { ...statusBody('ERRORED'), kraken_identifier: 'A-2' }]]);
    const resume = { succeeded: new Map(), mayExist: new Set([accountKey('ACME', 'C-1')]), otherKindRecords: 0 };
    const { journal } = await tempJournal();
    const context = new PushContext(pushOptions(testClient(base, agent), journal, new VirtualClock(), { resume }));
    const run = new RecordRun(checkedRecord('C-1'), false);
    expect(await findEarlierImport(context, run, account)).toBeUndefined();
    await journal.close();
    expect(run.lastStatus).toBeUndefined();
    expect(run.result('invalid', [])).toMatchObject({ status: null, kraken_identifier: null });
    agent.assertNoPendingInterceptors();
  });

  it('on resume, an account the lookup does not find is created', async () => {
    const agent = api([
      ['status', 404],
      ['create', 201],
    ]);
    const resume = { succeeded: new Map(), mayExist: new Set([accountKey('ACME', 'C-1')]), otherKindRecords: 0 };
    const { outcome, run } = await runCreate(agent, { resume });
    expect(outcome.kind).toBe('accepted');
    expect(run.attempts).toEqual({ validate: 0, create: 1, status: 1 });
    agent.assertNoPendingInterceptors();
  });

  it.each([
    [
      'already imported',
      { non_field_errors: { code: 'account_import_process_already_imported', detail: 'Exists.' }, account_id: 'A-9' },
      { outcome: 'already_imported', account_id: 'A-9', errors: [] },
    ],
    [
      'rejected',
      { detail: 'Invalid.', code: 'import_process_failed_validation' },
      { outcome: 'rejected', errors: [{ code: 'import_process_failed_validation' }] },
    ],
  ])('ends the record without a lookup when the create is %s', async (_name, body, expected) => {
    const agent = api([['create', 400, body]]);
    const result = await runCreate(agent);
    expect(result.outcome).toMatchObject({ kind: 'done', result: expected });
    expect(result.requests.status).toBe(0);
    agent.assertNoPendingInterceptors();
  });

  it('sends nothing once the run has stopped', async () => {
    const agent = api([]);
    const clock = new VirtualClock();
    const { journal } = await tempJournal();
    const context = new PushContext(pushOptions(testClient(base, agent), journal, clock));
    context.stop();
    const outcome = await createImport(context, new RecordRun(checkedRecord('C-1'), false), account);
    await journal.close();
    expect(outcome).toMatchObject({
      kind: 'done',
      result: { outcome: 'interrupted', errors: [{ code: 'interrupted' }] },
    });
    expect(context.client.requestCounts.create).toBe(0);
  });
});
