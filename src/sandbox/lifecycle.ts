// How a sandbox import moves through its statuses, derived from the clock (no timers): when it may be scheduled,
// when it turns IN_PROGRESS and terminal, how it ends, and when a lagging tenant starts showing its status.
import { createHash } from 'node:crypto';
import type { FieldError } from '../core/field-error.js';
import type { JsonObject } from '../core/json.js';
import type { SandboxOptions } from './sandbox-options.js';

/** Statuses the sandbox's imports pass through. */
export type ImportStatus =
  'PENDING' | 'IN_PROGRESS' | 'PROCESSED' | 'ERRORED' | 'CANCELLED' | 'DRY_RUN_SUCCEEDED' | 'DRY_RUN_ERRORED';

/** One scheduled import, as stored: everything its status is derived from. */
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
/** Kraken refuses a schedule window that ends more than 4 days ahead. */
const maxWindowAheadMs = 4 * 24 * 3600 * 1000;
/** A window start this little in the past still counts as now. */
const pastToleranceMs = 60_000;

/** Derives a stable Kraken account number (`A-1F2E3D4C`) from an import's key. */
export function krakenIdentifierFor(importSupplier: string, externalAccountNumber: string): string {
  const digest = createHash('sha256').update(`${importSupplier}\u0000${externalAccountNumber}`).digest('hex');
  return `A-${digest.slice(0, 8).toUpperCase()}`;
}

/** Returns the problems of a create's schedule window: unreadable dates, a past start, a far end, start not before end. */
export function scheduleWindowErrors(taskParams: JsonObject, now: number): FieldError[] {
  const errors: FieldError[] = [];
  const parse = (name: string): number | undefined => {
    const value = taskParams[name];
    if (value === null || value === undefined) return undefined;
    const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(time))
      errors.push({ code: 'invalid', attr: `task_params.${name}`, detail: 'Datetime has wrong format.' });
    return Number.isNaN(time) ? undefined : time;
  };
  const start = parse('schedule_window_start');
  const end = parse('schedule_window_end');
  if (start !== undefined && start < now - pastToleranceMs) {
    errors.push({
      code: 'schedule_window_start_in_past',
      attr: 'task_params.schedule_window_start',
      detail: 'The schedule window start is in the past.',
    });
  }
  if (end !== undefined && end > now + maxWindowAheadMs) {
    errors.push({
      code: 'schedule_window_end_too_far_in_future',
      attr: 'task_params.schedule_window_end',
      detail: 'The schedule window end is more than 4 days ahead.',
    });
  }
  if (start !== undefined && end !== undefined && start >= end) {
    errors.push({
      code: 'schedule_window_start__after_end',
      attr: 'task_params.schedule_window_start',
      detail: 'The schedule window start is not before its end.',
    });
  }
  return errors;
}

/** A create that passed its checks, to be scheduled. */
export interface ImportRequest {
  importSupplier: string;
  externalAccountNumber: string;
  taskParams: JsonObject;
  dryRun: boolean;
  now: number;
}

/** Plans an import: it starts at its window start (never before now), and ends ERRORED or CANCELLED when told to. */
export function scheduleImport(
  request: ImportRequest,
  options: Pick<SandboxOptions, 'processingMs' | 'errorAccounts' | 'cancelAccounts'>,
): StoredImport {
  const { importSupplier, externalAccountNumber, taskParams, now } = request;
  const windowStart =
    typeof taskParams['schedule_window_start'] === 'string' ? Date.parse(taskParams['schedule_window_start']) : now;
  return {
    importSupplier,
    externalAccountNumber,
    createdAt: now,
    startAt: Math.max(now, windowStart),
    processingMs: options.processingMs,
    dryRun: request.dryRun,
    errorDetail:
      options.errorAccounts?.test(externalAccountNumber) === true
        ? `The sandbox was told to fail account ${externalAccountNumber}.`
        : null,
    cancelled: options.cancelAccounts?.test(externalAccountNumber) === true,
    krakenIdentifier: krakenIdentifierFor(importSupplier, externalAccountNumber),
  };
}

/** An account that existed before the sandbox started: PROCESSED since `startedAt`. */
export function preimportedAccount(
  importSupplier: string,
  externalAccountNumber: string,
  startedAt: number,
): StoredImport {
  return {
    importSupplier,
    externalAccountNumber,
    createdAt: startedAt,
    startAt: startedAt,
    processingMs: 0,
    dryRun: false,
    errorDetail: null,
    krakenIdentifier: krakenIdentifierFor(importSupplier, externalAccountNumber),
  };
}

/** Tells whether a lagging tenant still answers 404 for an import, `statusLagMs` after its create. */
export function isStatusLagging(stored: StoredImport, now: number, statusLagMs: number): boolean {
  return now < stored.createdAt + statusLagMs;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function terminalStatus(stored: StoredImport): ImportStatus {
  const failed = stored.errorDetail !== null;
  if (stored.cancelled === true) return 'CANCELLED';
  if (stored.dryRun) return failed ? 'DRY_RUN_ERRORED' : 'DRY_RUN_SUCCEEDED';
  return failed ? 'ERRORED' : 'PROCESSED';
}

/** Returns the status of an import at time `now`: PENDING, then IN_PROGRESS after a quarter, then terminal. */
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
  const status = terminalStatus(stored);
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

/** Returns the Kraken account number of a real import that has not failed or been cancelled (at `now`), else undefined. */
export function existingAccountOf(stored: StoredImport | undefined, now: number): string | undefined {
  if (stored === undefined || stored.dryRun) return undefined;
  const { status } = statusAt(stored, now);
  return status === 'ERRORED' || status === 'CANCELLED' ? undefined : stored.krakenIdentifier;
}
