// The create journal next to the report: each intent to create is on disk (fsync) before the request leaves.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from '../report/ndjson-writer.js';

/** One journal line: a create is about to be sent for this account. */
export interface JournalEntry {
  event: 'create_intent';
  import_supplier: string;
  external_account_number: string;
  source: string;
  line: number;
  dry_run: boolean;
  at: string;
}

/** Returns the journal path that belongs to a report. */
export function journalPathFor(reportPath: string): string {
  return `${reportPath}.journal`;
}

/** Appends entries durably; concurrent writers share one fsync (group commit). */
export class CreateJournal {
  private queue: { line: string; done: () => void; failed: (error: Error) => void }[] = [];
  private flushing: Promise<void> | undefined;

  private constructor(private readonly handle: FileHandle) {}

  /** Opens the journal for appending (created 0600 when missing, its folder synced so that the new file survives a crash). */
  static async open(path: string): Promise<CreateJournal> {
    const handle = await open(path, 'a+', 0o600);
    // The mode above applies only to a new file: an existing one is made private too.
    await handle.chmod(0o600);
    // A crash may have cut the last line short; start ours on a line of its own.
    const { size } = await handle.stat();
    if (size === 0) {
      // An fsync'd entry in a file whose directory entry was lost would be lost with it.
      try {
        await syncDirectory(dirname(path));
      } catch (error) {
        await handle.close();
        throw error;
      }
    } else {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) await handle.appendFile('\n');
    }
    return new CreateJournal(handle);
  }

  /** Resolves once the entry is on disk. */
  record(entry: JournalEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ line: `${JSON.stringify(entry)}\n`, done: resolve, failed: reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.handle.appendFile(batch.map((item) => item.line).join(''));
        await this.handle.datasync();
        for (const item of batch) item.done();
      } catch (error) {
        for (const item of batch) item.failed(error as Error);
      }
    }
    this.flushing = undefined;
  }

  /** Waits for pending entries and closes the file. */
  async close(): Promise<void> {
    await this.flushing;
    await this.handle.close();
  }
}

/** Reads the accounts a journal says a create may have been sent for (`supplier\0number` keys). */
export async function readJournal(path: string): Promise<Set<string>> {
  const keys = new Set<string>();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return keys;
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as Partial<JournalEntry>;
      if (typeof entry.import_supplier === 'string' && typeof entry.external_account_number === 'string') {
        keys.add(`${entry.import_supplier}\u0000${entry.external_account_number}`);
      }
    } catch {
      // A line cut short by a crash: the entry never completed, so its create was never sent.
    }
  }
  return keys;
}
