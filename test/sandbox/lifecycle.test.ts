// Status decisions of sandbox imports at given clock times: PENDING, IN_PROGRESS, how they end, windows and lag.
import { describe, expect, it } from '@jest/globals';
import {
  existingAccountOf,
  isStatusLagging,
  krakenIdentifierFor,
  preimportedAccount,
  scheduleImport,
  scheduleWindowErrors,
  statusAt,
  type StoredImport,
} from '../../src/sandbox/lifecycle.js';

const t0 = Date.parse('2026-11-27T12:00:00Z');
const iso = (offsetMs: number) => new Date(t0 + offsetMs).toISOString();
const plan = { processingMs: 2000, errorAccounts: /7$/, cancelAccounts: /9$/ };

function scheduled(number: string, overrides: Partial<StoredImport> = {}): StoredImport {
  const request = { importSupplier: 'ACME', externalAccountNumber: number, taskParams: {}, dryRun: false, now: t0 };
  return { ...scheduleImport(request, plan), ...overrides };
}

describe('statusAt', () => {
  it.each([
    [0, 'PENDING', iso(0), 'EVENT_ACCOUNT_IMPORT_PROCESS_CREATED'],
    [499, 'PENDING', iso(0), 'EVENT_ACCOUNT_IMPORT_PROCESS_CREATED'],
    [500, 'IN_PROGRESS', iso(500), 'EVENT_ACCOUNT_IMPORT_PROCESS_STARTED'],
    [1999, 'IN_PROGRESS', iso(500), 'EVENT_ACCOUNT_IMPORT_PROCESS_STARTED'],
    [2000, 'PROCESSED', iso(2000), 'EVENT_ACCOUNT_IMPORT_PROCESS_PROCESSED'],
  ])('at +%i ms is %s', (offset, status, modifiedAt, event) => {
    const body = statusAt(scheduled('1000'), t0 + offset);
    expect(body).toMatchObject({ status, modified_at: modifiedAt, created_at: iso(0), latest_event: { event } });
    expect(body.kraken_identifier).toBe(status === 'PROCESSED' ? krakenIdentifierFor('ACME', '1000') : null);
  });

  it.each<[boolean, string | null, boolean, string]>([
    [false, null, false, 'PROCESSED'],
    [false, 'told to fail', false, 'ERRORED'],
    [true, null, false, 'DRY_RUN_SUCCEEDED'],
    [true, 'told to fail', false, 'DRY_RUN_ERRORED'],
    [false, null, true, 'CANCELLED'],
    [true, 'told to fail', true, 'CANCELLED'],
  ])('ends a dry run %s with error %s, cancelled %s, as %s', (dryRun, errorDetail, cancelled, status) => {
    const body = statusAt(scheduled('1000', { dryRun, errorDetail, cancelled }), t0 + 2000);
    expect(body.status).toBe(status);
    expect(body.latest_error).toEqual(
      errorDetail === null ? null : { code: 'account_import_failed', detail: errorDetail, domain: 'account_import' },
    );
  });

  it('keeps an import PENDING until its window opens', () => {
    const stored = scheduled('1000', { startAt: t0 + 3_600_000 });
    expect(statusAt(stored, t0 + 3_600_000 + 499).status).toBe('PENDING');
    expect(statusAt(stored, t0 + 3_600_000 + 500).status).toBe('IN_PROGRESS');
  });
});

describe('scheduleImport', () => {
  it.each([
    ['no window', {}, t0],
    ['a window start ahead', { schedule_window_start: iso(3_600_000) }, t0 + 3_600_000],
    ['a window start just behind', { schedule_window_start: iso(-30_000) }, t0],
  ])('starts an import with %s at the right time', (_name, taskParams, startAt) => {
    const request = { importSupplier: 'ACME', externalAccountNumber: '1000', taskParams, dryRun: false, now: t0 };
    expect(scheduleImport(request, plan)).toMatchObject({ createdAt: t0, startAt, processingMs: 2000 });
  });

  it('marks the accounts it was told to fail or cancel', () => {
    expect(scheduled('1007')).toMatchObject({
      errorDetail: 'The sandbox was told to fail account 1007.',
      cancelled: false,
    });
    expect(scheduled('1009')).toMatchObject({ errorDetail: null, cancelled: true });
    expect(scheduled('1000')).toMatchObject({ errorDetail: null, cancelled: false });
  });

  it('derives a stable Kraken identifier from supplier and account number', () => {
    expect(krakenIdentifierFor('A', '1007')).toBe('A-870F015B');
    expect(krakenIdentifierFor('B', '1007')).not.toBe('A-870F015B');
  });
});

describe('scheduleWindowErrors', () => {
  it.each([
    ['no window', {}, []],
    ['null bounds', { schedule_window_start: null, schedule_window_end: null }, []],
    ['a start a minute behind', { schedule_window_start: iso(-60_000) }, []],
    ['a start an hour behind', { schedule_window_start: iso(-3_600_000) }, ['schedule_window_start_in_past']],
    ['an end 5 days ahead', { schedule_window_end: iso(5 * 86_400_000) }, ['schedule_window_end_too_far_in_future']],
    [
      'a start after the end',
      { schedule_window_start: iso(7_200_000), schedule_window_end: iso(3_600_000) },
      ['schedule_window_start__after_end'],
    ],
    ['unreadable dates', { schedule_window_start: 'soon', schedule_window_end: 5 }, ['invalid', 'invalid']],
  ])('%s', (_name, taskParams, codes) => {
    expect(scheduleWindowErrors(taskParams, t0).map((error) => error.code)).toEqual(codes);
  });
});

describe('status lag and existing accounts', () => {
  it('answers 404 for statusLagMs after the create, then shows the status', () => {
    const stored = scheduled('1000');
    expect(isStatusLagging(stored, t0 + 549, 550)).toBe(true);
    expect(isStatusLagging(stored, t0 + 550, 550)).toBe(false);
    expect(isStatusLagging(stored, t0, 0)).toBe(false);
  });

  it.each<[string, StoredImport | undefined, string | undefined]>([
    ['nothing', undefined, undefined],
    ['a pending import', scheduled('1000'), krakenIdentifierFor('ACME', '1000')],
    ['a dry run', scheduled('1000', { dryRun: true }), undefined],
    ['an errored import', scheduled('1007', { processingMs: 0 }), undefined],
    ['a cancelled import', scheduled('1009', { processingMs: 0 }), undefined],
    ['a pre-imported account', preimportedAccount('ACME', 'P-1', t0), krakenIdentifierFor('ACME', 'P-1')],
  ])('finds an existing account for %s', (_name, stored, expected) => {
    expect(existingAccountOf(stored, t0)).toBe(expected);
  });
});
