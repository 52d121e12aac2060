// What an earlier run left: the latest outcome of each input record in its report, and the creates its journal announced.
import { access } from 'node:fs/promises';
import { readReport } from '../report/read-report.js';
import type { RecordResult } from '../report/record-result.js';
import { readJournal } from './journal.js';

/** The key the server de-duplicates imports by. */
export function accountKey(importSupplier: string, externalAccountNumber: string): string {
  return `${importSupplier}\u0000${externalAccountNumber}`;
}

/** The key of an input record in a report: its source and line (never its account number, which may repeat). */
export function lineKey(source: string, line: number): string {
  return `${source}\u0000${line}`;
}

/** Successes that a resume skips; `submitted` is not one: its import is looked up (the journal names it) and followed. */
const skippedOnResume = new Set(['processed', 'dry_run_succeeded', 'already_imported', 'skipped']);

/** State carried from earlier runs into a resumed push. */
export interface ResumeState {
  /** Input records (`lineKey`) whose latest outcome is a finished success, with that result. */
  succeeded: Map<string, RecordResult>;
  /** Accounts a create may already have been sent for: look them up before creating. */
  mayExist: Set<string>;
}

/** An empty state: a fresh run. */
export function freshState(): ResumeState {
  return { succeeded: new Map(), mayExist: new Set() };
}

/**
 * Reads a report (latest line per input record wins) and its journal. Only successes of the same kind of run count:
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
    if (typeof result.source !== 'string' || typeof result.line !== 'number') continue;
    latest.set(lineKey(result.source, result.line), result);
  }
  for (const [key, result] of latest) {
    const sameKind = (result['dry_run'] === true) === dryRun;
    if (sameKind && skippedOnResume.has(result.outcome)) state.succeeded.set(key, result);
  }
  return state;
}
