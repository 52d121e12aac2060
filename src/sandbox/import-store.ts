// Where the sandbox keeps its imports: in memory, optionally saved to and reloaded from a state file.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { existingAccountOf, preimportedAccount, type StoredImport } from './lifecycle.js';

function key(importSupplier: string, externalAccountNumber: string): string {
  return `${importSupplier}\u0000${externalAccountNumber}`;
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

  /**
   * Returns the real import of an account (or its pre-existing account), else its latest dry run; with `latest`,
   * a dry run created after the real import is returned instead (the status of the latest import).
   */
  find(importSupplier: string, externalAccountNumber: string, latest = false): StoredImport | undefined {
    const storeKey = key(importSupplier, externalAccountNumber);
    const dryRun = this.dryRuns.get(storeKey);
    const real =
      this.imports.get(storeKey) ??
      (this.preimported.has(externalAccountNumber)
        ? preimportedAccount(importSupplier, externalAccountNumber, this.startedAt)
        : undefined);
    if (real === undefined) return dryRun;
    return latest && dryRun !== undefined && dryRun.createdAt >= real.createdAt ? dryRun : real;
  }

  /** Returns the account's Kraken number when a real import exists that has not failed. */
  existingAccount(importSupplier: string, externalAccountNumber: string, now: number): string | undefined {
    return existingAccountOf(this.find(importSupplier, externalAccountNumber), now);
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
