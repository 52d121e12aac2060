// The account numbers of a run, to catch repeats: exact, 26-31 bytes an account for the latest 262,144 accounts in
// memory and about 1.4 bytes for each older one (moved to temporary files), so that memory stays flat at any size.
import { createHash } from 'node:crypto';
import { readVarint, SpilledAccountRuns, writeVarint, type SpillingKey } from './spilled-account-runs.js';

/** Bytes of one arena block: entries never span two, so an entry's place is one 32-bit number. */
const blockBits = 20;
const blockBytes = 1 << blockBits;
/** Keys longer than this are kept as their SHA-256: an account number is rarely more than a few dozen bytes. */
const maxArenaKeyBytes = 255;
/** The most bytes of an entry: the key's length (1 byte), the key, its line as a varint (at most 8 bytes). */
const maxEntryBytes = 1 + maxArenaKeyBytes + 8;
/** The most blocks whose places fit in the table's 32-bit slots (with 0 for an empty slot): 4 GiB of entries. */
const maxBlocks = 2 ** (32 - blockBits) - 1;
/** Keys kept in memory before the table moves them to disk: with digits, about 8 MB of blocks and slots. */
const defaultKeysInMemory = 1 << 18;
/** Blocks kept in memory before the table moves its keys to disk (long account numbers fill them before the count). */
const defaultBlocksInMemory = 8;
/** Keys in memory at most: a key's place in the table and its hash share one double when they are sorted. */
const maxKeysInMemory = 1 << 21;

/** How much the table keeps in memory, and where it writes the rest. */
export interface DuplicateAccountTrackerOptions {
  keysInMemory?: number;
  blocksInMemory?: number;
  /** The directory of the temporary file (the system's by default). */
  spillDirectory?: string;
  /** Told once when keys cannot be moved to disk (and stay in memory from then on), with the system's error. */
  onSpillFailure?: (error: NodeJS.ErrnoException) => void;
}

/**
 * Remembers each (import supplier, account number) of a run with the file and line where it was first seen.
 * Keys go into 1 MB blocks, between their length and their line: the supplier as a small number (a run has few) and
 * how the number is written, as a prefix-free varint before the account number so that no two pairs share a key,
 * then the account number: a varint of its value when it is plain decimal digits, else its UTF-8 bytes, or its
 * UTF-16 code units when it holds a surrogate (UTF-8 would turn every lone one into the same U+FFFD), or the SHA-256
 * of those when they would pass 255 bytes. An open-addressing table holds each entry's place, never more than half
 * full. The file of an entry is found from the places where the run moved to another file (rarely more than a few).
 *
 * When the table holds `keysInMemory` keys (or fills `blocksInMemory` blocks), it writes them, sorted by hash, as one
 * run in a temporary file (`SpilledAccountRuns`) and starts again empty in the same blocks; a key not in memory is
 * then looked for in the runs, whose Bloom filters spare nearly every new key a read. Call `close()` at the end.
 */
export class DuplicateAccountTracker {
  private readonly blocks: Buffer[] = [Buffer.allocUnsafe(blockBytes)];
  /** The block being filled, and where the next entry goes in it. */
  private current = 0;
  private used = 0;
  private slots = new Uint32Array(1 << 15);
  private count = 0;
  private readonly suppliers = new Map<string, number>();
  private readonly sources: string[] = [];
  /** Place of the first entry of each stretch of entries from one source, and that source's index. */
  private sourceStarts: number[] = [];
  private sourceIndexes: number[] = [];
  /** Where a key is written to be looked up when the last block has no room for an entry (a repeat needs none). */
  private readonly scratch = Buffer.allocUnsafe(maxEntryBytes);
  /** The index of the source of the last entry (most entries' source). */
  private lastSource = -1;
  private readonly keysInMemory: number;
  private readonly blocksInMemory: number;
  /** The keys moved to disk; undefined until the first move, and for good once a move has failed. */
  private spilled: SpilledAccountRuns | undefined;
  private canSpill = true;

  constructor(private readonly options: DuplicateAccountTrackerOptions = {}) {
    this.keysInMemory = Math.min(Math.max(1, options.keysInMemory ?? defaultKeysInMemory), maxKeysInMemory);
    this.blocksInMemory = Math.max(1, options.blocksInMemory ?? defaultBlocksInMemory);
  }

  /** How many runs of keys are on disk (each 8 of a level merged into one). */
  get spilledRuns(): number {
    return this.spilled?.runCount ?? 0;
  }

