// Shared test helpers: the seed account, captured output streams, command deps and a fresh folder per test.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from '@jest/globals';
import { PassThrough, Readable } from 'node:stream';
import type { CommandDeps } from '../src/commands/deps.js';
import type { Account } from '../src/validation/account-types.js';
import type { JsonObject } from '../src/core/json.js';

/** Absolute path of a file in the repository. */
export function repoPath(relative: string): string {
  return new URL(`../${relative}`, import.meta.url).pathname;
}

/** A fresh copy of the seed guide's example account. */
export function seedAccount(): JsonObject {
  return JSON.parse(readFileSync(repoPath('fixtures/seed-example.json'), 'utf8')) as JsonObject;
}

/** The seed account changed by `change`, which edits it in place through the generated payload type. */
export function mutatedSeed(change: (account: Account) => void): JsonObject {
  const account = seedAccount();
  change(account as unknown as Account);
  return account;
}

/** A writable stream that remembers what was written to it. */
export class CapturedStream extends PassThrough {
  isTTY = false;
  private chunks: string[] = [];
  constructor() {
    super();
    this.on('data', (chunk: Buffer) => this.chunks.push(chunk.toString('utf8')));
  }
  text(): string {
    return this.chunks.join('');
  }
}

/** Command deps with captured stdout/stderr, a fixed clock and no colour. */
export function testDeps(
  overrides: Partial<CommandDeps> = {},
): CommandDeps & { stdout: CapturedStream; stderr: CapturedStream } {
  return {
    stdin: Readable.from([]),
    stdout: new CapturedStream(),
    stderr: new CapturedStream(),
    env: { NO_COLOR: '1' },
    cwd: repoPath(''),
    argv: [],
    now: () => new Date('2026-11-27T12:00:00Z'),
    signal: new AbortController().signal,
    ...overrides,
  } as CommandDeps & { stdout: CapturedStream; stderr: CapturedStream };
}

/** Writes accounts built from the seed (one per account number) as NDJSON; `change` may edit each. */
export function writeSeedAccounts(
  path: string,
  numbers: readonly string[],
  change: (account: JsonObject, number: string) => void = () => undefined,
): void {
  const lines = numbers.map((number) => {
    const account = { ...seedAccount(), import_supplier: 'ACME', external_account_number: number };
    change(account, number);
    return JSON.stringify(account);
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Reads an NDJSON report. */
export function readNdjsonFile<T = Record<string, unknown>>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** A fresh folder for each test of the calling `describe`, removed after it; call the result for its path. */
export function useTempFolder(prefix: string): () => string {
  let folder = '';
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  return () => folder;
}

/**
 * Yields `bytes` in pieces of the given sizes (in turn), all written into one buffer that the next piece overwrites,
 * as a file read into one reused buffer does: a reader that keeps a piece past asking for the next reads garbage.
 */
export async function* oneBufferReused(bytes: Buffer, sizes: readonly number[]): AsyncGenerator<Buffer> {
  const buffer = Buffer.alloc(Math.max(...sizes));
  for (let at = 0, index = 0; at < bytes.length; index += 1) {
    const size = Math.min(sizes[index % sizes.length] ?? 1, bytes.length - at);
    bytes.copy(buffer, 0, at, at + size);
    yield buffer.subarray(0, size);
    buffer.fill(0x23);
    at += size;
  }
}

/** A small seeded generator (mulberry32), so that a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
