// Shared pieces of the pipeline tests: a virtual clock, checked records, and push options around a client.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import type { CheckedRecord } from '../../src/checking/check-item.js';
import { KrakenClient } from '../../src/api/kraken-client.js';
import { RequestGate } from '../../src/api/request-gate.js';
import { serializeAccount } from '../../src/core/json.js';
import { CreateJournal } from '../../src/pipeline/journal.js';
import { PollSchedule } from '../../src/pipeline/poll-schedule.js';
import type { PushOptions } from '../../src/pipeline/push-records.js';
import { freshState } from '../../src/pipeline/resume-state.js';
import { seedAccount } from '../helpers.js';

/**
 * A clock that moves only when slept on: each sleep advances it by its whole length at once, so a test of one
 * record's waits runs instantly and the sandbox (given `now`) sees exactly the time the pipeline waited.
 */
export class VirtualClock {
  readonly sleeps: number[] = [];

  constructor(private time = Date.now()) {}

  readonly now = (): number => this.time;

  /** Like the pipeline's own sleeps: a stop ends it early (here: without moving the clock). */
  readonly sleep = async (ms: number, signal: AbortSignal): Promise<void> => {
    if (signal.aborted) return;
    this.sleeps.push(ms);
    this.time += ms;
  };

  /** Moves the clock without a sleep (time passing between two runs, say). */
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A checked, valid record of the seed account with this account number (supplier ACME). */
export function checkedRecord(number: string, line = 1): CheckedRecord {
  return {
    source: 'in.ndjson',
    line,
    externalAccountNumber: number,
    importSupplier: 'ACME',
    errors: [],
    payload: serializeAccount({ ...seedAccount(), import_supplier: 'ACME', external_account_number: number }),
  };
}

/** A client for `baseUrl` that retries without waiting; `dispatcher` (a MockAgent) replaces the network. */
export function testClient(baseUrl: string, dispatcher?: Dispatcher, maxAttempts = 8): KrakenClient {
  return new KrakenClient({
    baseUrl,
    apiKey: 'sandbox-key',
    auth: 'token',
    payloadWrapper: 'wrapped',
    gate: new RequestGate({ concurrency: 4, ratePerSecond: undefined }),
    retry: { maxAttempts, maxElapsedMs: 60_000, baseDelayMs: 1, maxDelayMs: 1 },
    sleep: async () => undefined,
    ...(dispatcher === undefined ? {} : { dispatcher }),
  });
}

/** A journal in a fresh folder, and its path. */
export async function tempJournal(): Promise<{ journal: CreateJournal; path: string }> {
  const path = join(mkdtempSync(join(tmpdir(), 'kraken-pipeline-')), 'r.ndjson.journal');
  return { journal: await CreateJournal.open(path), path };
}

/** Push options of a real (not dry) run that waits, polls on the virtual clock, and changes what `overrides` says. */
export function pushOptions(
  client: KrakenClient,
  journal: CreateJournal,
  clock: VirtualClock,
  overrides: Partial<PushOptions> = {},
): PushOptions {
  return {
    client,
    journal,
    resume: freshState(),
    schedule: new PollSchedule(),
    skipRemoteValidate: false,
    wait: true,
    taskParams: { is_dry_run: false, schedule_window_start: null, schedule_window_end: null },
    waitTimeoutMs: 600_000,
    maxCreateSends: 8,
    intakeLimit: 4,
    pollingLimit: 100,
    signal: new AbortController().signal,
    now: clock.now,
    sleep: clock.sleep,
    ...overrides,
  };
}
