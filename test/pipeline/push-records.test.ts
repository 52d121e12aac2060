// The push pipeline's bounds, driven directly: reading stops while too many imports are being waited for.
import { afterEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KrakenClient } from '../../src/api/kraken-client.js';
import { RequestGate } from '../../src/api/request-gate.js';
import { CreateJournal } from '../../src/pipeline/journal.js';
import { PollSchedule } from '../../src/pipeline/poll-schedule.js';
import { pushRecords } from '../../src/pipeline/push-records.js';
import { freshState } from '../../src/pipeline/resume-state.js';
import type { RecordResult } from '../../src/report/record-result.js';
import { defaultSandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/sandbox-server.js';
import type { CheckedRecord } from '../../src/checking/check-item.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { seedAccount } from '../helpers.js';

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
          payload: { ...seedAccount(), import_supplier: 'ACME', external_account_number: number },
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
