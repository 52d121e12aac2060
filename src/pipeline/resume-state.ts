// What an earlier run left: the latest outcome of each account in its report, and the creates its journal announced.
import { access } from 'node:fs/promises';
import { readReport } from '../report/read-report.js';
import { successOutcomes, type RecordResult } from '../report/record-result.js';
import { readJournal } from './journal.js';

/** The key the server de-duplicates imports by. */
export function accountKey(importSupplier: string, externalAccountNumber: string): string {
  return `${importSupplier}\u0000${externalAccountNumber}`;
}

/** State carried from earlier runs into a resumed push. */
export interface ResumeState {
  /** Accounts whose latest outcome is a success, with that result. */
  succeeded: Map<string, RecordResult>;
  /** Accounts a create may already have been sent for: look them up before creating. */
  mayExist: Set<string>;
}

/** An empty state: a fresh run. */
export function freshState(): ResumeState {
  return { succeeded: new Map(), mayExist: new Set() };
}

/**
 * Reads a report (latest line per account wins) and its journal. Only successes of the same kind of run count:
 * a dry run's success says nothing about a real import, and the other way round.
 */
export async function readResumeState(reportPath: string, journalPath: string, dryRun: boolean): Promise<ResumeState> {
  const state: ResumeState = { succeeded: new Map(), mayExist: await readJournal(journalPath) };
  try {
    await access(reportPath);
  } catch {
    return state;
  }
  const latest = new Map<string, RecordResult>();
  for await (const result of readReport(reportPath)) {
    const supplier = result['import_supplier'];
    if (typeof supplier !== 'string' || typeof result.external_account_number !== 'string') continue;
    latest.set(accountKey(supplier, result.external_account_number), result);
  }
  for (const [key, result] of latest) {
    const sameKind = (result['dry_run'] === true) === dryRun;
    if (sameKind && successOutcomes.has(result.outcome) && result.outcome !== 'valid') state.succeeded.set(key, result);
  }
  return state;
}
