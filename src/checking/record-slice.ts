// Which records a run takes: its shard (--shard i/n), a deterministic sample (--sample, --seed) and the first n
// (--limit). Every choice hangs on the record's account, never on file order or the machine, so that n machines
// agree on who does what and the same seed picks the same accounts again.
import { createHash } from 'node:crypto';
import type { Portion } from '../core/portion.js';

/** One shard of `count`, numbered from 1. */
export interface Shard {
  index: number;
  count: number;
}

/** The part of the input a run takes (serializable: it travels to check workers). */
export interface RecordSlice {
  shard?: Shard;
  sample?: Portion;
  /** The seed of the sample (default 0). */
  seed: number;
  /** For a sample of a count: the largest sample hash that is in, found by `sampleThreshold` before the run. */
  sampleThreshold?: number;
}

/** Why a record is left out of the run, if it is. */
export type LeftOut = 'shard' | 'sample';

/** What identifies a record for the slice: its account (import supplier and number), else its line. */
export interface SliceKey {
  importSupplier: string | undefined;
  externalAccountNumber: string | undefined;
  line: number;
}

/** Hashes span [0, 2^52): 13 hex digits of SHA-256, exact in a double. */
const hashSpan = 2 ** 52;

function hashOf(text: string): number {
  return Number.parseInt(createHash('sha256').update(text).digest('hex').slice(0, 13), 16);
}

/** The shard (from 1) that a record belongs to: a hash of its supplier and account number, else its line modulo n. */
export function shardOf(key: SliceKey, count: number): number {
  if (key.externalAccountNumber === undefined) return ((key.line - 1) % count) + 1;
  return (hashOf(`${key.importSupplier ?? ''}\u0000${key.externalAccountNumber}`) % count) + 1;
}

/** The record's place in the sample order of `seed`, in [0, 2^52): the lowest ones are sampled. */
export function sampleHash(key: SliceKey, seed: number): number {
  const account =
    key.externalAccountNumber === undefined
      ? `line\u0000${key.line}`
      : `${key.importSupplier ?? ''}\u0000${key.externalAccountNumber}`;
  return hashOf(`${seed}\u0000${account}`);
}

/** Whether the slice leaves a record out, and why; undefined when the run takes it. */
export function leftOutBy(key: SliceKey, slice: RecordSlice): LeftOut | undefined {
  if (slice.shard !== undefined && shardOf(key, slice.shard.count) !== slice.shard.index) return 'shard';
  if (slice.sample === undefined) return undefined;
  const hash = sampleHash(key, slice.seed);
  if ('percent' in slice.sample) return hash < (slice.sample.percent / 100) * hashSpan ? undefined : 'sample';
  return slice.sampleThreshold !== undefined && hash <= slice.sampleThreshold ? undefined : 'sample';
}

/**
 * The threshold of a sample of `count` records: the `count`-th lowest sample hash among the records the shard
 * keeps (Infinity when there are fewer). Reads every key once, holding at most 2 × count hashes.
 */
export async function sampleThreshold(
  keys: AsyncIterable<SliceKey>,
  count: number,
  slice: Pick<RecordSlice, 'shard' | 'seed'>,
): Promise<number> {
  let lowest: number[] = [];
  for await (const key of keys) {
    if (slice.shard !== undefined && shardOf(key, slice.shard.count) !== slice.shard.index) continue;
    lowest.push(sampleHash(key, slice.seed));
    if (lowest.length >= 2 * count) lowest = lowest.sort((a, b) => a - b).slice(0, count);
  }
  lowest.sort((a, b) => a - b);
  return lowest.length < count ? Number.POSITIVE_INFINITY : (lowest[count - 1] ?? Number.POSITIVE_INFINITY);
}

/** Records a slice left out, by reason, and whether --limit ended reading. */
export interface SliceTally {
  otherShard: number;
  notSampled: number;
  /** Set when --limit was reached: reading stopped there. */
  limitReached: boolean;
}

/** A tally with nothing left out yet. */
export function emptyTally(): SliceTally {
  return { otherShard: 0, notSampled: 0, limitReached: false };
}

/**
 * Passes on the records the slice takes, counting the others (`onLeftOut` hears of each, for progress), and stops
 * reading after `limit` records.
 */
export async function* takeSlice<Checked extends { leftOut?: LeftOut }>(
  records: AsyncIterable<Checked>,
  limit: number | undefined,
  tally: SliceTally,
  onLeftOut: () => void = () => undefined,
): AsyncGenerator<Checked> {
  let taken = 0;
  for await (const record of records) {
    if (record.leftOut !== undefined) {
      if (record.leftOut === 'shard') tally.otherShard += 1;
      else tally.notSampled += 1;
      onLeftOut();
      continue;
    }
    yield record;
    taken += 1;
    if (limit !== undefined && taken >= limit) {
      tally.limitReached = true;
      return;
    }
  }
}
