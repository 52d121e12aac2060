// Checks a stream of records in input order, on worker threads when asked, and catches account numbers repeated in the run.
import { Worker } from 'node:worker_threads';
import { pMapIterable } from 'p-map';
import { isNdjsonChunk, type ReadItem } from '../records/input-record.js';
import { chunkBuffers, ownedChunkBuffers } from '../records/chunk-buffer-pool.js';
import { checkItem, type CheckedRecord, type ItemCheck, type PayloadKeeping } from './check-item.js';
import type { RecordSlice } from './record-slice.js';
import type { CheckBatch, CheckBatchResult, CheckWorkerData, CheckWorkerReady } from './check-worker.js';
import type { TenantRules } from '../validation/tenant-rules.js';
import { builtInAccountSchema, type AccountSchema } from '../validation/account-schema.js';
import { siblingModule } from '../core/package-files.js';
import { DuplicateAccountTracker } from '../validation/duplicate-account-tracker.js';
import {
  createAccountChecker,
  duplicateAccountError,
  type AccountCheckOptions,
} from '../validation/validate-account.js';

/** How to check a run's records. */
export interface CheckOptions {
  tenant: TenantRules;
  /** The account schema to check against (the built-in one by default); workers get a copy of it. */
  schema?: AccountSchema;
  importSupplier: string | undefined;
  now: () => Date;
  /** Worker threads to use; 0 checks on the calling thread. */
  workers: number;
  /** Strictness about coercions, and whether to normalize payloads (--strict, --normalize). */
  checks?: AccountCheckOptions;
  /** The part of the input the run takes (--shard, --sample): other records come out unchecked, with `leftOut`. */
  slice?: RecordSlice;
  /** Which records checked on this thread carry their account on (none by default); records from workers never do. */
  keepPayload?: PayloadKeeping;
  /** Where a warning about the run (not about a record) goes. */
  warn?: (message: string) => void;
}

// A batch is a few records, or one NDJSON chunk of about 256 kB.
const batchSize = 16;
const batchesInFlightPerWorker = 2;

/** A pool of check workers, each given at most `batchesInFlightPerWorker` batches at a time. */
class CheckWorkerPool {
  /** `ready`: the worker has started and compiled its checks; until then this thread checks what it would get. */
  private readonly workers: { worker: Worker; inFlight: number; ready: boolean }[];
  private readonly pending = new Map<
    number,
    { resolve: (results: CheckedRecord[]) => void; reject: (error: Error) => void }
  >();
  private next = 0;

  constructor(count: number, data: CheckWorkerData) {
    const url = siblingModule('check-worker', import.meta.url);
    // Small heaps keep the whole run's memory flat; a worker only ever holds a few batches.
    const resourceLimits = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 96 };
    this.workers = Array.from({ length: count }, () => {
      const entry = { worker: new Worker(url, { workerData: data, resourceLimits }), inFlight: 0, ready: false };
      entry.worker.on('message', (message: CheckBatchResult | CheckWorkerReady) => {
        if ('ready' in message) {
          entry.ready = true;
          return;
        }
        entry.inFlight -= 1;
        for (const buffer of message.buffers) chunkBuffers.give(buffer);
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        waiter?.resolve(message.results);
      });
      entry.worker.on('error', (error) => {
        this.failAll(error);
      });
      entry.worker.on('exit', (code) => {
        if (code !== 0) this.failAll(new Error(`a validation worker stopped with exit code ${code}`));
      });
      return entry;
    });
  }

  /** Why a worker stopped: the run stops too, even when no batch was waiting on it. */
  private failure: Error | undefined;

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  /** Sends a batch to the least busy worker; undefined when every worker already has enough to do. */
  trySend(items: ReadItem[]): Promise<CheckedRecord[]> | undefined {
    if (this.failure !== undefined) throw this.failure;
    const idle = this.workers.reduce<(typeof this.workers)[number] | undefined>(
      (best, entry) => (entry.ready && (best === undefined || entry.inFlight < best.inFlight) ? entry : best),
      undefined,
    );
    if (idle === undefined || idle.inFlight >= batchesInFlightPerWorker) return undefined;
    const id = this.next;
    this.next += 1;
    idle.inFlight += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      idle.worker.postMessage({ id, items } satisfies CheckBatch, ownedChunkBuffers(items));
    });
  }

  get size(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((entry) => entry.worker.terminate()));
  }
}

