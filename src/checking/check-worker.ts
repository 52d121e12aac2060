// Worker thread of the validate command: parses and checks batches of records so that all cores are used.
import { parentPort, workerData } from 'node:worker_threads';
import type { ReadItem } from '../records/input-record.js';
import { checkItem, type CheckedRecord, type ItemCheck } from './check-item.js';
import { ownedChunkBuffers } from '../records/chunk-buffer-pool.js';
import type { RecordSlice } from './record-slice.js';
import type { TenantRules } from '../validation/tenant-rules.js';
import { createAccountChecker, type AccountCheckOptions } from '../validation/validate-account.js';
import { builtInAccountSchema, type AccountSchema } from '../validation/account-schema.js';

/** What the main thread hands each worker when it starts. */
export interface CheckWorkerData {
  tenant: TenantRules;
  /** The run's account schema, already loaded (a tenant's is not read or converted again here); undefined: built-in. */
  schema: AccountSchema | undefined;
  importSupplier: string | undefined;
  /** The run's clock, frozen at its start (ISO 8601). */
  now: string;
  checks: AccountCheckOptions;
  /** The part of the input the run takes (--shard, --sample). */
  slice: RecordSlice | undefined;
}

/** A batch sent to a worker, and the answer it sends back. */
export interface CheckBatch {
  id: number;
  items: ReadItem[];
}
export interface CheckBatchResult {
  id: number;
  results: CheckedRecord[];
  /** The buffers of the batch's chunks, moved back to be read into again. */
  buffers: ArrayBuffer[];
}
/** The first message of a worker: it has compiled its checks and takes batches from now on. */
export interface CheckWorkerReady {
  ready: true;
}

const data = workerData as CheckWorkerData;
const validateAccount = createAccountChecker(
  data.tenant,
  () => new Date(data.now),
  data.schema ?? builtInAccountSchema(),
  data.checks,
);

parentPort?.postMessage({ ready: true } satisfies CheckWorkerReady);
const check: ItemCheck = { checkAccount: validateAccount, importSupplier: data.importSupplier, slice: data.slice };
parentPort?.on('message', (batch: CheckBatch) => {
  const results = batch.items.flatMap((item) => checkItem(item, check));
  const buffers = ownedChunkBuffers(batch.items);
  parentPort?.postMessage({ id: batch.id, results, buffers } satisfies CheckBatchResult, buffers);
});
