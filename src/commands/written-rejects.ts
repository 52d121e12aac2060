// What a run's --rejects wrote, and how the summary says it (shared by both kinds of rejects and both commands).
import { open, type FileHandle } from 'node:fs/promises';
import type { RecordResult } from '../report/record-result.js';
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
 * The reasons of a run's failed records, one JSON line each in the order they finish. Records finish concurrently
 * (push): appends are queued on one file handle, so that no two writes race for the same offset.
 */
export class ReasonsLog {
  private handle: FileHandle | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  /** Appends the reasons of one failed record. */
  append(result: RecordResult): Promise<void> {
    const reason = {
      source: result.source,
      source_line: result.line,
      external_account_number: result.external_account_number,
      outcome: result.outcome,
      errors: result.errors,
    };
    const text = `${JSON.stringify(reason)}\n`;
    this.queue = this.queue.then(async () => {
      this.handle ??= await open(this.path, 'w', 0o600);
      await this.handle.write(text);
    });
    return this.queue;
  }

  /** Waits for the appends, then closes the file (if any record failed, it exists). */
  async close(): Promise<void> {
    await this.queue;
    await this.handle?.close();
    this.handle = undefined;
  }
}
