// Which fields --redact treats as personal data: every field of the built-in schema is classified, once.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { repoPath } from '../helpers.js';
import { builtInAccountSchema } from '../../src/validation/account-schema.js';
import {
  impersonalFields,
  isPersonalAttr,
  personalFields,
  schemaFieldNames,
} from '../../src/validation/personal-data.js';

describe('the personal-data fields', () => {
  const declared = schemaFieldNames(builtInAccountSchema().document);

  it('classify every field of the built-in schema exactly once, and name no field it lacks', () => {
    const listed = [...personalFields, ...impersonalFields];
    expect(new Set(listed).size).toBe(listed.length);
    expect([...declared].filter((name) => !listed.includes(name))).toEqual([]);
    expect(listed.filter((name) => !declared.has(name))).toEqual([]);
  });

  it('are the ones the README lists', () => {
    const readme = readFileSync(repoPath('README.md'), 'utf8');
    const section = /- Personal-data fields, by name[^:]*:([^.]*)\./.exec(readme)?.[1] ?? '';
    const named = [...section.matchAll(/`(\w+)`/g)].map((match) => match[1]);
    expect([...new Set(named)].sort()).toEqual([...personalFields].sort());
  });

  const isPersonal = isPersonalAttr;
  it.each([
    ['customers.0.given_name', true],
    ['customers.0.email', true],
    ['customers.0.alternative_phone_numbers.1.phone_number', true],
    ['customers.0.date_of_birth', true],
    ['customers.0', true],
    ['customers.0.user_details.0.value', true],
    ['billing_address.postal_code', true],
    ['supply_addresses.0.supply_address.street_address', true],
    ['notes.0.body', true],
    ['metadata.0.value', true],
    ['customers.0.nickname', true],
    ['customers.0.external_identifier', false],
    ['customers.0.user_details.0.namespace', false],
    ['external_account_number', false],
    ['ledgers.0.ledger_code', false],
    ['ledgers.0.historical_billing_documents.1.transactions.0.transaction_id', false],
    ['notes.0.unpin_at', false],
    ['supply_addresses.0.supply_points.0.meters.0.registers.0.digits', false],
    [undefined, false],
  ])('%s is personal: %s', (attr, expected) => {
    expect(isPersonal(attr)).toBe(expected);
  });

  it('treats a field of a tenant schema that no list names as personal', () => {
    expect(isPersonalAttr('customers.0.tax_reference')).toBe(true);
  });
});
