// The slice of a run: shards and samples hang on the account (never on file order), the limit stops reading.
import { describe, expect, it } from '@jest/globals';
import {
  emptyTally,
  leftOutBy,
  sampleThreshold,
  shardOf,
  takeSlice,
  type LeftOut,
  type SliceKey,
} from '../../src/checking/record-slice.js';
import { parsePortion } from '../../src/core/portion.js';

const keys: SliceKey[] = Array.from({ length: 2000 }, (_, index) => ({
  importSupplier: 'ACME',
  externalAccountNumber: `A${index}`,
  line: index + 1,
}));

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('shardOf', () => {
  it('puts every account in exactly one of n shards, evenly, whatever the order of the file', () => {
    const counts = [0, 0, 0, 0];
    for (const key of keys) counts[shardOf(key, 4) - 1] = (counts[shardOf(key, 4) - 1] ?? 0) + 1;
    expect(counts.reduce((a, b) => a + b)).toBe(2000);
    for (const count of counts) expect(count).toBeGreaterThan(400);
    const reversed = [...keys].reverse().map((key) => shardOf({ ...key, line: 1 }, 4));
    expect(reversed.reverse()).toEqual(keys.map((key) => shardOf(key, 4)));
  });

  it('is the same on every machine: fixed shards for known accounts', () => {
    const shards = [1, 2, 3, 4, 5].map((n) =>
      shardOf({ importSupplier: 'ACME', externalAccountNumber: `A${n}`, line: 9 }, 4),
    );
    expect(shards).toEqual([1, 1, 2, 3, 2]);
  });

  it('sends a record without an account number to its line modulo n', () => {
    const shards = [1, 2, 3, 4, 5].map((line) =>
      shardOf({ importSupplier: undefined, externalAccountNumber: undefined, line }, 3),
    );
    expect(shards).toEqual([1, 2, 3, 1, 2]);
  });

  it('depends on the import supplier too', () => {
    const differ = keys.filter((key) => shardOf(key, 4) !== shardOf({ ...key, importSupplier: 'OTHER' }, 4));
    expect(differ.length).toBeGreaterThan(1000);
  });
});

describe('samples', () => {
  it('takes about p% of the accounts, the same ones for the same seed and others for another seed', () => {
    const slice = (seed: number) => ({ sample: { percent: 10 }, seed });
    const taken = (seed: number) => keys.filter((key) => leftOutBy(key, slice(seed)) === undefined);
    expect(taken(1).length).toBeGreaterThan(150);
    expect(taken(1).length).toBeLessThan(250);
    expect(taken(1)).toEqual(taken(1));
    expect(taken(2)).not.toEqual(taken(1));
  });

  it('takes exactly n accounts for a count, the same ones whatever the order of the file', async () => {
    const threshold = await sampleThreshold(from(keys), 25, { seed: 7 });
    const reversedThreshold = await sampleThreshold(from([...keys].reverse()), 25, { seed: 7 });
    expect(reversedThreshold).toBe(threshold);
    const slice = { sample: { count: 25 }, seed: 7, sampleThreshold: threshold };
    expect(keys.filter((key) => leftOutBy(key, slice) === undefined)).toHaveLength(25);
  });

  it('takes every record when the input has fewer than n, and samples within the shard', async () => {
    expect(await sampleThreshold(from(keys.slice(0, 10)), 25, { seed: 0 })).toBe(Number.POSITIVE_INFINITY);
    const shard = { index: 2, count: 4 };
    const threshold = await sampleThreshold(from(keys), 30, { seed: 0, shard });
    const slice = { shard, sample: { count: 30 }, seed: 0, sampleThreshold: threshold };
    const reasons = keys.map((key) => leftOutBy(key, slice));
    expect(reasons.filter((reason) => reason === undefined)).toHaveLength(30);
    for (const [index, key] of keys.entries()) {
      if (shardOf(key, 4) !== 2) expect(reasons[index]).toBe('shard');
    }
  });
});

describe('takeSlice', () => {
  const records: { line: number; leftOut?: LeftOut }[] = [
    { line: 1 },
    { line: 2, leftOut: 'shard' },
    { line: 3, leftOut: 'sample' },
    { line: 4 },
    { line: 5 },
  ];

  it('passes on the records in the slice and counts the others by reason', async () => {
    const tally = emptyTally();
    let passedOver = 0;
    const taken = await collect(takeSlice(from(records), undefined, tally, () => (passedOver += 1)));
    expect(taken.map((record) => record.line)).toEqual([1, 4, 5]);
    expect(tally).toEqual({ otherShard: 1, notSampled: 1, limitReached: false });
    expect(passedOver).toBe(2);
  });

  it('stops reading after --limit records of the slice', async () => {
    const tally = emptyTally();
    let read = 0;
    async function* counted() {
      for (const record of records) {
        read += 1;
        yield record;
      }
    }
    const taken = await collect(takeSlice(counted(), 2, tally));
    expect(taken.map((record) => record.line)).toEqual([1, 4]);
    expect(tally.limitReached).toBe(true);
    expect(read).toBe(4);
  });
});

describe('parsePortion', () => {
  it.each([
    ['100', 1, { count: 100 }],
    ['5%', 1, { percent: 5 }],
    ['0.5%', 1, { percent: 0.5 }],
    ['0', 0, { count: 0 }],
    ['0', 1, undefined],
    ['0%', 1, undefined],
    ['101%', 1, undefined],
    ['ten', 1, undefined],
    ['-3', 0, undefined],
    ['1.5', 1, undefined],
  ])('reads %s (at least %i) as %j', (text, minimum, expected) => {
    expect(parsePortion(text, minimum)).toEqual(expected);
  });
});
