// Lines for an output stream, gathered for the rest of the event loop's turn and written at once.
import type { Writable } from 'node:stream';
import { drained } from './drained.js';

/** Gathered lines are written at once past this many characters, without waiting for the end of the turn. */
const flushChars = 64 * 1024;

/**
 * Writes the lines of one turn of the event loop with one write. `--json` wrote each record's line by itself: on a
 * pipe (CI reading the output) that is a system call and a wake-up of the reader a record, 93 of the 116 ms a push of
 * 1,000 accounts spent on its output (node --cpu-prof).
 */
export class BatchedLines {
  private pending = '';
  private scheduled = false;

  constructor(private readonly stream: Writable) {}

  /** Adds a line (newline included); waits first while the stream is over its buffer. */
  async write(line: string): Promise<void> {
    if (this.stream.writableNeedDrain) await drained(this.stream);
    this.pending += line;
    if (this.pending.length >= flushChars) {
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** Writes the lines gathered so far (before anything else is written to the same stream). */
  flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.stream.write(text);
  }
}
