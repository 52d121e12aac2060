// The slice of the input a run of validate or push takes (--shard, --sample, --seed, --limit): settled from flags and
// the environment, and said in the summary and on every report line, so that nobody mistakes a slice for the whole.
import {
  emptyTally,
  sampleThreshold,
  takeSlice,
  type RecordSlice,
  type Shard,
  type SliceKey,
  type SliceTally,
} from '../checking/record-slice.js';
import type { CheckedRecord } from '../checking/check-item.js';
import { UsageError } from '../core/errors.js';
import { formatPortion, type Portion } from '../core/portion.js';
import { externalAccountNumberOf, importSupplierOf } from '../records/input-record.js';
import { readRecords, type ReadOptions } from '../records/read-records.js';
import { plural } from '../report/format-result.js';

/** The flags that choose a slice. */
export interface SliceFlags {
  files: readonly string[];
  shard?: Shard;
  shards?: number;
  sample?: Portion;
  seed?: number;
  limit?: number;
}

/**
 * The shard of this run: `--shard i/n`, else `KRAKEN_SHARD=i/n`, else `--shards n` with `JOB_COMPLETION_INDEX`
 * (0 to n-1, set by a Kubernetes Indexed Job) naming shard index + 1.
 */
export function resolveShard(flags: SliceFlags, env: NodeJS.ProcessEnv): Shard | undefined {
  const fromEnv = env['KRAKEN_SHARD'];
  let shard = flags.shard;
  if (shard === undefined && fromEnv !== undefined && fromEnv !== '') {
    const match = /^(\d+)\/(\d+)$/.exec(fromEnv.trim());
    const index = Number(match?.[1]);
    const count = Number(match?.[2]);
    if (match === null || count < 1 || index < 1 || index > count) {
      throw new UsageError(`KRAKEN_SHARD=${fromEnv}: expected i/n, from 1/n to n/n (e.g. 2/4)`);
    }
    shard = { index, count };
  }
  if (flags.shards === undefined) return shard;
  if (shard !== undefined) {
    if (shard.count !== flags.shards) {
      throw new UsageError(`--shards ${flags.shards} disagrees with shard ${shard.index}/${shard.count}`);
    }
    return shard;
  }
  const completionIndex = env['JOB_COMPLETION_INDEX'];
  if (completionIndex === undefined || completionIndex === '') {
    throw new UsageError(
      `--shards ${flags.shards} takes this shard from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job), which is not set; ` +
        'elsewhere give --shard i/n',
    );
  }
  const index = Number(completionIndex);
  if (!/^\d+$/.test(completionIndex.trim()) || index >= flags.shards) {
    throw new UsageError(
      `JOB_COMPLETION_INDEX=${completionIndex}: expected 0 to ${flags.shards - 1} for --shards ${flags.shards}`,
    );
  }
  return { index: index + 1, count: flags.shards };
}

/** The slice a run takes, how it is said, and what it left out. */
export interface RunSlice {
  /** Handed to checking; undefined when the run takes every record (before --limit). */
  slice: RecordSlice | undefined;
  limit: number | undefined;
  tally: SliceTally;
  /** `shard 2/4, sample 10% (seed 7), limit 100`; undefined for a whole run. */
  label: string | undefined;
}

