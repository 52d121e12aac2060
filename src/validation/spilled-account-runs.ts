// Account numbers a run has moved out of memory: sorted runs in temporary files, each with a Bloom filter and a
// sparse index kept in memory (about 1.4 bytes an account), so that the repeats table stays small at any file size.
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bits of a run's Bloom filter for each of its keys: with 7 probes, about 1 look in 120 for a new key reads disk. */
const bloomBitsPerKey = 10;
const bloomProbes = 7;
/** The index holds the hash and place of every 64th record: a look reads about 64 records (a few kB). */
const indexEvery = 64;
/** Bytes written to the file at a time while a run is moved out. */
const stagingBytes = 1 << 20;

/** Where a key was first seen: the index of its source (file) and its line. */
export interface SpilledPlace {
  source: number;
  line: number;
}

/** One key of a run being written: its hash, its bytes as the repeats table holds them, and where it was seen. */
export interface SpillingKey {
  hash: number;
  bytes: Buffer;
  start: number;
  end: number;
  source: number;
  line: number;
}

interface Run {
  /** The run's own file (open, already removed from its folder where the system allows it) and its length. */
  file: number;
  path: string | undefined;
  length: number;
  /** How many keys it holds, and how many merges made it (0: written from memory). */
  count: number;
  level: number;
  bloom: Uint32Array;
  bloomBits: number;
  /** The hash of every 64th record, and its place in the file. */
  indexHashes: Uint32Array;
  indexPlaces: Float64Array;
}

/** Runs of one level merged into one of the next once there are this many: at most 7 a level, a few levels. */
const mergeFanIn = 8;
/** Bytes read at a time from each run being merged. */
const mergeReadBytes = 64 * 1024;
/** The most bytes of a record: hash, length, a 255-byte key, two varints. */
const maxRecordBytes = 4 + 1 + 255 + 8 + 8;

/**
 * Runs of keys, each in a file of its own, records sorted by hash: [hash: 4 bytes][length: 1][key][source][line],
 * the last two as varints. A file is removed as soon as it is open (on POSIX systems), so that no run, not even one
 * killed, leaves it behind. A look first asks each run's Bloom filter, and reads the disk only when it says maybe.
 * Every 8 runs of one level are merged into one of the next level (as a log-structured merge tree does), so that a
 * look asks at most 7 filters a level: 50,000,000 accounts make 190 runs of 262,144 keys, or 3 levels of at most 7.
 */
export class SpilledAccountRuns {
  private runs: Run[] = [];
  private closed = false;
  private readonly staging = Buffer.allocUnsafe(stagingBytes);
  private staged = 0;
  private readBuffer = Buffer.allocUnsafe(8192);

  constructor(private readonly directory: string = tmpdir()) {}

  /** How many runs there are now (merged ones count once). */
  get runCount(): number {
    return this.runs.length;
  }

  /** The level of each run: 0 written from memory, n made by n rounds of merges. */
  get levels(): number[] {
    return this.runs.map((run) => run.level);
  }

  /**
   * Writes one run of keys given in order of hash (`count` of them, from `keys`), then merges runs while a level has
   * 8; throws when a file cannot be written, and the caller keeps its keys in memory then.
   */
  writeRun(keys: Iterable<SpillingKey>, count: number): void {
    this.runs.push(this.write(keys, count, 0));
    for (let level = 0; ; level += 1) {
      const same = this.runs.filter((run) => run.level === level);
      if (same.length < mergeFanIn) return;
      const merged = this.write(
        this.merge(same),
        same.reduce((sum, run) => sum + run.count, 0),
        level + 1,
      );
      for (const run of same) closeRun(run);
      this.runs = [...this.runs.filter((run) => run.level !== level), merged];
    }
  }

