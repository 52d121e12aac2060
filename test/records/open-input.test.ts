// Opening inputs: a plain file read into one reused buffer when the reader allows it, and every input let go of.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { openInputBytes } from '../../src/records/open-input.js';
import { useTempFolder } from '../helpers.js';

/** The pieces an input yields (copied) and the ArrayBuffers under them. */
async function piecesOf(bytes: AsyncIterable<Buffer>): Promise<{ text: string; buffers: Set<ArrayBufferLike> }> {
  const copies: Buffer[] = [];
  const buffers = new Set<ArrayBufferLike>();
  for await (const piece of bytes) {
    copies.push(Buffer.from(piece));
    buffers.add(piece.buffer);
  }
  return { text: Buffer.concat(copies).toString(), buffers };
}

describe('openInputBytes', () => {
  const folder = useTempFolder('open-input-');
  const text = '{"n":1}\n'.repeat(100_000);
  const openFiles = () => readdirSync('/proc/self/fd').length;

  it('reads a plain file into one buffer again and again when asked, and closes it', async () => {
    const path = join(folder(), 'a.ndjson');
    writeFileSync(path, text);
    const before = openFiles();
    const reused = openInputBytes(path, undefined, true);
    const read = await piecesOf(reused.bytes);
    await reused.close();
    expect(read.text).toBe(text);
    expect(read.buffers.size).toBe(1);
    expect(openFiles()).toBe(before);
    const streamed = openInputBytes(path, undefined, false);
    const again = await piecesOf(streamed.bytes);
    await streamed.close();
    expect(again.text).toBe(text);
    expect(again.buffers.size).toBeGreaterThan(1);
  });

  it('closes a file left half read, and decompresses a .gz file whatever is asked', async () => {
    const path = join(folder(), 'b.ndjson.gz');
    writeFileSync(path, gzipSync(text));
    const before = openFiles();
    const input = openInputBytes(path, undefined, true);
    expect((await piecesOf(input.bytes)).text).toBe(text);
    await input.close();
    const plain = join(folder(), 'c.ndjson');
    writeFileSync(plain, text);
    const half = openInputBytes(plain, undefined, true);
    for await (const piece of half.bytes) {
      expect(piece.length).toBeGreaterThan(0);
      break;
    }
    await half.close();
    expect(openFiles()).toBe(before);
  });

  it('leaves standard input open for whoever gave it', async () => {
    const stdin = new PassThrough();
    const input = openInputBytes('-', stdin, true);
    expect(input.bytes).toBe(stdin);
    await input.close();
    expect(stdin.destroyed).toBe(false);
  });
});