/** Checks a batch on this thread and gives the chunks' buffers back to the reader's pool. */
function checkBatchHere(batch: readonly ReadItem[], check: (item: ReadItem) => CheckedRecord[]): CheckedRecord[] {
  const results = batch.flatMap(check);
  for (const buffer of ownedChunkBuffers(batch)) chunkBuffers.give(buffer);
  return results;
}

/** Groups items into batches: a chunk of NDJSON lines is a batch of its own, other items go `batchSize` at a time. */
async function* batchesOf(items: AsyncIterable<ReadItem>): AsyncGenerator<ReadItem[]> {
  let batch: ReadItem[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length < batchSize && !isNdjsonChunk(item)) continue;
    yield batch;
    batch = [];
  }
  if (batch.length > 0) yield batch;
}

/**
 * Checks batches on the workers and, whenever they all have enough to do, on this thread too: `--workers 1` on two
 * cores keeps both busy (the reader and the report share this thread with the checks it takes). Up to two batches
 * of this thread's wait, checked, behind the workers' in input order, so that it need not sit idle on their answers.
 */
async function* checkInBatches(
  items: AsyncIterable<ReadItem>,
  pool: CheckWorkerPool,
  checkHere: (batch: ReadItem[]) => CheckedRecord[],
): AsyncGenerator<CheckedRecord> {
  const concurrency = pool.size * batchesInFlightPerWorker + 2;
  const check = async (batch: ReadItem[]) => {
    const sent = pool.trySend(batch);
    if (sent !== undefined) return sent;
    // The workers' answers that came in while this thread was busy are only counted on a turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    return pool.trySend(batch) ?? checkHere(batch);
  };
  for await (const records of pMapIterable(batchesOf(items), check, { concurrency })) {
    yield* records;
  }
}

/** Checks every item in input order; later repeats of an (import supplier, account number) pair get an error. */
export async function* checkRecords(
  items: AsyncIterable<ReadItem>,
  options: CheckOptions,
): AsyncGenerator<CheckedRecord> {
  const duplicates = new DuplicateAccountTracker({
    onSpillFailure: (error) => {
      options.warn?.(
        `cannot write the run's account numbers to the temporary folder (${error.code ?? 'error'}; set TMPDIR to ` +
          'another folder): they stay in memory, about 30 bytes an account',
      );
    },
  });
  const schema = options.schema ?? builtInAccountSchema();
  const validateAccount = createAccountChecker(options.tenant, options.now, schema, options.checks);
  const check: ItemCheck = {
    checkAccount: validateAccount,
    importSupplier: options.importSupplier,
    slice: options.slice,
  };
  let checked: AsyncIterable<CheckedRecord>;
  let pool: CheckWorkerPool | undefined;
  if (options.workers > 0) {
    pool = new CheckWorkerPool(options.workers, {
      tenant: options.tenant,
      schema: schema.source === 'built-in' ? undefined : schema,
      importSupplier: options.importSupplier,
      now: options.now().toISOString(),
      checks: options.checks ?? {},
      slice: options.slice,
    });
    // Records checked on workers come back without their payload: those checked here let go of theirs too.
    const checkHere = (batch: ReadItem[]) => checkBatchHere(batch, (item) => checkItem(item, check));
    checked = checkInBatches(items, pool, checkHere);
  } else {
    const keeping: ItemCheck = { ...check, keepPayload: options.keepPayload };
    checked = (async function* inline() {
      for await (const item of items) yield* checkBatchHere([item], (one) => checkItem(one, keeping));
    })();
  }
  try {
    for await (const record of checked) {
      // A record outside the slice is some other run's: its account number is not this run's to count.
      if (record.externalAccountNumber !== undefined && record.leftOut === undefined) {
        const supplier = record.importSupplier ?? '';
        const firstSeen = duplicates.check(supplier, record.externalAccountNumber, record.source, record.line);
        if (firstSeen !== undefined) record.errors.push(duplicateAccountError(record.externalAccountNumber, firstSeen));
      }
      yield record;
    }
  } finally {
    try {
      duplicates.close();
    } finally {
      await pool?.close();
    }
  }
}