/** Settles the slice; a sample of a count reads the inputs once first, to find the records with the lowest hashes. */
export async function resolveSlice(
  flags: SliceFlags,
  env: NodeJS.ProcessEnv,
  reading: { inputs: ReadOptions; importSupplier: string | undefined },
): Promise<RunSlice> {
  const shard = resolveShard(flags, env);
  if (flags.seed !== undefined && flags.sample === undefined)
    throw new UsageError('--seed is the seed of --sample: add --sample');
  const seed = flags.seed ?? 0;
  const parts = [
    ...(shard === undefined ? [] : [`shard ${shard.index}/${shard.count}`]),
    ...(flags.sample === undefined ? [] : [`sample ${formatPortion(flags.sample)} (seed ${seed})`]),
    ...(flags.limit === undefined ? [] : [`limit ${flags.limit}`]),
  ];
  const label = parts.length === 0 ? undefined : parts.join(', ');
  const tally = emptyTally();
  if (shard === undefined && flags.sample === undefined) return { slice: undefined, limit: flags.limit, tally, label };
  const slice: RecordSlice = {
    seed,
    ...(shard === undefined ? {} : { shard }),
    ...(flags.sample === undefined ? {} : { sample: flags.sample }),
  };
  if (flags.sample !== undefined && 'count' in flags.sample) {
    if (flags.files.includes('-')) {
      throw new UsageError(
        `--sample ${flags.sample.count} reads the input twice, which standard input cannot do: save it to a file, or give a percentage`,
      );
    }
    slice.sampleThreshold = await sampleThreshold(
      sliceKeys(flags.files, reading.inputs, reading.importSupplier),
      flags.sample.count,
      slice,
    );
  }
  return { slice, limit: flags.limit, tally, label };
}

/** The key of every record of the inputs, for a sample of a count. */
async function* sliceKeys(
  files: readonly string[],
  inputs: ReadOptions,
  importSupplier: string | undefined,
): AsyncGenerator<SliceKey> {
  for await (const record of readRecords(files, inputs)) {
    yield {
      importSupplier: importSupplier ?? importSupplierOf(record),
      externalAccountNumber: externalAccountNumberOf(record),
      line: record.line,
    };
  }
}

/** The records of the run's slice, the others counted (and `onLeftOut` told, for progress). */
export function sliceOf(
  run: RunSlice,
  records: AsyncIterable<CheckedRecord>,
  onLeftOut: () => void,
): AsyncIterable<CheckedRecord> {
  if (run.slice === undefined && run.limit === undefined) return records;
  return takeSlice(records, run.limit, run.tally, onLeftOut);
}

/** The summary's `slice` object for --json, or nothing for a whole run. */
export function sliceSummary(run: RunSlice): Record<string, unknown> {
  if (run.label === undefined) return {};
  return {
    slice: run.label,
    skipped_by_shard: run.tally.otherShard,
    skipped_by_sample: run.tally.notSampled,
    limit_reached: run.tally.limitReached,
  };
}

/** The summary's line about the slice, or nothing for a whole run. */
export function sliceLines(run: RunSlice): string[] {
  if (run.label === undefined) return [];
  const { otherShard, notSampled, limitReached } = run.tally;
  const left = [
    ...(otherShard > 0 ? [`${plural(otherShard, 'record')} of other shards`] : []),
    ...(notSampled > 0 ? [`${plural(notSampled, 'record')} outside the sample`] : []),
  ];
  const skipped = left.length === 0 ? '' : `; skipped (no line): ${left.join(', ')}`;
  const limited = limitReached ? `; reading stopped at --limit ${run.limit ?? ''}` : '';
  return [`A slice, not the whole input: ${run.label}${skipped}${limited}.`];
}

/** A shard's share of the tenant's rate: `--rate` is the total of all shards, so each sends rate / n. */
export function shareOfRate(rate: number | undefined, run: RunSlice): number | undefined {
  const count = run.slice?.shard?.count;
  return rate === undefined || count === undefined ? rate : rate / count;
}

/** The slice and the error budget among a run's effective settings, for its manifest. */
export function runSettings(run: RunSlice, maxErrors: Portion | undefined): Record<string, unknown> {
  return {
    slice: run.label ?? null,
    // `report merge` reads the shard to name the missing ones.
    shard: run.slice?.shard ?? null,
    sample: run.slice?.sample === undefined ? null : formatPortion(run.slice.sample),
    seed: run.slice?.sample === undefined ? null : run.slice.seed,
    limit: run.limit ?? null,
    max_errors: maxErrors === undefined ? null : formatPortion(maxErrors),
  };
}
