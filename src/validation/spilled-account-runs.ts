// Account numbers a run has moved out of memory: sorted runs in one temporary file, each with a Bloom filter and a
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
  /** Where the run starts in the file, and its length. */
  start: number;
  length: number;
  bloom: Uint32Array;
  bloomBits: number;
  /** The hash of every 64th record, and its place from the run's start. */
  indexHashes: Uint32Array;
  indexPlaces: Uint32Array;
}

/**
 * Runs of keys in a file of their own, records sorted by hash: [hash: 4 bytes][length: 1][key][source][line], the
 * last two as varints. The file is removed as soon as it is open (on POSIX systems), so that no run, not even one
 * killed, leaves it behind. A look first asks each run's Bloom filter, and reads the disk only when it says maybe.
 */
export class SpilledAccountRuns {
  private readonly runs: Run[] = [];
  private file: number | undefined;
  private path: string | undefined;
  private closed = false;
  private fileLength = 0;
  private readonly staging = Buffer.allocUnsafe(stagingBytes);
  private staged = 0;
  private readBuffer = Buffer.allocUnsafe(8192);

  constructor(private readonly directory: string = tmpdir()) {}

  /** How many runs have been written. */
  get runCount(): number {
    return this.runs.length;
  }

  /**
   * Writes one run of keys given in order of hash (`count` of them, from `keys`); throws when the file cannot be
   * written, and the caller keeps its keys in memory then.
   */
  writeRun(keys: Iterable<SpillingKey>, count: number): void {
    const file = this.open();
    const bloomBits = Math.max(32, Math.ceil((count * bloomBitsPerKey) / 32) * 32);
    const bloom = new Uint32Array(bloomBits / 32);
    const indexHashes = new Uint32Array(Math.ceil(count / indexEvery));
    const indexPlaces = new Uint32Array(indexHashes.length);
    const start = this.fileLength;
    let ordinal = 0;
    let previous = -1;
    for (const key of keys) {
      if (key.hash < previous) throw new Error('keys of a run must come in order of hash');
      previous = key.hash;
      const keyLength = key.end - key.start;
      if (this.staged + 4 + 1 + keyLength + 16 > stagingBytes) this.flush(file);
      if (ordinal % indexEvery === 0) {
        indexHashes[ordinal / indexEvery] = key.hash;
        indexPlaces[ordinal / indexEvery] = this.fileLength + this.staged - start;
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
    this.flush(file);
    this.runs.push({ start, length: this.fileLength - start, bloom, bloomBits, indexHashes, indexPlaces });
  }

  /** Where the key `bytes[start, end)` with this hash was seen, if it is in any run. */
  find(hash: number, bytes: Buffer, start: number, end: number): SpilledPlace | undefined {
    if (this.closed) throw new Error('the moved-out account numbers were looked up after close()');
    if (this.file === undefined) return undefined;
    const first = mix(hash);
    const step = mix(hash ^ 0x9e3779b9) | 1;
    for (const run of this.runs) {
      if (!hasBloomBits(run.bloom, run.bloomBits, first, step)) continue;
      const found = this.findInRun(run, hash, bytes, start, end);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Closes the file (and removes it where it could not be removed while open). */
  close(): void {
    this.closed = true;
    if (this.file === undefined) return;
    closeSync(this.file);
    this.file = undefined;
    if (this.path !== undefined) removeQuietly(this.path);
    this.path = undefined;
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
    const buffer = this.read(run.start + from, to - from);
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

  private read(position: number, length: number): Buffer {
    if (this.readBuffer.length < length) this.readBuffer = Buffer.allocUnsafe(length);
    const file = this.file as number;
    for (let done = 0; done < length;) {
      const got = readSync(file, this.readBuffer, done, length - done, position + done);
      if (got === 0) throw new Error('the file of moved-out account numbers ended early');
      done += got;
    }
    return this.readBuffer;
  }

  private open(): number {
    if (this.closed) throw new Error('account numbers were moved out after close()');
    if (this.file !== undefined) return this.file;
    const path = join(this.directory, `kraken-import-accounts-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    this.file = openSync(path, 'wx+', 0o600);
    // Gone from the directory at once where the system allows it (POSIX); otherwise removed at close.
    this.path = removeQuietly(path) ? undefined : path;
    return this.file;
  }

  /** Writes what is staged at the end of the file. */
  private flush(file: number): void {
    for (let done = 0; done < this.staged;) {
      done += writeSync(file, this.staging, done, this.staged - done, this.fileLength + done);
    }
    this.fileLength += this.staged;
    this.staged = 0;
  }
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
function setBloomBits(bloom: Uint32Array, bits: number, hash: number): void {
  const first = mix(hash);
  const step = mix(hash ^ 0x9e3779b9) | 1;
  for (let probe = 0; probe < bloomProbes; probe += 1) {
    const bit = ((first + Math.imul(probe, step)) >>> 0) % bits;
    bloom[bit >>> 5] = (bloom[bit >>> 5] ?? 0) | (1 << (bit & 31));
  }
}

/** Whether every probe of a hash (given as its two mixes) is set. */
function hasBloomBits(bloom: Uint32Array, bits: number, first: number, step: number): boolean {
  for (let probe = 0; probe < bloomProbes; probe += 1) {
    const bit = ((first + Math.imul(probe, step)) >>> 0) % bits;
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
