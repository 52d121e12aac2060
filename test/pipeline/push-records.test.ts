// The push pipeline driven directly: its bounds, an API that becomes unusable, a status that cannot be read, a report
// that cannot be written.
import { afterEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KrakenClient } from '../../src/api/kraken-client.js';
import { RequestGate } from '../../src/api/request-gate.js';
import { serializeAccount } from '../../src/core/json.js';
import { CreateJournal } from '../../src/pipeline/journal.js';
import { PollSchedule } from '../../src/pipeline/poll-schedule.js';
import { pushRecords } from '../../src/pipeline/push-records.js';
import { accountKey, freshState } from '../../src/pipeline/resume-state.js';
import type { RecordResult } from '../../src/report/record-result.js';
import {
  defaultSandboxOptions,
  startSandbox,
  type Sandbox,
  type SandboxOptions,
} from '../../src/sandbox/sandbox-server.js';
import type { CheckedRecord } from '../../src/checking/check-item.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { seedAccount } from '../helpers.js';
import { MockAgent } from 'undici';
import { statusPath } from '../../src/api/kraken-client.js';
import { checkedRecord, pushOptions, tempJournal, testClient, VirtualClock } from './pipeline-fixtures.js';

const running: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** Resolves once `condition` holds, checking every few milliseconds; fails after 10 s. */
async function until(condition: () => boolean): Promise<void> {
  for (const started = Date.now(); !condition();) {
    if (Date.now() - started > 10_000) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Gives requests already started on loopback time to land, so that anything beyond the bounds would show. */
async function settled(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('pushRecords', () => {
  it('reads no further than its intake and polling limits allow while imports are pending', async () => {
    const server = await startSandbox({ ...defaultSandboxOptions(defaultTenantRules), port: 0, processingMs: 60_000 });
    running.push(server);
    const client = new KrakenClient({
      baseUrl: server.url,
      apiKey: 'sandbox-key',
      auth: 'token',
      payloadWrapper: 'wrapped',
      gate: new RequestGate({ concurrency: 4, ratePerSecond: undefined }),
    });
    const journal = await CreateJournal.open(join(mkdtempSync(join(tmpdir(), 'kraken-bounds-')), 'j.journal'));
    let pulled = 0;
    async function* records(): AsyncGenerator<CheckedRecord> {
      for (let index = 0; index < 1000; index += 1) {
        pulled += 1;
        const number = `B-${index}`;
        yield {
          source: 'in.ndjson',
          line: index + 1,
          externalAccountNumber: number,
          importSupplier: 'ACME',
          errors: [],
          payload: serializeAccount({ ...seedAccount(), import_supplier: 'ACME', external_account_number: number }),
        };
      }
    }
    const controller = new AbortController();
    const results: RecordResult[] = [];
    // Records waiting for their import sleep until the run stops: the pipeline fills up and then stands still.
    let waiting = 0;
    const sleepUntilStopped = async (_ms: number, signal: AbortSignal): Promise<void> => {
      waiting += 1;
      if (!signal.aborted) await once(signal, 'abort');
    };
    const finished = pushRecords(
      records(),
      {
        client,
        journal,
        resume: freshState(),
        schedule: new PollSchedule(),
        skipRemoteValidate: true,
        wait: true,
        taskParams: { is_dry_run: false, schedule_window_start: null, schedule_window_end: null },
        waitTimeoutMs: 120_000,
        maxCreateSends: 8,
        intakeLimit: 3,
        pollingLimit: 5,
        signal: controller.signal,
        now: Date.now,
        sleep: sleepUntilStopped,
      },
      async (result) => {
        results.push(result);
      },
    );
    // Five records wait under the polling limit, three more hold the intake permits, the ninth waits for one.
    await until(() => waiting >= 5 && server.store.size.imports >= 8 && pulled >= 9);
    await settled();
    expect(server.store.size.imports).toBe(8);
    expect(pulled).toBeLessThanOrEqual(10);
    controller.abort();
    const summary = await finished;
    await journal.close();
    await client.close();
    expect(summary.interrupted).toBe(true);
    expect(results).toHaveLength(1000);
    expect(results.filter((result) => result.errors[0]?.code === 'interrupted')).toHaveLength(1000);
  });
});

const base = 'https://api.tenant.test';
const createPath = '/v2/data-import/accounts/';

/** Records C-0, C-1, … of the seed account, counting how many were taken from the input. */
function countedRecords(count: number): { records: AsyncGenerator<CheckedRecord>; pulled: () => number } {
  let pulled = 0;
  async function* records(): AsyncGenerator<CheckedRecord> {
    for (let index = 0; index < count; index += 1) {
      pulled += 1;
      yield checkedRecord(`C-${index}`, index + 1);
    }
  }
  return { records: records(), pulled: () => pulled };
}

describe('pushRecords when the API becomes unusable', () => {
  it('leaves an accepted import submitted, gives no failure line, and stops reading at once', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(base);
    pool.intercept({ path: createPath, method: 'POST' }).reply(201, {});
    pool.intercept({ path: createPath, method: 'POST' }).reply(401, {}).persist();
    pool
      .intercept({ path: statusPath('ACME', 'C-0'), method: 'GET' })
      .reply(401, {})
      .persist();
    const client = testClient(base, agent);
    const { journal } = await tempJournal();
    const { records, pulled } = countedRecords(500);
    const results: RecordResult[] = [];
    const summary = await pushRecords(
      records,
      pushOptions(client, journal, new VirtualClock(), { skipRemoteValidate: true, intakeLimit: 1 }),
      async (result) => {
        results.push(result);
      },
    );
    await journal.close();
    expect(summary.fatal?.message).toContain('401');
    expect(results[0]).toMatchObject({ line: 1, outcome: 'submitted', errors: [{ code: 'api_unusable' }] });
    expect(results.filter((result) => result.outcome === 'failed')).toEqual([]);
    expect(results.slice(1).every((result) => result.outcome === 'interrupted')).toBe(true);
    expect(results.length).toBeLessThanOrEqual(3);
    expect(pulled()).toBe(results.length);
    expect(summary.readUpTo).toEqual({ source: 'in.ndjson', line: results.length });
  });
});

describe('pushRecords when the status cannot be read', () => {
  it.each([
    ['5xx answers', 503, 'unavailable'],
    ['an HTML page', 200, '<html>gateway</html>'],
  ])('leaves a created account submitted (status_unavailable) after %s, never failed', async (_name, code, body) => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(base);
    pool.intercept({ path: createPath, method: 'POST' }).reply(201, {});
    pool
      .intercept({ path: statusPath('ACME', 'C-0'), method: 'GET' })
      .reply(code, body)
      .persist();
    const client = testClient(base, agent, 2);
    const { journal } = await tempJournal();
    const results: RecordResult[] = [];
    await pushRecords(
      countedRecords(1).records,
      pushOptions(client, journal, new VirtualClock(), { skipRemoteValidate: true }),
      async (result) => {
        results.push(result);
      },
    );
    await journal.close();
    expect(results).toEqual([
      expect.objectContaining({
        outcome: 'submitted',
        errors: [
          expect.objectContaining({ code: 'status_unavailable', detail: expect.stringContaining('status --from') }),
        ],
      }),
    ]);
  });
});

describe('pushRecords when the report cannot be written', () => {
  it('stops the run and returns the write error instead of hanging or rejecting unhandled', async () => {
    const server = await startSandbox({ ...defaultSandboxOptions(defaultTenantRules), port: 0, processingMs: 0 });
    running.push(server);
    const client = testClient(server.url);
    const { journal } = await tempJournal();
    const { records, pulled } = countedRecords(200);
    let calls = 0;
    const summary = await pushRecords(
      records,
      pushOptions(client, journal, new VirtualClock(), { skipRemoteValidate: true }),
      async () => {
        calls += 1;
        throw new Error('ENOSPC: no space left on device');
      },
    );
    await journal.close();
    await client.close();
    expect(summary.writeError?.message).toBe('ENOSPC: no space left on device');
    expect(calls).toBe(1);
    expect(pulled()).toBeLessThan(200);
  });
});

/**
 * Resumes a push of the given accounts (supplier ACME, one line each) against a sandbox started with `overrides`,
 * the journal naming `journalled`; returns each line's result, by line.
 */
async function resumePush(
  numbers: readonly string[],
  journalled: readonly string[],
  overrides: Partial<SandboxOptions> = {},
  maxAttempts = 8,
): Promise<Map<number, RecordResult>> {
  const server = await startSandbox({
    ...defaultSandboxOptions(defaultTenantRules),
    port: 0,
    processingMs: 0,
    ...overrides,
  });
  running.push(server);
  const client = testClient(server.url, undefined, maxAttempts);
  const { journal } = await tempJournal();
  async function* records(): AsyncGenerator<CheckedRecord> {
    for (const [index, number] of numbers.entries()) yield checkedRecord(number, index + 1);
  }
  const resume = {
    succeeded: new Map<string, RecordResult>(),
    mayExist: new Set(journalled.map((number) => accountKey('ACME', number))),
    otherKindRecords: 0,
  };
  const results = new Map<number, RecordResult>();
  await pushRecords(records(), pushOptions(client, journal, new VirtualClock(), { resume }), async (result) => {
    results.set(result.line, result);
  });
  await journal.close();
  await client.close();
  return results;
}

describe('pushRecords on resume', () => {
  it('looks up an import an earlier run may have created before asking validate again, which may now refuse it', async () => {
    // R-1 was created by an earlier run (the journal names it) and is PROCESSED; the tenant's rules have changed
    // since, so that validate now refuses the payload. R-2 was never sent.
    const results = await resumePush(['R-1', 'R-2'], ['R-1'], {
      tenant: { ...defaultTenantRules, ledgerCodes: ['OTHER'] },
      preimported: new Set(['R-1']),
    });
    expect(results.get(1)).toMatchObject({ outcome: 'processed', attempts: { validate: 0, create: 0 } });
    expect(results.get(2)).toMatchObject({
      outcome: 'invalid',
      errors: [expect.objectContaining({ code: 'ledger_code_does_not_exist' })],
    });
  });

  it('looks a journalled account up once: not found, it is validated and created as any other', async () => {
    const results = await resumePush(['J-1', 'J-2'], ['J-1']);
    const [journalled, fresh] = [results.get(1), results.get(2)];
    expect(journalled).toMatchObject({ outcome: 'processed', attempts: { validate: 1, create: 1 } });
    expect(fresh).toMatchObject({ outcome: 'processed', attempts: { validate: 1, create: 1 } });
    const statusRequests = (result: RecordResult | undefined) =>
      (result?.['attempts'] as { status: number } | undefined)?.status ?? Number.NaN;
    expect(statusRequests(journalled)).toBe(statusRequests(fresh) + 1);
  });

  it('leaves a journalled account submitted, never validated, when its status cannot be read', async () => {
    const faulty: Partial<SandboxOptions> = { fault: 'html', faultStatus: 502, faultRate: 1, faultRoutes: ['status'] };
    const results = await resumePush(['J-3'], ['J-3'], faulty, 2);
    expect([...results.values()]).toEqual([
      expect.objectContaining({
        outcome: 'submitted',
        errors: [expect.objectContaining({ code: 'status_unavailable' })],
        attempts: { validate: 0, create: 0, status: 2 },
      }),
    ]);
  });
});
