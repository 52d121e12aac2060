// The sandbox's imports: each one's lifecycle is derived from the clock (no timers), optionally kept in a state file.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/** Statuses the sandbox's imports pass through. */
export type ImportStatus =
  'PENDING' | 'IN_PROGRESS' | 'PROCESSED' | 'ERRORED' | 'CANCELLED' | 'DRY_RUN_SUCCEEDED' | 'DRY_RUN_ERRORED';

/** One scheduled import, as stored. */
export interface StoredImport {
  importSupplier: string;
  externalAccountNumber: string;
  createdAt: number;
  /** When processing may start (the schedule window start, else creation). */
  startAt: number;
  processingMs: number;
  dryRun: boolean;
  /** Set when the sandbox was told to make this account fail. */
  errorDetail: string | null;
  /** Set when the sandbox was told to cancel this import. */
  cancelled?: boolean;
  krakenIdentifier: string;
}

/** The status body of the API's status endpoint. */
export interface StatusBody {
  status: ImportStatus;
  kraken_identifier: string | null;
  created_at: string;
  modified_at: string;
  latest_event: { event: string; occurred_at: string; data: null };
  latest_error: { code: string; detail: string; domain: string } | null;
}

/** The share of processing time an import spends PENDING before it turns IN_PROGRESS. */
const pendingShare = 0.25;

function key(importSupplier: string, externalAccountNumber: string): string {
  return `${importSupplier}\u0000${externalAccountNumber}`;
}

/** Derives a stable Kraken account number (`A-1F2E3D4C`) from an import's key. */
export function krakenIdentifierFor(importSupplier: string, externalAccountNumber: string): string {
  const digest = createHash('sha256').update(key(importSupplier, externalAccountNumber)).digest('hex');
  return `A-${digest.slice(0, 8).toUpperCase()}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Returns the status of an import at time `now`. */
export function statusAt(stored: StoredImport, now: number): StatusBody {
  const started = stored.startAt + stored.processingMs * pendingShare;
  const finished = stored.startAt + stored.processingMs;
  const created = { event: 'EVENT_ACCOUNT_IMPORT_PROCESS_CREATED', occurred_at: iso(stored.createdAt), data: null };
  const base = { kraken_identifier: null, created_at: iso(stored.createdAt), latest_error: null };
  if (now < started) {
    return { status: 'PENDING', ...base, modified_at: iso(stored.createdAt), latest_event: created };
  }
  if (now < finished) {
    return {
      status: 'IN_PROGRESS',
      ...base,
      modified_at: iso(started),
      latest_event: { event: 'EVENT_ACCOUNT_IMPORT_PROCESS_STARTED', occurred_at: iso(started), data: null },
    };
  }
  const failed = stored.errorDetail !== null;
  const status: ImportStatus =
    stored.cancelled === true
      ? 'CANCELLED'
      : stored.dryRun
        ? failed
          ? 'DRY_RUN_ERRORED'
          : 'DRY_RUN_SUCCEEDED'
        : failed
          ? 'ERRORED'
          : 'PROCESSED';
  return {
    status,
    ...base,
    kraken_identifier: status === 'PROCESSED' ? stored.krakenIdentifier : null,
    modified_at: iso(finished),
    latest_event: { event: `EVENT_ACCOUNT_IMPORT_PROCESS_${status}`, occurred_at: iso(finished), data: null },
    latest_error:
      stored.errorDetail === null
        ? null
        : { code: 'account_import_failed', detail: stored.errorDetail, domain: 'account_import' },
  };
}

/** Where imports live: real ones (one per supplier and account number) and dry runs apart. */
export class ImportStore {
  private readonly imports = new Map<string, StoredImport>();
  private readonly dryRuns = new Map<string, StoredImport>();
  /** How many real imports were committed per account: more than one would be a duplicate account. */
  readonly commits = new Map<string, number>();
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly statePath: string | undefined,
    private readonly preimported: ReadonlySet<string>,
    private readonly startedAt: number,
  ) {
    if (statePath === undefined) return;
    let text: string;
    try {
      text = readFileSync(statePath, 'utf8');
    } catch {
      return;
    }
    const saved = JSON.parse(text) as { imports?: StoredImport[]; dryRuns?: StoredImport[] };
    for (const stored of saved.imports ?? [])
      this.imports.set(key(stored.importSupplier, stored.externalAccountNumber), stored);
    for (const stored of saved.dryRuns ?? [])
      this.dryRuns.set(key(stored.importSupplier, stored.externalAccountNumber), stored);
  }

  /** Returns the real import of an account (or its pre-existing account), else its latest dry run. */
  find(importSupplier: string, externalAccountNumber: string): StoredImport | undefined {
    const found = this.imports.get(key(importSupplier, externalAccountNumber));
    if (found !== undefined) return found;
    if (this.preimported.has(externalAccountNumber)) {
      return {
        importSupplier,
        externalAccountNumber,
        createdAt: this.startedAt,
        startAt: this.startedAt,
        processingMs: 0,
        dryRun: false,
        errorDetail: null,
        krakenIdentifier: krakenIdentifierFor(importSupplier, externalAccountNumber),
      };
    }
    return this.dryRuns.get(key(importSupplier, externalAccountNumber));
  }

  /** Returns the account's Kraken number when a real import exists that has not failed. */
  existingAccount(importSupplier: string, externalAccountNumber: string, now: number): string | undefined {
    const found = this.find(importSupplier, externalAccountNumber);
    if (found === undefined || found.dryRun) return undefined;
    const { status } = statusAt(found, now);
    return status === 'ERRORED' || status === 'CANCELLED' ? undefined : found.krakenIdentifier;
  }

  /** Stores a new import (replacing a failed one, or an earlier dry run of the same account). */
  add(stored: StoredImport): void {
    const target = stored.dryRun ? this.dryRuns : this.imports;
    const storeKey = key(stored.importSupplier, stored.externalAccountNumber);
    target.set(storeKey, stored);
    if (!stored.dryRun) this.commits.set(storeKey, (this.commits.get(storeKey) ?? 0) + 1);
    this.scheduleSave();
  }

  /** Counts of stored imports, for logs and tests. */
  get size(): { imports: number; dryRuns: number } {
    return { imports: this.imports.size, dryRuns: this.dryRuns.size };
  }

  private scheduleSave(): void {
    if (this.statePath === undefined || this.saveTimer !== undefined) return;
    this.saveTimer = setTimeout(() => {
      this.save();
    }, 50);
  }

  /** Writes the state file now (atomically: a temporary file renamed over the old one). */
  save(): void {
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (this.statePath === undefined) return;
    const temporary = `${this.statePath}.tmp`;
    writeFileSync(
      temporary,
      JSON.stringify({ imports: [...this.imports.values()], dryRuns: [...this.dryRuns.values()] }),
    );
    renameSync(temporary, this.statePath);
  }
}
