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

/** An entry waiting in the journal's queue. */
interface QueuedEntry {
  line: string;
  /** Someone waits for it to be on disk (a create is about to leave); entries only staged do not start a flush. */
  wanted: boolean;
  /** Written (or failed to be). */
  settled: boolean;
  done: () => void;
  failed: (error: Error) => void;
}

/**
 * Appends entries durably; concurrent writers share one fsync (group commit). An entry can be staged ahead of its
 * create (while the record is still being validated remotely): it goes to disk with the next fsync someone waits
 * for, so that most creates find their entry already written instead of paying an fsync each.
 */
export class CreateJournal {
  private queue: QueuedEntry[] = [];
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
    return this.stage(entry)();
  }

  /**
   * Queues an entry without waiting for it; the function returned resolves once it is on disk (starting a flush when
   * it is not there yet). An entry staged and never waited for may or may not be written: an intent whose create
   * never left costs at most one status lookup on --resume.
   */
  stage(entry: JournalEntry): () => Promise<void> {
    let done!: () => void;
    let failed!: (error: Error) => void;
    const written = new Promise<void>((resolve, reject) => {
      done = resolve;
      failed = reject;
    });
    // A staged entry nobody waits for must not end the process with an unhandled rejection.
    written.catch(() => undefined);
    const queued: QueuedEntry = { line: `${JSON.stringify(entry)}\n`, wanted: false, settled: false, done, failed };
    this.queue.push(queued);
    return () => {
      queued.wanted = true;
      // Not yet written: it is in the queue (a flush under way takes it next) or in the batch being written.
      if (!queued.settled) this.flushing ??= this.flush();
      return written;
    };
  }

  private async flush(): Promise<void> {
    while (this.queue.some((item) => item.wanted)) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.handle.appendFile(batch.map((item) => item.line).join(''));
        await this.handle.datasync();
        for (const item of batch) {
          item.settled = true;
          item.done();
        }
      } catch (error) {
        for (const item of batch) {
          item.settled = true;
          item.failed(error as Error);
        }
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
