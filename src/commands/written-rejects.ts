// What a run's --rejects wrote, and how the summary says it (shared by both kinds of rejects and both commands).
import { open, type FileHandle } from 'node:fs/promises';
import { isFailureOutcome, type RecordResult } from '../report/record-result.js';
import { visible } from '../report/terminal.js';

/** What was written: the rejects file, its reasons, and how many records it holds. */
export interface WrittenRejects {
  /** The rejects file, or for a relational export the mapping copy that reads its tables. */
  path: string;
  reasonsPath: string;
  records: number;
  /** A relational export's tables, beside the mapping copy. */
  extraFiles?: string[];
}

/** The summary's `rejects` object for --json, or nothing without --rejects. */
export function rejectsSummary(written: WrittenRejects | undefined): Record<string, unknown> {
  if (written === undefined) return {};
  const tables = written.extraFiles === undefined ? {} : { tables: written.extraFiles };
  return { rejects: { path: written.path, reasons: written.reasonsPath, records: written.records, ...tables } };
}

/** The summary's line about the rejects file, or nothing without --rejects. */
export function rejectsLines(written: WrittenRejects | undefined, command: 'validate' | 'push'): string[] {
  if (written === undefined) return [];
  if (written.records === 0) return [`Rejects: none (${visible(written.path)} holds no record).`];
  if (written.extraFiles !== undefined) {
    return [
      `Rejects: ${written.records} ${written.records === 1 ? 'record' : 'records'} to fix in the tables beside ${visible(written.path)}, ` +
        `the reasons in ${visible(written.reasonsPath)}; fix them and run kraken-import ${command} --mapping ${visible(written.path)}.`,
    ];
  }
  return [
    `Rejects: ${written.records} ${written.records === 1 ? 'record' : 'records'} to fix in ${visible(written.path)}, ` +
      `the reasons in ${visible(written.reasonsPath)}; fix that file and run it again.`,
  ];
}

/**
 * The failed records of a run: the place of each (source and line), and its reasons appended to a side file, one
 * JSON line each in the order they finish. Records finish concurrently (push): appends are queued on one file
 * handle, so that no two writes race for the same offset.
 */
export class FailedRecords {
  private readonly linesBySource = new Map<string, Set<number>>();
  private handle: FileHandle | undefined;
  private queue: Promise<void> = Promise.resolve();

  /** `reasonsPath`: where the reasons are appended (created at the first failure). */
  constructor(readonly reasonsPath: string) {}

  /** Takes one finished record: a failure is remembered by its place, its reasons appended. */
  take(result: RecordResult): Promise<void> {
    if (!isFailureOutcome(result.outcome)) return Promise.resolve();
    let lines = this.linesBySource.get(result.source);
    if (lines === undefined) {
      lines = new Set();
      this.linesBySource.set(result.source, lines);
    }
    lines.add(result.line);
    const reason = {
      source: result.source,
      source_line: result.line,
      external_account_number: result.external_account_number,
      outcome: result.outcome,
      errors: result.errors,
    };
    const text = `${JSON.stringify(reason)}\n`;
    this.queue = this.queue.then(async () => {
      this.handle ??= await open(this.reasonsPath, 'w', 0o600);
      await this.handle.write(text);
    });
    return this.queue;
  }

  /** The lines of the records of `source` that failed (empty when none did). */
  linesOf(source: string): ReadonlySet<number> {
    return this.linesBySource.get(source) ?? new Set();
  }

  /** How many records failed. */
  get count(): number {
    let total = 0;
    for (const lines of this.linesBySource.values()) total += lines.size;
    return total;
  }

  /** Waits for the appends, then closes the side file (if any record failed, it exists). */
  async close(): Promise<void> {
    await this.queue;
    await this.handle?.close();
    this.handle = undefined;
  }
}
