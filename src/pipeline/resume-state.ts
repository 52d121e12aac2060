// What an earlier run left: the latest outcome of each input record in its report, and the creates its journal announced.
import { access } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
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
  /** Input records last pushed as the other kind of run (dry runs when this one is real, or the other way round). */
  otherKindRecords: number;
}

/** An empty state: a fresh run. */
export function freshState(): ResumeState {
  return { succeeded: new Map(), mayExist: new Set(), otherKindRecords: 0 };
}

/**
 * Reads a report (latest line per input record wins) and its journal. Only successes of the same kind of run count:
 * a dry run's success says nothing about a real import, and the other way round.
 */
export async function readResumeState(reportPath: string, journalPath: string, dryRun: boolean): Promise<ResumeState> {
  const state: ResumeState = { succeeded: new Map(), mayExist: await readJournal(journalPath), otherKindRecords: 0 };
  try {
    await access(reportPath);
  } catch {
    return state;
  }
  const latest = new Map<string, RecordResult>();
  let lines = 0;
  let pushLines = 0;
  for await (const result of readReport(reportPath)) {
    lines += 1;
    // Every line a push writes says whether it was a dry run; validate's lines never do.
    if (typeof result['dry_run'] === 'boolean') pushLines += 1;
    if (typeof result.source !== 'string' || typeof result.line !== 'number') continue;
    latest.set(lineKey(result.source, result.line), result);
  }
  if (lines > 0 && pushLines === 0) {
    throw new UsageError(
      `--resume: ${reportPath} is not the report of a push (it looks like a validate report); give push a --report of its own`,
    );
  }
  for (const [key, result] of latest) {
    const sameKind = (result['dry_run'] === true) === dryRun;
    if (!sameKind) state.otherKindRecords += 1;
    if (sameKind && skippedOnResume.has(result.outcome)) state.succeeded.set(key, result);
  }
  return state;
}