  /** Lets go of the temporary file. */
  close(): void {
    this.spilled?.close();
  }

  /** Records a key; returns `file:line` of its first appearance when it is a repeat, otherwise undefined. */
  check(importSupplier: string, externalAccountNumber: string, source: string, line: number): string | undefined {
    const supplier = this.supplierNumber(importSupplier);
    // A number written the one way digits can write it (no sign, no leading zero, exact as a double) is kept as its
    // value: half the bytes. The head, before the number, is the supplier's number and which form follows.
    let form: KeyForm = plainNumber.test(externalAccountNumber)
      ? KeyForm.value
      : surrogate.test(externalAccountNumber)
        ? KeyForm.utf16
        : KeyForm.utf8;
    const textBytes =
      form === KeyForm.utf8
        ? Buffer.byteLength(externalAccountNumber, 'utf8')
        : form === KeyForm.utf16
          ? externalAccountNumber.length * 2
          : 0;
    if (varintBytes(supplier * keyForms + form) + textBytes > maxArenaKeyBytes) form = KeyForm.digest;
    const head = supplier * keyForms + form;
    let room = this.used + maxEntryBytes <= blockBytes;
    const full = this.count >= this.keysInMemory || (!room && this.current + 1 >= this.blocksInMemory);
    if (full && this.canSpill && this.spill()) room = true;
    const block = room ? (this.blocks[this.current] as Buffer) : this.scratch;
    const keyStart = (room ? this.used : 0) + 1;
    const numberStart = writeVarint(block, keyStart, head);
    const keyEnd = writeNumber(block, numberStart, externalAccountNumber, form);
    const length = keyEnd - keyStart;
    const mask = this.slots.length - 1;
    const hash = fnv1a(block, keyStart, keyEnd);
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot] ?? 0;
      if (held === 0) {
        const spilled = this.spilled?.find(hash, block, keyStart, keyEnd);
        if (spilled !== undefined) return `${this.sources[spilled.source] ?? '?'}:${spilled.line}`;
        this.add(slot, block, keyEnd, source, line);
        return undefined;
      }
      const place = held - 1;
      const other = this.blocks[place >>> blockBits] as Buffer;
      const at = place & (blockBytes - 1);
      if (other[at] === length && other.compare(block, keyStart, keyEnd, at + 1, at + 1 + length) === 0) {
        return `${this.sourceAt(place)}:${readVarint(other, at + 1 + length)}`;
      }
    }
  }

  /** The key just written after `used` (or at the start of the scratch buffer) becomes an entry, in `slot`. */
  private add(slot: number, written: Buffer, keyEnd: number, source: string, line: number): void {
    let block = written;
    if (written === this.scratch) {
      // A new block: the entry starts at 0 there as in the scratch buffer.
      this.nextBlock();
      block = this.blocks[this.current] as Buffer;
      this.scratch.copy(block, 0, 0, keyEnd);
    }
    const place = this.current * blockBytes + this.used;
    block[this.used] = keyEnd - this.used - 1;
    const sourceIndex = this.sourceIndex(source);
    if (this.sourceIndexes[this.sourceIndexes.length - 1] !== sourceIndex) {
      this.sourceStarts.push(place);
      this.sourceIndexes.push(sourceIndex);
    }
    this.slots[slot] = place + 1;
    this.used = writeVarint(block, keyEnd, line);
    this.count += 1;
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  private nextBlock(): void {
    this.current += 1;
    this.used = 0;
    if (this.current < this.blocks.length) return;
    if (this.blocks.length >= maxBlocks) {
      throw new Error('more than 4 GiB of account numbers in one run: split the input (--shard) to check it');
    }
    this.blocks.push(Buffer.allocUnsafe(blockBytes));
  }

  /**
   * Writes every key in memory to disk, in order of hash, and empties the table (keeping its blocks and slots for the
   * next keys); returns false, and keeps them in memory from then on, when the temporary file cannot be written.
   */
  private spill(): boolean {
    if (this.count === 0) return false;
    // Each key as one double, its hash above its place in `places`: a typed array sorts them without a comparator.
    const order = new Float64Array(this.count);
    const places = new Uint32Array(this.count);
    let next = 0;
    for (const held of this.slots) {
      if (held === 0) continue;
      const block = this.blocks[(held - 1) >>> blockBits] as Buffer;
      const at = (held - 1) & (blockBytes - 1);
      order[next] = fnv1a(block, at + 1, at + 1 + (block[at] ?? 0)) * maxKeysInMemory + next;
      places[next] = held - 1;
      next += 1;
    }
    order.sort();
    const key: SpillingKey = { hash: 0, bytes: this.scratch, start: 0, end: 0, source: 0, line: 0 };
    const keys = function* (this: DuplicateAccountTracker): Generator<SpillingKey> {
      for (const sorted of order) {
        const place = places[sorted % maxKeysInMemory] ?? 0;
        const block = this.blocks[place >>> blockBits] as Buffer;
        const at = place & (blockBytes - 1);
        key.hash = Math.floor(sorted / maxKeysInMemory);
        key.bytes = block;
        key.start = at + 1;
        key.end = at + 1 + (block[at] ?? 0);
        key.source = this.sourceIndexAt(place);
        key.line = readVarint(block, key.end);
        yield key;
      }
    };
    try {
      this.spilled ??= new SpilledAccountRuns(this.options.spillDirectory);
      this.spilled.writeRun(keys.call(this), this.count);
    } catch (error) {
      // No room or no right to write (a system error, with its code): the table keeps every key in memory, still
      // exact, only larger. Any other error is a bug, and stops the run.
      if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
      this.canSpill = false;
      this.options.onSpillFailure?.(error as NodeJS.ErrnoException);
      return false;
    }
    this.slots.fill(0);
    this.count = 0;
    this.current = 0;
    this.used = 0;
    this.sourceStarts = [];
    this.sourceIndexes = [];
    return true;
  }

  private rehash(): void {
    const slots = new Uint32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (const held of this.slots) {
      if (held === 0) continue;
      const block = this.blocks[(held - 1) >>> blockBits] as Buffer;
      const at = (held - 1) & (blockBytes - 1);
      let slot = fnv1a(block, at + 1, at + 1 + (block[at] ?? 0)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = held;
    }
    this.slots = slots;
  }

  private supplierNumber(importSupplier: string): number {
    let number = this.suppliers.get(importSupplier);
    if (number === undefined) {
      number = this.suppliers.size;
      this.suppliers.set(importSupplier, number);
    }
    return number;
  }

  private sourceIndex(source: string): number {
    if (this.sources[this.lastSource] === source) return this.lastSource;
    const index = this.sources.lastIndexOf(source);
    this.lastSource = index === -1 ? this.sources.push(source) - 1 : index;
    return this.lastSource;
  }

  /** The file of the entry at `place`. */
  private sourceAt(place: number): string {
    return this.sources[this.sourceIndexAt(place)] ?? '?';
  }

  /** The index of the file of the entry at `place`: the source of the last stretch that starts at or before it. */
  private sourceIndexAt(place: number): number {
    let low = 0;
    let high = this.sourceStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.sourceStarts[middle] ?? 0) <= place) low = middle;
      else high = middle - 1;
    }
    return this.sourceIndexes[low] ?? 0;
  }
}

