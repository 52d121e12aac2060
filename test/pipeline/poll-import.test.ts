// The polling stage against the real sandbox over loopback, both on one virtual clock: every wait is exact and instant.
import { afterEach, describe, expect, it } from '@jest/globals';
import type { KrakenClient } from '../../src/api/kraken-client.js';
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
  const created = await client.create(checked.payload ?? {}, context.options.taskParams);
  expect(created.kind).toBe('created');
  const run = new RecordRun(checked, false);
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
    expect(clock.sleeps).toEqual([2000 * 1.1 + 25]);
    expect(run.attempts.status).toBe(1);
  });

  it('keeps polling through a brief 404 after the create was accepted', async () => {
    const { clock, client, context } = await setUp({ processingMs: 50, statusLagMs: 1200 });
    const { result, run } = await createAndPoll(context, client, clock, 'LAG-1');
    expect(result.outcome).toBe('processed');
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(run.attempts.status).toBe(2);
  });

  it('fails the record with import_not_found after three 404s in a row', async () => {
    const { clock, client, context } = await setUp({ processingMs: 0, statusLagMs: 3_600_000 });
    const { result, run } = await createAndPoll(context, client, clock, 'LAG-2');
    expect(result).toMatchObject({
      outcome: 'failed',
      errors: [{ code: 'import_not_found', detail: expect.stringContaining('not found 3 times in a row') }],
    });
    expect(run.attempts.status).toBe(3);
  });

  it('gives up at the wait timeout with status_wait_timeout and the last status, waiting no longer than it', async () => {
    const { clock, client, context } = await setUp({ processingMs: 60_000 }, { waitTimeoutMs: 1200 });
    const { result } = await createAndPoll(context, client, clock, 'SLOW-1');
    expect(result).toMatchObject({
      outcome: 'failed',
      status: 'PENDING',
      errors: [{ code: 'status_wait_timeout', detail: expect.stringContaining('within 1s (last status PENDING)') }],
    });
    expect(clock.sleeps).toEqual([500, 700]);
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

  it('stops waiting when the run stops, without another request', async () => {
    const { clock, client, context } = await setUp({ processingMs: 60_000 });
    context.stop();
    const { result, run } = await createAndPoll(context, client, clock, 'STOP-1');
    expect(result).toMatchObject({ outcome: 'failed', errors: [{ code: 'interrupted' }] });
    expect(run.attempts.status).toBe(0);
    expect(clock.sleeps).toEqual([]);
  });
});
