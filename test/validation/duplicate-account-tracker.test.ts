// The run-wide account-number set: exact across growth, rehashing and moves to disk, by supplier, with non-ASCII numbers.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DuplicateAccountTracker } from '../../src/validation/duplicate-account-tracker.js';
import { seededRandom } from '../../src/sandbox/seeded-random.js';
import { useTempFolder } from '../helpers.js';

/** An account number of 34 bytes: with its line, about 40 bytes an entry, so that 26,000 fill a 1 MB block. */
const number = (index: number) => `ACC-${String(index).padStart(30, '0')}`;

describe('DuplicateAccountTracker', () => {
  it('names where a repeated account number was first seen, across 100,000 keys (several rehashes and growths)', () => {
    const tracker = new DuplicateAccountTracker();
    const repeats: number[] = [];
    for (let line = 1; line <= 100_000; line += 1) {
      if (tracker.check('ACME', `A-${line}`, 'a.ndjson', line) !== undefined) repeats.push(line);
    }
    expect(repeats).toEqual([]);
    expect(tracker.check('ACME', 'A-1', 'b.ndjson', 7)).toBe('a.ndjson:1');
    expect(tracker.check('ACME', 'A-65536', 'b.ndjson', 8)).toBe('a.ndjson:65536');
    expect(tracker.check('ACME', 'A-100000', 'b.ndjson', 9)).toBe('a.ndjson:100000');
    // A key that is a prefix or extension of one seen is not a repeat.
    expect(tracker.check('ACME', 'A-10000', 'b.ndjson', 10)).toBe('a.ndjson:10000');
    expect(tracker.check('ACME', 'A-100001', 'b.ndjson', 11)).toBeUndefined();
    expect(tracker.check('ACME', 'A-', 'b.ndjson', 12)).toBeUndefined();
  });

  /** Checks in order: [supplier, account number, file, line, what `check` must answer]. */
  type Check = [string, string, string, number, string | undefined];
  it.each<[string, Check[]]>([
    [
      'keeps suppliers apart and compares non-ASCII numbers by their exact text',
      [
        ['ACME', 'Ünïcode-1', 'x.csv', 2, undefined],
        ['OTHER', 'Ünïcode-1', 'x.csv', 3, undefined],
        ['ACME', 'Unicode-1', 'x.csv', 4, undefined],
        ['ACME', 'Ünïcode-1', 'y.csv', 5, 'x.csv:2'],
        ['OTHER', 'Ünïcode-1', 'y.csv', 6, 'x.csv:3'],
      ],
    ],
    [
      'cannot be fooled by a separator inside a supplier or number',
      [
        ['A\u0000B', 'C', 'a.ndjson', 1, undefined],
        ['A', 'B\u0000C', 'a.ndjson', 2, undefined],
        ['A\u0000B', 'C', 'a.ndjson', 3, 'a.ndjson:1'],
        ['A', 'B\u0000C', 'a.ndjson', 4, 'a.ndjson:2'],
      ],
    ],
    [
      'keeps apart numbers that UTF-8 would make alike (lone surrogates become U+FFFD there)',
      [
        ['ACME', 'Y\ud800', 'a.ndjson', 1, undefined],
        ['ACME', 'Y\udc00', 'a.ndjson', 2, undefined],
        ['ACME', 'Y\ufffd', 'a.ndjson', 3, undefined],
        ['ACME', 'Y\ud83d\ude00', 'a.ndjson', 4, undefined],
        ['ACME', 'Y\ud800', 'b.ndjson', 5, 'a.ndjson:1'],
        ['ACME', 'Y\ufffd', 'b.ndjson', 6, 'a.ndjson:3'],
        ['ACME', 'Y\ud83d\ude00', 'b.ndjson', 7, 'a.ndjson:4'],
      ],
    ],
  ])('%s', (_name, checks) => {
    const tracker = new DuplicateAccountTracker();
    const answers = checks.map(([supplier, accountNumber, file, line]) =>
      tracker.check(supplier, accountNumber, file, line),
    );
    expect(answers).toEqual(checks.map((check) => check[4]));
  });

  it('keeps keys across 1 MB blocks, from several files in turn, and lines past 32 bits', () => {
    const tracker = new DuplicateAccountTracker();
    // About 40 bytes an entry: 60,000 entries fill two blocks and start a third.
    const files = ['a.ndjson', 'b.ndjson', 'a.ndjson', 'c.ndjson'];
    const repeats: number[] = [];
    for (let index = 0; index < 60_000; index += 1) {
      const file = files[Math.floor(index / 15_000)] ?? '?';
      if (tracker.check('ACME', number(index), file, index + 1) !== undefined) repeats.push(index);
    }
    expect(repeats).toEqual([]);
    expect(tracker.check('ACME', 'late', 'd.ndjson', 2 ** 40 + 3)).toBeUndefined();
    for (const index of [0, 14_999, 15_000, 26_000, 26_001, 30_000, 45_000, 59_999]) {
      const file = files[Math.floor(index / 15_000)] ?? '?';
      expect(tracker.check('ACME', number(index), 'e.ndjson', 1)).toBe(`${file}:${index + 1}`);
    }
    expect(tracker.check('ACME', 'late', 'e.ndjson', 2)).toBe(`d.ndjson:${2 ** 40 + 3}`);
  });

  it('answers a repeat met while the last block is full as any other, and keeps the next key', () => {
    const tracker = new DuplicateAccountTracker();
    const wrong: number[] = [];
    // About 40 bytes an entry: the first block fills near entry 26,000; each key is repeated at once.
    for (let index = 0; index < 30_000; index += 1) {
      if (tracker.check('ACME', number(index), 'a.ndjson', index + 1) !== undefined) wrong.push(index);
      if (tracker.check('ACME', number(index), 'b.ndjson', 1) !== `a.ndjson:${index + 1}`) wrong.push(-index);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps account numbers of plain digits (held as their value) apart from every other spelling', () => {
    const tracker = new DuplicateAccountTracker();
    const numbers = ['0', '00', '123', '0123', '+123', '123.0', '999999999999999', '9999999999999999', '1e3', '1000'];
    expect(numbers.map((number, index) => tracker.check('ACME', number, 'n.ndjson', index + 1))).toEqual(
      numbers.map(() => undefined),
    );
    expect(numbers.map((number) => tracker.check('ACME', number, 'm.ndjson', 1))).toEqual(
      numbers.map((_number, index) => `n.ndjson:${index + 1}`),
    );
    expect(tracker.check('OTHER', '123', 'm.ndjson', 2)).toBeUndefined();
  });

  it('tells apart hundreds of suppliers (their numbers take more than one byte)', () => {
    const tracker = new DuplicateAccountTracker();
    for (let supplier = 0; supplier < 300; supplier += 1) {
      expect(tracker.check(`S${supplier}`, '42', 's.ndjson', supplier + 1)).toBeUndefined();
    }
    for (const supplier of [0, 127, 128, 129, 299]) {
      expect(tracker.check(`S${supplier}`, '42', 't.ndjson', 1)).toBe(`s.ndjson:${supplier + 1}`);
    }
    expect(tracker.check('S300', '42', 't.ndjson', 2)).toBeUndefined();
  });

  it('keeps very long keys exactly, on either side of the longest kept in blocks (255 bytes)', () => {
    const tracker = new DuplicateAccountTracker();
    const keys = ['x'.repeat(254), 'x'.repeat(255), 'x'.repeat(256), 'x'.repeat(2000)];
    expect(keys.map((key, index) => tracker.check('ACME', key, 'k.ndjson', index + 1))).toEqual(
      keys.map(() => undefined),
    );
    expect(keys.map((key) => tracker.check('ACME', key, 'l.ndjson', 9))).toEqual(
      keys.map((_key, index) => `k.ndjson:${index + 1}`),
    );
    expect(tracker.check('OTHER', 'x'.repeat(2000), 'l.ndjson', 10)).toBeUndefined();
  });

  it('grows its byte store for keys longer than its first buffer', () => {
    const tracker = new DuplicateAccountTracker();
    const long = 'x'.repeat((1 << 20) + 5);
    expect(tracker.check('ACME', long, 'big.ndjson', 1)).toBeUndefined();
    expect(tracker.check('ACME', `${long}y`, 'big.ndjson', 2)).toBeUndefined();
    expect(tracker.check('ACME', long, 'big.ndjson', 3)).toBe('big.ndjson:1');
  });
});

describe('DuplicateAccountTracker moving keys to disk', () => {
  const folder = useTempFolder('tracker-spill-');

  it('answers as a Map would over 20,000 checks while moving 100 keys at a time to disk (and merging the runs)', () => {
    const tracker = new DuplicateAccountTracker({ keysInMemory: 100, spillDirectory: folder() });
    const expected = new Map<string, string>();
    const random = seededRandom(14);
    const spellings = [
      (n: number) => String(n),
      (n: number) => `ACC-${n}`,
      (n: number) => `Ü-${n}`,
      (n: number) => `0${n}`,
      (n: number) => `${'x'.repeat(250)}${n}`,
      (n: number) => `S\ud800${n}`,
    ];
    const mismatches: string[] = [];
    for (let check = 0; check < 20_000; check += 1) {
      const supplier = random() < 0.9 ? 'ACME' : 'OTHER';
      const number = (spellings[Math.floor(random() * spellings.length)] ?? String)(Math.floor(random() * 8_000));
      const source = `${String.fromCharCode(97 + Math.floor(check / 5_000))}.ndjson`;
      const line = check < 10_000 ? check + 1 : 2 ** 33 + check;
      const key = `${supplier}\u0000${number}`;
      const want = expected.get(key);
      if (want === undefined) expected.set(key, `${source}:${line}`);
      const got = tracker.check(supplier, number, source, line);
      if (got !== want) mismatches.push(`${check}: ${key} gave ${got} for ${want}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // About 120 runs of 100 keys, merged 8 at a time: one of level 2, some of level 1, a few of level 0.
    expect(tracker.spilledRuns).toBeGreaterThan(1);
    expect(tracker.spilledRuns).toBeLessThan(22);
    expect(readdirSync(folder())).toEqual([]);
    tracker.close();
    expect(readdirSync(folder())).toEqual([]);
  });

  it('moves its keys when long account numbers fill its blocks before their count', () => {
    const tracker = new DuplicateAccountTracker({ blocksInMemory: 1, spillDirectory: folder() });
    const long = (index: number) => `${'L'.repeat(200)}-${index}`;
    // About 210 bytes an entry: 5,000 a block, so 12,000 keys fill it twice.
    for (let index = 0; index < 12_000; index += 1) tracker.check('ACME', long(index), 'a.ndjson', index + 1);
    expect(tracker.spilledRuns).toBe(2);
    expect([0, 4_999, 5_000, 11_999].map((index) => tracker.check('ACME', long(index), 'b.ndjson', 1))).toEqual([
      'a.ndjson:1',
      'a.ndjson:5000',
      'a.ndjson:5001',
      'a.ndjson:12000',
    ]);
    expect(tracker.check('ACME', long(12_000), 'b.ndjson', 2)).toBeUndefined();
    tracker.close();
  });

  it('moves very long account numbers and ones with lone surrogates to disk too, exact', () => {
    const tracker = new DuplicateAccountTracker({ keysInMemory: 4, spillDirectory: folder() });
    const numbers = [
      'x'.repeat(300),
      `${'x'.repeat(300)}y`,
      'é'.repeat(200),
      'Y\ud800',
      'Y\udc00',
      'Y\ufffd',
      '\ud800'.repeat(200),
      '\udc00'.repeat(200),
      '42',
      '042',
    ];
    expect(numbers.map((number, index) => tracker.check('ACME', number, 'a.ndjson', index + 1))).toEqual(
      numbers.map(() => undefined),
    );
    expect(tracker.spilledRuns).toBe(2);
    expect(numbers.map((number) => tracker.check('ACME', number, 'b.ndjson', 1))).toEqual(
      numbers.map((_number, index) => `a.ndjson:${index + 1}`),
    );
    expect(tracker.check('OTHER', 'x'.repeat(300), 'b.ndjson', 2)).toBeUndefined();
    tracker.close();
  });

  it('keeps every key in memory, still exact, and says so once, when its directory cannot be written', () => {
    const failures: (string | undefined)[] = [];
    const tracker = new DuplicateAccountTracker({
      keysInMemory: 10,
      spillDirectory: join(folder(), 'missing'),
      onSpillFailure: (error) => failures.push(error.code),
    });
    for (let index = 0; index < 1_000; index += 1) tracker.check('ACME', `K${index}`, 'a.ndjson', index + 1);
    expect(tracker.spilledRuns).toBe(0);
    expect(failures).toEqual(['ENOENT']);
    expect(tracker.check('ACME', 'K0', 'b.ndjson', 1)).toBe('a.ndjson:1');
    expect(tracker.check('ACME', 'K999', 'b.ndjson', 2)).toBe('a.ndjson:1000');
    tracker.close();
  });
});