/** Decimal digits that `Number` reads back exactly and that no other spelling of the same number matches. */
const plainNumber = /^(?:0|[1-9][0-9]{0,14})$/;

/** A UTF-16 surrogate, paired or not. */
const surrogate = /[\ud800-\udfff]/;

/** How a key's account number is written after its head (the head is supplier * keyForms + form). */
const KeyForm = { utf8: 0, value: 1, utf16: 2, digest: 3 } as const;
type KeyForm = (typeof KeyForm)[keyof typeof KeyForm];
const keyForms = 4;

/** Writes an account number in its form at `at`; returns where it ends. */
function writeNumber(block: Buffer, at: number, accountNumber: string, form: KeyForm): number {
  switch (form) {
    case KeyForm.value:
      return writeVarint(block, at, Number(accountNumber));
    case KeyForm.utf8:
      return at + block.write(accountNumber, at, 'utf8');
    case KeyForm.utf16:
      return at + block.write(accountNumber, at, 'utf16le');
    case KeyForm.digest:
      return at + createHash('sha256').update(accountNumber, 'utf16le').digest().copy(block, at);
  }
}

function varintBytes(value: number): number {
  let bytes = 1;
  for (let rest = value >>> 7; rest > 0; rest >>>= 7) bytes += 1;
  return bytes;
}

/** The 32-bit FNV-1a hash of some bytes. */
function fnv1a(bytes: Buffer, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index += 1) {
    hash ^= bytes[index] ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
