// --json lines: those of one turn of the event loop leave in one write, in order, and a full stream is waited for.
import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { BatchedLines } from '../../src/report/batched-lines.js';

/** A stream that keeps each write as it came; its writes finish only when `release` is called when `slow`. */
function recordingStream(slow = false): { stream: Writable; writes: string[]; release: () => void } {
  const writes: string[] = [];
  const pending: (() => void)[] = [];
  const stream = new Writable({
    highWaterMark: 16,
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      writes.push(chunk);
      if (slow) pending.push(callback);
      else callback();
    },
  });
  const release = () => {
    for (const callback of pending.splice(0)) callback();
  };
  return { stream, writes, release };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('BatchedLines', () => {
  it('writes the lines of one turn with one write, at the end of the turn', async () => {
    const { stream, writes } = recordingStream();
    const lines = new BatchedLines(stream);
    await lines.write('{"line":1}\n');
    await lines.write('{"line":2}\n');
    await lines.write('{"line":3}\n');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['{"line":1}\n{"line":2}\n{"line":3}\n']);
    await lines.write('{"line":4}\n');
    await nextTurn();
    expect(writes).toEqual(['{"line":1}\n{"line":2}\n{"line":3}\n', '{"line":4}\n']);
  });

  it('writes at once what flush is given, so that a summary written next comes after the lines', async () => {
    const { stream, writes } = recordingStream();
    const lines = new BatchedLines(stream);
    await lines.write('a\n');
    lines.flush();
    stream.write('{"summary":{}}\n');
    await nextTurn();
    expect(writes).toEqual(['a\n', '{"summary":{}}\n']);
  });

  it('writes without waiting for the turn once 64 kB are gathered', async () => {
    const { stream, writes } = recordingStream();
    const lines = new BatchedLines(stream);
    const line = `${'x'.repeat(1023)}\n`;
    for (let index = 0; index < 64; index += 1) await lines.write(line);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(64 * 1024);
  });

  it('waits while the stream is over its buffer, and goes on once it drains', async () => {
    const { stream, writes, release } = recordingStream(true);
    const lines = new BatchedLines(stream);
    await lines.write('first line, longer than the buffer\n');
    await nextTurn();
    expect(stream.writableNeedDrain).toBe(true);
    let written = false;
    const second = lines.write('second\n').then(() => (written = true));
    await nextTurn();
    expect(written).toBe(false);
    release();
    await second;
    await nextTurn();
    release();
    expect(writes).toEqual(['first line, longer than the buffer\n', 'second\n']);
  });
});
