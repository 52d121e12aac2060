// The polling stage against the real sandbox over loopback, both on one virtual clock: every wait is exact and instant.
import { afterEach, describe, expect, it } from '@jest/globals';
import type { KrakenClient } from '../../src/api/kraken-client.js';
import { serializeAccount } from '../../src/core/json.js';
import { pollImport } from '../../src/pipeline/poll-import.js';
import { PushContext, type PushOptions } from '../../src/pipeline/push-context.js';
import { RecordRun } from '../../src/pipeline/record-run.js';
import { defaultSandboxOptions, startSandbox, type SandboxOptions } from '../../src/sandbox/sandbox-server.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { checkedRecord, pushOptions, tempJournal, testClient, VirtualClock } from './pipeline-fixtures.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A sandbox and a push context on one virtual clock. */
async function setUp(sandbox: Partial<SandboxOptions>, overrides: Partial<PushOptions> = {}) {
  const clock = new VirtualClock();
  const server = await startSandbox({
    ...defaultSandboxOptions(defaultTenantRules),
    port: 0,
    now: clock.now,
    ...sandbox,
  });
  const client = testClient(server.url);
  const { journal } = await tempJournal();
  cleanups.push(async () => {
    await journal.close();
    await client.close();
    await server.close();
  });
  const context = new PushContext(pushOptions(client, journal, clock, overrides));
  return { clock, client, context };
}

/** Creates the import of account `number` through the client, then polls it as the pipeline would. */
async function createAndPoll(context: PushContext, client: KrakenClient, clock: VirtualClock, number: string) {
  const checked = checkedRecord(number);
  const created = await client.create(checked.payload ?? serializeAccount({}), context.options.taskParams);
  expect(created.kind).toBe('created');
  const run = new RecordRun(checked, false);
  run.createState = 'accepted';
  const result = await pollImport(context, run, { importSupplier: 'ACME', externalAccountNumber: number }, clock.now());
  return { result, run };
}

describe('pollImport', () => {
  it('asks after 500 ms, then backs off, until the import is processed', async () => {
    const { clock, client, context } = await setUp({ processingMs: 2000 });
    const { result, run } = await createAndPoll(context, client, clock, 'P-1');
    expect(result).toMatchObject({ outcome: 'processed', status: 'PROCESSED', errors: [] });
    expect(result.kraken_identifier).toMatch(/^A-/);
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
    expect(run.attempts.status).toBe(3);
  });

  it('learns how long imports take, so that the next one costs one status request', async () => {
    const { clock, client, context } = await setUp({ processingMs: 2000 });
    await createAndPoll(context, client, clock, 'P-1');
    clock.sleeps.length = 0;
    const { result, run } = await createAndPoll(context, client, clock, 'P-2');
    expect(result.outcome).toBe('processed');
    expect(clock.sleeps).toEqual([2000 + 40]);
    expect(run.attempts.status).toBe(1);
  });

  it('keeps polling through a brief 404 after the create was accepted', async () => {
    const { clock, client, context } = await setUp({ processingMs: 50, statusLagMs: 1200 });
    const { result, run } = await createAndPoll(context, client, clock, 'LAG-1');
    expect(result.outcome).toBe('processed');
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(run.attempts.status).toBe(2);
  });

  it('polls a lasting 404 with backoff up to the wait timeout, then leaves the record submitted', async () => {
    const { clock, client, context } = await setUp(
      { processingMs: 0, statusLagMs: 3_600_000 },
      { waitTimeoutMs: 20_000 },
    );
    const { result, run } = await createAndPoll(context, client, clock, 'LAG-2');
    expect(result).toMatchObject({
      outcome: 'submitted',
      errors: [{ code: 'status_wait_timeout', detail: expect.stringContaining('its status was never found (404)') }],
    });
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000, 8000, 4500]);
    expect(run.attempts.status).toBe(6);
  });

  it('follows an import whose status lags 1.5 s to its end instead of failing it', async () => {
    const { clock, client, context } = await setUp({ processingMs: 100, statusLagMs: 1500 });
    const { result } = await createAndPoll(context, client, clock, 'LAG-3');
    expect(result).toMatchObject({ outcome: 'processed', status: 'PROCESSED' });
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(context.client.requestCounts.status).toBe(2);
  });

  it('leaves an accepted import submitted at the wait timeout, with the last status, waiting no longer than it', async () => {
    const { clock, client, context } = await setUp({ processingMs: 60_000 }, { waitTimeoutMs: 1200 });
    const { result } = await createAndPoll(context, client, clock, 'SLOW-1');
    expect(result).toMatchObject({
      outcome: 'submitted',
      status: 'PENDING',
      errors: [{ code: 'status_wait_timeout', detail: expect.stringContaining('within 1.2s (last status PENDING)') }],
    });
    expect(clock.sleeps).toEqual([500, 700]);
  });

  it('says 0.4s, not 0s, for a wait timeout under a second', async () => {
    const { clock, client, context } = await setUp({ processingMs: 60_000 }, { waitTimeoutMs: 400 });
    const { result } = await createAndPoll(context, client, clock, 'SLOW-2');
    expect(result.errors[0]?.detail).toContain('within 0.4s');
  });

  it.each([
    ['ERRORED', { errorAccounts: /^E/ }, 'errored', 'account_import_failed'],
    ['CANCELLED', { cancelAccounts: /^E/ }, 'cancelled', undefined],
  ])('ends %s imports with their outcome and error', async (status, sandbox, outcome, code) => {
    const { clock, client, context } = await setUp({ processingMs: 0, ...sandbox });
    const { result } = await createAndPoll(context, client, clock, 'E-1');
    expect(result).toMatchObject({ outcome, status });
    expect(result.errors[0]?.code).toBe(code);
  });

  it('stops waiting when the run stops, without another request: the created import is submitted', async () => {
    const { clock, client, context } = await setUp({ processingMs: 60_000 });
    context.stop();
    const { result, run } = await createAndPoll(context, client, clock, 'STOP-1');
    expect(result).toMatchObject({ outcome: 'submitted', errors: [{ code: 'interrupted' }] });
    expect(run.attempts.status).toBe(0);
    expect(clock.sleeps).toEqual([]);
  });
});
