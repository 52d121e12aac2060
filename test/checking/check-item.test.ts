// The local verdict on one record: what it carries on to the requests (the account as JSON text) and what not.
import { describe, expect, it } from '@jest/globals';
import { checkRecord, type ItemCheck } from '../../src/checking/check-item.js';
import type { InputRecord } from '../../src/records/input-record.js';
import { createAccountChecker } from '../../src/validation/validate-account.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { seedAccount } from '../helpers.js';

const checkAccount = createAccountChecker(defaultTenantRules, () => new Date('2026-12-07T12:00:00Z'));
const sendsAll: ItemCheck = { checkAccount, importSupplier: undefined, keepPayload: () => true };

function input(payload: Record<string, unknown>, line = 3): InputRecord {
  return { source: 'in.ndjson', line, errors: [], payload };
}

describe('checkRecord', () => {
  it('carries the account on serialized, with the supplier given by flag or config in place of its own', () => {
    const account = { ...seedAccount(), import_supplier: 'OLD', external_account_number: 'C-1' };
    const checked = checkRecord(input(account), { ...sendsAll, importSupplier: 'ACME' });
    expect(checked.errors).toEqual([]);
    expect(typeof checked.payload).toBe('string');
    expect(JSON.parse(checked.payload ?? 'null')).toEqual({ ...account, import_supplier: 'ACME' });
    expect(checked).toMatchObject({ importSupplier: 'ACME', externalAccountNumber: 'C-1', line: 3 });
  });

  it('carries on only what the caller will send, and never a record with errors', () => {
    const account = { ...seedAccount(), external_account_number: 'C-2', import_supplier: 'ACME' };
    // A resumed push sends none of an earlier run's successes: here, line 3's.
    const check: ItemCheck = { checkAccount, importSupplier: undefined, keepPayload: (record) => record.line !== 3 };
    const skipped = checkRecord(input(account, 3), check);
    expect(skipped.errors).toEqual([]);
    expect(skipped.payload).toBeUndefined();
    expect(checkRecord(input(account, 4), check).payload).toBeDefined();
    expect(checkRecord(input(account), { checkAccount, importSupplier: undefined }).payload).toBeUndefined();
    const bad = checkRecord(input({ ...account, customers: 'none' }), sendsAll);
    expect(bad.payload).toBeUndefined();
    expect(bad.errors.map((error) => error.attr)).toEqual(['customers.non_field_errors']);
  });

  it('gives a record nested deeper than JSON.stringify can go its error, without serializing it', () => {
    let deep: Record<string, unknown> = {};
    for (let level = 0; level < 20_000; level += 1) deep = { metadata: [deep] };
    const checked = checkRecord(input({ ...seedAccount(), external_account_number: 'C-3', notes: [deep] }), sendsAll);
    expect(checked.errors.map((error) => error.code)).toEqual(['too_deep']);
    expect(checked.payload).toBeUndefined();
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
  });
});
