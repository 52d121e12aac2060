// The local verdict on one record: what it carries on to the requests (the account as JSON text) and what not.
import { describe, expect, it } from '@jest/globals';
import { checkRecord } from '../../src/checking/check-item.js';
import type { InputRecord } from '../../src/records/input-record.js';
import { createAccountChecker } from '../../src/validation/validate-account.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { seedAccount } from '../helpers.js';

const checker = createAccountChecker(defaultTenantRules, () => new Date('2026-12-07T12:00:00Z'));

function input(payload: Record<string, unknown>): InputRecord {
  return { source: 'in.ndjson', line: 3, errors: [], payload };
}

describe('checkRecord', () => {
  it('carries the account on serialized, with the supplier given by flag or config in place of its own', () => {
    const account = { ...seedAccount(), import_supplier: 'OLD', external_account_number: 'C-1' };
    const checked = checkRecord(input(account), checker, 'ACME');
    expect(checked.errors).toEqual([]);
    expect(typeof checked.payload).toBe('string');
    expect(JSON.parse(checked.payload ?? 'null')).toEqual({ ...account, import_supplier: 'ACME' });
    expect(checked).toMatchObject({ importSupplier: 'ACME', externalAccountNumber: 'C-1', line: 3 });
  });

  it('carries nothing on when the caller keeps no payload, and still gives the verdict', () => {
    const account = { ...seedAccount(), external_account_number: 'C-2', import_supplier: 'ACME' };
    const kept = checkRecord(input(account), checker, undefined, undefined, false);
    expect(kept.payload).toBeUndefined();
    expect(kept.errors).toEqual([]);
    const bad = checkRecord(input({ ...account, customers: 'none' }), checker, undefined, undefined, false);
    expect(bad.payload).toBeUndefined();
    expect(bad.errors.map((error) => error.attr)).toEqual(['customers.non_field_errors']);
  });
});
