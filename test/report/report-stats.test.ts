// What `kraken-import report` computes from report lines: outcomes, the error table, timings and retries.
import { describe, expect, it } from '@jest/globals';
import type { RecordResult } from '../../src/report/record-result.js';
import { reportStats } from '../../src/report/report-stats.js';

function line(index: number, overrides: Partial<RecordResult> = {}): RecordResult {
  const started = Date.parse('2026-11-28T10:00:00Z') + index * 1000;
  return {
    source: 'a.ndjson',
    line: index,
    external_account_number: String(1000 + index),
    outcome: 'processed',
    errors: [],
    dry_run: false,
    attempts: { validate: 1, create: 1, status: 3 },
    started_at: new Date(started).toISOString(),
    finished_at: new Date(started + index * 100).toISOString(),
    ...overrides,
  };
}

describe('reportStats', () => {
  const phone = {
    code: 'invalid_phone_number',
    attr: 'customers.0.landline',
    detail: 'abcde is not a valid phone number',
  };
  const results = [
    line(1),
    line(2, { outcome: 'invalid', errors: [phone, { ...phone, attr: 'customers.1.landline' }] }),
    line(3, { outcome: 'invalid', errors: [phone, phone] }),
    line(4, { outcome: 'errored', errors: [{ code: 'account_import_failed', detail: 'No.' }] }),
    line(5, { attempts: { validate: 3, create: 2, status: 9 } }),
    line(6, { outcome: 'interrupted', errors: [{ code: 'interrupted', detail: 'Stopped.' }] }),
  ];
  const stats = reportStats(results);

  it('counts outcomes and knows a push report', () => {
    expect(stats.records).toBe(6);
    expect(stats.counts).toEqual({ processed: 2, invalid: 2, errored: 1, interrupted: 1 });
    expect(stats.kind).toBe('push');
    expect(stats.dryRun).toBe(false);
  });

  it('groups errors by field and code, counting each record once, most frequent first', () => {
    expect(stats.errors.map((row) => [row.attr, row.code, row.records])).toEqual([
      ['customers.0.landline', 'invalid_phone_number', 2],
      ['(record)', 'account_import_failed', 1],
      ['(record)', 'interrupted', 1],
      ['customers.1.landline', 'invalid_phone_number', 1],
    ]);
    expect(stats.errors[0]?.example).toEqual({ source: 'a.ndjson', line: 2, detail: phone.detail });
  });

  it('counts retries of validate and create only (status requests are polls)', () => {
    expect(stats.retries).toBe(3);
  });

  it('lists failed records (not unfinished ones) and the slowest imports', () => {
    expect(stats.failed.map((row) => row.line)).toEqual([2, 3, 4]);
    expect(stats.failedCount).toBe(3);
    expect(stats.slowest.map((row) => [row.line, row.seconds])).toEqual([
      [6, 0.6],
      [5, 0.5],
      [4, 0.4],
      [3, 0.3],
      [2, 0.2],
    ]);
  });

  it('spans the run from the first start to the last finish, and buckets it', () => {
    expect(stats.spanSeconds).toBeCloseTo(5.6, 5);
    expect(stats.throughput).toBeCloseTo(6 / 5.6, 5);
    expect(stats.timeline.reduce((sum, point) => sum + point.finished, 0)).toBe(6);
    expect(stats.timeline.reduce((sum, point) => sum + point.retries, 0)).toBe(3);
  });

  it('knows a validate report, which has no timings', () => {
    const validate = reportStats([
      { source: 'v', line: 1, external_account_number: '1', outcome: 'valid', errors: [] },
    ]);
    expect(validate.kind).toBe('validate');
    expect(validate.timeline).toEqual([]);
    expect(validate.throughput).toBeNull();
  });
});