  /** Where the key `bytes[start, end)` with this hash was seen, if it is in any run. */
  find(hash: number, bytes: Buffer, start: number, end: number): SpilledPlace | undefined {
    if (this.closed) throw new Error('the moved-out account numbers were looked up after close()');
    if (this.runs.length === 0) return undefined;
    const { first, step } = probesOf(hash);
    for (const run of this.runs) {
      if (!hasBloomBits(run.bloom, run.bloomBits, first, step)) continue;
      const found = this.findInRun(run, hash, bytes, start, end);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Closes the files (and removes those that could not be removed while open). */
  close(): void {
    this.closed = true;
    for (const run of this.runs) closeRun(run);
    this.runs = [];
  }

  private write(keys: Iterable<SpillingKey>, count: number, level: number): Run {
    if (this.closed) throw new Error('account numbers were moved out after close()');
    const { file, path } = this.open();
    const bloomBits = Math.max(32, Math.ceil((count * bloomBitsPerKey) / 32) * 32);
    const bloom = new Uint32Array(bloomBits / 32);
    const indexHashes = new Uint32Array(Math.ceil(count / indexEvery));
    const indexPlaces = new Float64Array(indexHashes.length);
    const run: Run = { file, path, length: 0, count, level, bloom, bloomBits, indexHashes, indexPlaces };
    this.staged = 0;
    try {
      let ordinal = 0;
      let previous = -1;
      for (const key of keys) {
        if (key.hash < previous) throw new Error('keys of a run must come in order of hash');
        previous = key.hash;
        const keyLength = key.end - key.start;
        if (this.staged + 4 + 1 + keyLength + 16 > stagingBytes) this.flush(run);
        if (ordinal % indexEvery === 0) {
          indexHashes[ordinal / indexEvery] = key.hash;
          indexPlaces[ordinal / indexEvery] = run.length + this.staged;
        }
        ordinal += 1;
        setBloomBits(bloom, bloomBits, key.hash);
        const staging = this.staging;
        staging.writeUInt32LE(key.hash, this.staged);
        staging[this.staged + 4] = keyLength;
        // Most keys are a few bytes: a loop copies them faster than Buffer.copy's call.
        const keyAt = this.staged + 5;
        for (let index = 0; index < keyLength; index += 1) staging[keyAt + index] = key.bytes[key.start + index] ?? 0;
        this.staged = writeVarint(staging, writeVarint(staging, this.staged + 5 + keyLength, key.source), key.line);
      }
      this.flush(run);
    } catch (error) {
      closeRun(run);
      throw error;
    }
    return run;
  }

  /** The keys of some runs in order of hash: each run read in order, 64 kB at a time. */
  private *merge(runs: readonly Run[]): Generator<SpillingKey> {
    const cursors = runs.map((run) => new RunCursor(run));
    const key: SpillingKey = { hash: 0, bytes: this.staging, start: 0, end: 0, source: 0, line: 0 };
    for (;;) {
      let next: RunCursor | undefined;
      for (const cursor of cursors) {
        if (cursor.ready() && (next === undefined || cursor.hash < next.hash)) next = cursor;
      }
      if (next === undefined) return;
      next.read(key);
      yield key;
      next.advance();
    }
  }

  private findInRun(run: Run, hash: number, bytes: Buffer, start: number, end: number): SpilledPlace | undefined {
    // The records from the last indexed one below the hash to the first indexed one above it hold every match.
    const { indexHashes, indexPlaces } = run;
    let low = 0;
    let high = indexHashes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((indexHashes[middle] ?? 0) < hash) low = middle + 1;
      else high = middle;
    }
    const from = low === 0 ? 0 : (indexPlaces[low - 1] ?? 0);
    let after = low;
    while (after < indexHashes.length && (indexHashes[after] ?? 0) <= hash) after += 1;
    const to = after === indexHashes.length ? run.length : (indexPlaces[after] ?? run.length);
    const buffer = this.read(run.file, from, to - from);
    const keyLength = end - start;
    for (let at = 0; at < to - from;) {
      const recordHash = buffer.readUInt32LE(at);
      if (recordHash > hash) return undefined;
      const length = buffer[at + 4] ?? 0;
      const keyAt = at + 5;
      const sourceAt = keyAt + length;
      const lineAt = skipVarint(buffer, sourceAt);
      if (recordHash === hash && length === keyLength && buffer.compare(bytes, start, end, keyAt, sourceAt) === 0) {
        return { source: readVarint(buffer, sourceAt), line: readVarint(buffer, lineAt) };
      }
      at = skipVarint(buffer, lineAt);
    }
    return undefined;
  }

  private read(file: number, position: number, length: number): Buffer {
    if (this.readBuffer.length < length) this.readBuffer = Buffer.allocUnsafe(length);
    readFully(file, this.readBuffer, 0, length, position);
    return this.readBuffer;
  }

  private open(): { file: number; path: string | undefined } {
    const path = join(this.directory, `kraken-import-accounts-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    const file = openSync(path, 'wx+', 0o600);
    // Gone from the directory at once where the system allows it (POSIX); otherwise removed at close.
    return { file, path: removeQuietly(path) ? undefined : path };
  }

  /** Writes what is staged at the end of the run's file. */
  private flush(run: Run): void {
    for (let done = 0; done < this.staged;) {
      done += writeSync(run.file, this.staging, done, this.staged - done, run.length + done);
    }
    run.length += this.staged;
    this.staged = 0;
  }
}

/** Reads a run's records in order, for a merge: the record at hand is whole in its buffer. */
class RunCursor {
  private readonly buffer = Buffer.allocUnsafe(mergeReadBytes);
  /** Where the record at hand starts in the buffer, and how many bytes the buffer holds. */
  private at = 0;
  private held = 0;
  /** Where the buffer's bytes end in the file. */
  private position = 0;
  /** The hash of the record at hand. */
  hash = 0;

  constructor(private readonly run: Run) {
    this.fill();
  }

  /** Whether there is a record at hand. */
  ready(): boolean {
    return this.at < this.held;
  }

  /** Points `key` at the record at hand (valid until `advance`). */
  read(key: SpillingKey): void {
    const length = this.buffer[this.at + 4] ?? 0;
    key.hash = this.hash;
    key.bytes = this.buffer;
    key.start = this.at + 5;
    key.end = key.start + length;
    key.source = readVarint(this.buffer, key.end);
    key.line = readVarint(this.buffer, skipVarint(this.buffer, key.end));
  }

  advance(): void {
    const length = this.buffer[this.at + 4] ?? 0;
    this.at = skipVarint(this.buffer, skipVarint(this.buffer, this.at + 5 + length));
    this.fill();
  }

  /** Makes sure the record at hand is whole in the buffer, reading on when it may not be. */
  private fill(): void {
    if (this.held - this.at < maxRecordBytes && this.position < this.run.length) {
      this.buffer.copy(this.buffer, 0, this.at, this.held);
      this.held -= this.at;
      this.at = 0;
      const wanted = Math.min(mergeReadBytes - this.held, this.run.length - this.position);
      readFully(this.run.file, this.buffer, this.held, wanted, this.position);
      this.held += wanted;
      this.position += wanted;
    }
    if (this.at < this.held) this.hash = this.buffer.readUInt32LE(this.at);
  }
}

/** Reads exactly `length` bytes at `position`. */
function readFully(file: number, buffer: Buffer, offset: number, length: number, position: number): void {
  for (let done = 0; done < length;) {
    const got = readSync(file, buffer, offset + done, length - done, position + done);
    if (got === 0) throw new Error('a file of moved-out account numbers ended early');
    done += got;
  }
}

/** Closes a run's file, and removes it where it could not be removed while open. */
function closeRun(run: Run): void {
  closeSync(run.file);
  if (run.path !== undefined) removeQuietly(run.path);
}

function removeQuietly(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The probes of a hash: two mixes of it, combined as h1 + i * h2 (Kirsch and Mitzenmacher). */
function probesOf(hash: number): { first: number; step: number } {
  return { first: mix(hash), step: mix(hash ^ 0x9e3779b9) | 1 };
}

/** The bit of a filter of `bits` bits that probe `probe` of a hash looks at. */
function probeBit(first: number, step: number, probe: number, bits: number): number {
  return ((first + Math.imul(probe, step)) >>> 0) % bits;
}

function setBloomBits(bloom: Uint32Array, bits: number, hash: number): void {
  const { first, step } = probesOf(hash);
  for (let probe = 0; probe < bloomProbes; probe += 1) {
    const bit = probeBit(first, step, probe, bits);
    bloom[bit >>> 5] = (bloom[bit >>> 5] ?? 0) | (1 << (bit & 31));
  }
}

/** Whether every probe of a hash (given by `probesOf`) is set. */
function hasBloomBits(bloom: Uint32Array, bits: number, first: number, step: number): boolean {
  for (let probe = 0; probe < bloomProbes; probe += 1) {
    const bit = probeBit(first, step, probe, bits);
    if (((bloom[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) return false;
  }
  return true;
}

/** MurmurHash3's finalizer: spreads every bit of a 32-bit hash over all of its bits. */
function mix(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Writes a whole number below 2^53 as a LEB128 varint at `at`; returns where it ends. */
export function writeVarint(block: Buffer, at: number, value: number): number {
  let position = at;
  let rest = value;
  while (rest >= 0x80) {
    block[position] = (rest % 0x80) | 0x80;
    position += 1;
    rest = Math.floor(rest / 0x80);
  }
  block[position] = rest;
  return position + 1;
}

/** Reads the varint that `writeVarint` wrote at `at`. */
export function readVarint(block: Buffer, at: number): number {
  let value = 0;
  let scale = 1;
  for (let position = at; ; position += 1) {
    const byte = block[position] ?? 0;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 0x80;
  }
}

/** Where the varint at `at` ends. */
function skipVarint(block: Buffer, at: number): number {
  let position = at;
  while ((block[position] ?? 0) >= 0x80) position += 1;
  return position + 1;
}
