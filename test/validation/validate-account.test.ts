// The account schema and business rules: the seed is valid, and each rule has a valid and an invalid case.
import { describe, expect, it } from '@jest/globals';
import type { Account } from '../../src/validation/account-types.js';
import { defaultTenantRules, resolveTenantRules } from '../../src/validation/tenant-rules.js';
import { createAccountChecker, createAccountValidator } from '../../src/validation/validate-account.js';
import { mutatedSeed, seedAccount } from '../helpers.js';

const now = () => new Date('2026-11-27T12:00:00Z');
const validateAccount = createAccountValidator(defaultTenantRules, now);

function customer(account: Account) {
  return account.customers[0];
}
function ledger(account: Account) {
  const first = account.ledgers?.[0];
  if (first === undefined) throw new Error('seed has a ledger');
  return first;
}
function transaction(account: Account) {
  const first = ledger(account).historical_billing_documents?.[0]?.transactions?.[0];
  if (first === undefined) throw new Error('seed has a transaction');
  return first;
}
function supplyPoint(account: Account) {
  const first = account.supply_addresses?.[0]?.supply_points?.[0];
  if (first === undefined) throw new Error('seed has a supply point');
  return first;
}
function meter(account: Account) {
  const first = supplyPoint(account).meters?.[0];
  if (first === undefined) throw new Error('seed has a meter');
  return first;
}
function note(account: Account, index: number) {
  const found = account.notes?.[index];
  if (found === undefined) throw new Error('seed has notes');
  return found;
}
const wrong = <T>(value: unknown) => value as T;

describe('the seed example', () => {
  it('is valid exactly as printed in the guide', () => {
    expect(validateAccount(seedAccount())).toEqual([]);
  });
});

type Case = [name: string, change: (account: Account) => void, expected: { code: string; attr?: string }[]];

const invalidCases: Case[] = [
  [
    'missing account number',
    (a) => delete wrong<Record<string, unknown>>(a)['external_account_number'],
    [{ code: 'required', attr: 'external_account_number' }],
  ],
  [
    'missing import supplier',
    (a) => delete wrong<Record<string, unknown>>(a)['import_supplier'],
    [{ code: 'required', attr: 'import_supplier' }],
  ],
  [
    'empty account number',
    (a) => (a.external_account_number = ''),
    [{ code: 'blank', attr: 'external_account_number' }],
  ],
  ['no customers', (a) => (a.customers = wrong([])), [{ code: 'empty', attr: 'customers.non_field_errors' }]],
  [
    'customers not a list',
    (a) => (a.customers = wrong({})),
    [{ code: 'not_a_list', attr: 'customers.non_field_errors' }],
  ],
  [
    'null given name',
    (a) => (customer(a).given_name = wrong(null)),
    [{ code: 'null', attr: 'customers.0.given_name' }],
  ],
  [
    'boolean as string field',
    (a) => (customer(a).family_name = wrong(true)),
    [{ code: 'invalid', attr: 'customers.0.family_name' }],
  ],
  ['blank after trimming', (a) => (a.import_supplier = '   '), [{ code: 'blank', attr: 'import_supplier' }]],
  [
    'email too long',
    (a) => (customer(a).email = `${'a'.repeat(250)}@example.com`),
    [{ code: 'max_length', attr: 'customers.0.email' }],
  ],
  ['malformed email', (a) => (customer(a).email = 'not-an-email'), [{ code: 'invalid', attr: 'customers.0.email' }]],
  [
    'test email (test@)',
    (a) => (customer(a).email = 'test@example.com'),
    [{ code: 'possible_test_email_address', attr: 'customers.0.email' }],
  ],
  [
    'test email (@test.com)',
    (a) => (customer(a).email = 'sarah@test.com'),
    [{ code: 'possible_test_email_address', attr: 'customers.0.email' }],
  ],
  [
    'test email (@test.co.uk)',
    (a) => (customer(a).email = 'sarah@test.co.uk'),
    [{ code: 'possible_test_email_address', attr: 'customers.0.email' }],
  ],
  [
    'test email (xxx@)',
    (a) => (customer(a).email = 'xxx@example.com'),
    [{ code: 'possible_test_email_address', attr: 'customers.0.email' }],
  ],
  [
    'test email (.xxx)',
    (a) => (customer(a).email = 'sarah@example.xxx'),
    [{ code: 'possible_test_email_address', attr: 'customers.0.email' }],
  ],
  [
    'landline not a number',
    (a) => (customer(a).landline = 'abcde'),
    [{ code: 'invalid_phone_number', attr: 'customers.0.landline' }],
  ],
  [
    'mobile too short',
    (a) => (customer(a).mobile = '+1506658'),
    [{ code: 'invalid_phone_number', attr: 'customers.0.mobile' }],
  ],
  [
    'mobile from another region',
    (a) => (customer(a).mobile = '+442079460000'),
    [{ code: 'invalid_phone_number', attr: 'customers.0.mobile' }],
  ],
  [
    'alternative phone invalid',
    (a) => (customer(a).alternative_phone_numbers = [{ phone_number: '123' }]),
    [{ code: 'invalid_phone_number', attr: 'customers.0.alternative_phone_numbers.0.phone_number' }],
  ],
  [
    'impossible birth date',
    (a) => (customer(a).date_of_birth = '1988-02-30'),
    [{ code: 'invalid', attr: 'customers.0.date_of_birth' }],
  ],
  [
    'birth date in another format',
    (a) => (customer(a).date_of_birth = '08/08/1988'),
    [{ code: 'invalid', attr: 'customers.0.date_of_birth' }],
  ],
  [
    'opt-in not a boolean',
    (a) => (customer(a).customer_preferences = { opted_into_sms: wrong('maybe') }),
    [{ code: 'invalid', attr: 'customers.0.customer_preferences.opted_into_sms' }],
  ],
  [
    'unregistered user detail',
    (a) => (customer(a).user_details = [{ namespace: 'shoe_size', value: '9' }]),
    [{ code: 'customer_detail_not_registered', attr: 'customers.0.user_details.0.namespace' }],
  ],
  [
    'bad billing postal code',
    (a) => (a.billing_address = { street_address: '1 Main St', postal_code: '2151' }),
    [{ code: 'invalid_postcode', attr: 'billing_address.postal_code' }],
  ],
  [
    'bad supply postal code',
    (a) => {
      const address = a.supply_addresses?.[0];
      if (address) address.supply_address.postal_code = 'ABCDE';
    },
    [{ code: 'invalid_postcode', attr: 'supply_addresses.0.supply_address.postal_code' }],
  ],
  [
    'duplicate metadata keys',
    (a) =>
      (a.metadata = [
        { key: 'k', value: 1 },
        { key: 'k', value: 2 },
      ]),
    [{ code: 'metadata_has_duplicate_keys', attr: 'metadata' }],
  ],
  [
    'note without body or documents',
    (a) => (a.notes = [{ created_at: '2024-06-01T12:00:00Z' }]),
    [{ code: 'note_body_or_document_path_not_found', attr: 'notes.0' }],
  ],
  [
    'note unpinned before creation',
    (a) => (note(a, 0).unpin_at = '2024-05-01T12:00:00Z'),
    [{ code: 'note_unpin_at_earlier_than_creation_date', attr: 'notes.0.unpin_at' }],
  ],
  [
    'note date-time not ISO 8601',
    (a) => (note(a, 1).created_at = '01/07/2024 12:00'),
    [{ code: 'invalid', attr: 'notes.1.created_at' }],
  ],
  [
    'unknown ledger code',
    (a) => (ledger(a).ledger_code = 'GAS_LEDGER'),
    [{ code: 'ledger_code_does_not_exist', attr: 'ledgers.0.ledger_code' }],
  ],
  [
    'balance not a decimal string',
    (a) => (ledger(a).ledger_balance = '12,50'),
    [{ code: 'invalid', attr: 'ledgers.0.ledger_balance' }],
  ],
  [
    'transaction type not allowed',
    (a) => (transaction(a).type = wrong('REFUND')),
    [{ code: 'invalid_choice', attr: 'ledgers.0.historical_billing_documents.0.transactions.0.type' }],
  ],
  [
    'transaction without amount',
    (a) => delete wrong<Record<string, unknown>>(transaction(a))['amount'],
    [{ code: 'required', attr: 'ledgers.0.historical_billing_documents.0.transactions.0.amount' }],
  ],
  [
    'transaction in the future',
    (a) => (transaction(a).transaction_date = '2026-11-28'),
    [
      {
        code: 'transaction_in_future',
        attr: 'ledgers.0.historical_billing_documents.0.transactions.0.transaction_date',
      },
    ],
  ],
  [
    'duplicate transaction ids',
    (a) =>
      (ledger(a).current_statement_transactions = [
        { transaction_id: '2', type: 'PAYMENT', amount: '10', transaction_date: '2026-03-02' },
      ]),
    [{ code: 'duplicate_transaction_ids', attr: 'ledgers.0.current_statement_transactions.0.transaction_id' }],
  ],
  [
    'unknown transaction reason',
    (a) => (transaction(a).reason = 'GOODWILL'),
    [{ code: 'invalid_choice', attr: 'ledgers.0.historical_billing_documents.0.transactions.0.reason' }],
  ],
  [
    'supply type not allowed',
    (a) => (supplyPoint(a).supply_type = wrong('STEAM')),
    [{ code: 'invalid_choice', attr: 'supply_addresses.0.supply_points.0.supply_type' }],
  ],
  [
    'overlapping agreements',
    (a) =>
      (supplyPoint(a).agreements = [
        { effective_from: '2025-03-01', effective_to: '2025-06-01', tariff_code: 'T1' },
        { effective_from: '2025-05-01', tariff_code: 'T2' },
      ]),
    [{ code: 'gaps_or_overlaps_in_agreement_dates', attr: 'supply_addresses.0.supply_points.0.agreements' }],
  ],
  [
    'open-ended agreement followed by another',
    (a) =>
      (supplyPoint(a).agreements = [
        { effective_from: '2025-03-01', tariff_code: 'T1' },
        { effective_from: '2025-05-01', tariff_code: 'T2' },
      ]),
    [{ code: 'gaps_or_overlaps_in_agreement_dates', attr: 'supply_addresses.0.supply_points.0.agreements' }],
  ],
  [
    'gap between agreements',
    (a) =>
      (supplyPoint(a).agreements = [
        { effective_from: '2025-03-01', effective_to: '2025-04-01', tariff_code: 'T1' },
        { effective_from: '2025-05-01', tariff_code: 'T2' },
      ]),
    [{ code: 'gaps_or_overlaps_in_agreement_dates', attr: 'supply_addresses.0.supply_points.0.agreements' }],
  ],
  [
    'negative meter digits',
    (a) => {
      const register = meter(a).registers?.[0];
      if (register) register.digits = -1;
    },
    [{ code: 'min_value', attr: 'supply_addresses.0.supply_points.0.meters.0.registers.0.digits' }],
  ],
  [
    'fractional voltage',
    (a) => (meter(a).voltage = 240.5),
    [{ code: 'invalid', attr: 'supply_addresses.0.supply_points.0.meters.0.voltage' }],
  ],
  [
    'negative meter size',
    (a) => (meter(a).size = -100),
    [{ code: 'min_value', attr: 'supply_addresses.0.supply_points.0.meters.0.size' }],
  ],
  [
    'unknown meter phase',
    (a) => (meter(a).phase = 'Triple'),
    [{ code: 'invalid_choice', attr: 'supply_addresses.0.supply_points.0.meters.0.phase' }],
  ],
  [
    'unknown register type',
    (a) => {
      const register = meter(a).registers?.[0];
      if (register) register.register_type = 'KVARH';
    },
    [{ code: 'invalid_choice', attr: 'supply_addresses.0.supply_points.0.meters.0.registers.0.register_type' }],
  ],
];

describe('invalid accounts', () => {
  it.each(invalidCases)('%s', (_name, change, expected) => {
    const errors = validateAccount(mutatedSeed(change));
    expect(errors.map(({ code, attr }) => ({ code, attr }))).toEqual(expected);
    for (const error of errors) expect(error.detail).toMatch(/\S/);
  });
});

const validCases: [name: string, change: (account: Account) => void][] = [
  ['empty landline means none', (a) => (customer(a).landline = '')],
  ['a number where a string is wanted (CharField reads it)', (a) => (customer(a).family_name = wrong(42))],
  ['a boolean spelled "yes"', (a) => (customer(a).customer_preferences = { opted_into_sms: wrong('yes') })],
  ['voltage as a string', (a) => (meter(a).voltage = wrong('240.0'))],
  ['amount as a number', (a) => (transaction(a).amount = wrong(100.5))],
  ['a date without leading zeros', (a) => (customer(a).date_of_birth = '1988-8-8')],
  ['a date-time without an offset (read as UTC)', (a) => (note(a, 1).created_at = '2024-07-01T12:00:00')],
  ['a +1 number from the seed', (a) => (customer(a).mobile = '+15066585252')],
  ['a national US number', (a) => (customer(a).mobile = '(201) 555-0123')],
  ['ZIP+4 postal code', (a) => (a.billing_address = { street_address: '1 Main St', postal_code: '02151-1234' })],
  ['a leap day', (a) => (customer(a).date_of_birth = '1988-02-29')],
  ['transaction dated today', (a) => (transaction(a).transaction_date = '2026-11-27')],
  [
    'contiguous agreements (end exclusive)',
    (a) =>
      (supplyPoint(a).agreements = [
        { effective_from: '2025-03-01', effective_to: '2025-06-01', tariff_code: 'T1' },
        { effective_from: '2025-06-01', tariff_code: 'T2' },
      ]),
  ],
  [
    'contiguous agreements (end inclusive)',
    (a) =>
      (supplyPoint(a).agreements = [
        { effective_from: '2025-03-01', effective_to: '2025-05-31', tariff_code: 'T1' },
        { effective_from: '2025-06-01', tariff_code: 'T2' },
      ]),
  ],
  [
    'a note with documents only',
    (a) => (a.notes = [{ created_at: '2024-06-01T12:00:00+02:00', document_paths: [{ document_path: 'a.pdf' }] }]),
  ],
  [
    'distinct metadata keys',
    (a) =>
      (a.metadata = [
        { key: 'a', value: 1 },
        { key: 'b', value: { nested: true } },
      ]),
  ],
];

describe('valid variations', () => {
  it.each(validCases)('%s', (_name, change) => {
    expect(validateAccount(mutatedSeed(change))).toEqual([]);
  });
});

describe('tenant configuration', () => {
  it('accepts a configured ledger code and refuses the default one', () => {
    const tenant = resolveTenantRules({ ledger_codes: ['ELECTRICITY_LEDGER'] });
    const errors = createAccountValidator(tenant, now)(seedAccount());
    expect(errors).toEqual([
      {
        code: 'ledger_code_does_not_exist',
        attr: 'ledgers.0.ledger_code',
        detail: 'Ledger code "ENERGY" does not exist.',
      },
    ]);
  });

  it('turns a check off when its list is null', () => {
    const tenant = resolveTenantRules({ premise_types: null });
    const account = mutatedSeed((a) => {
      const details = a.supply_addresses?.[0]?.property_details?.property_type_specific_details;
      if (details) details.premise_type = 'MULTI_FAMILY';
    });
    expect(createAccountValidator(tenant, now)(account)).toEqual([]);
    expect(validateAccount(account).map((error) => error.code)).toEqual(['invalid_choice']);
  });

  it("reads today from the run's clock as it goes: a transaction dated tomorrow passes once the day has come", () => {
    let instant = new Date('2026-11-27T23:59:59Z');
    const check = createAccountValidator(defaultTenantRules, () => instant);
    const account = mutatedSeed((a) => (transaction(a).transaction_date = '2026-11-28'));
    expect(check(account).map((error) => error.code)).toEqual(['transaction_in_future']);
    expect(check(account).map((error) => error.code)).toEqual(['transaction_in_future']);
    instant = new Date('2026-11-28T00:00:00Z');
    expect(check(account)).toEqual([]);
    instant = new Date('2026-11-26T10:00:00Z');
    expect(check(account).map((error) => error.code)).toEqual(['transaction_in_future']);
  });

  it('warns of unknown fields by default (Kraken ignores them), or refuses or ignores them when told to', () => {
    const account = mutatedSeed((a) => (wrong<Record<string, unknown>>(customer(a))['landlin'] = ''));
    const verdict = createAccountChecker(defaultTenantRules, now)(account);
    expect(verdict.errors).toEqual([]);
    expect(verdict.warnings.map(({ code, attr }) => ({ code, attr }))).toEqual([
      { code: 'unknown_field', attr: 'customers.0.landlin' },
    ]);
    const refusing = createAccountValidator(resolveTenantRules({ unknown_fields: 'error' }), now);
    expect(refusing(account).map((error) => error.code)).toEqual(['unknown_field']);
    const ignoring = createAccountChecker(resolveTenantRules({ unknown_fields: 'ignore' }), now)(account);
    expect(ignoring).toEqual({ errors: [], warnings: [] });
  });

  it('accepts what the server coerces; --strict makes each coercion a warning or an error', () => {
    const account = mutatedSeed((a) => {
      customer(a).family_name = wrong(42);
      customer(a).customer_preferences = { opted_into_sms: wrong('yes') };
      note(a, 1).created_at = '2024-07-01T12:00:00';
    });
    expect(validateAccount(account)).toEqual([]);
    const warned = createAccountChecker(defaultTenantRules, now, undefined, { coercions: 'warn' })(account);
    expect(warned.errors).toEqual([]);
    expect(warned.warnings).toEqual([
      { code: 'coerced', attr: 'customers.0.family_name', detail: 'Kraken reads 42 as "42".' },
      {
        code: 'coerced',
        attr: 'customers.0.customer_preferences.opted_into_sms',
        detail: 'Kraken reads "yes" as True.',
      },
      {
        code: 'coerced',
        attr: 'notes.1.created_at',
        detail: 'Kraken reads "2024-07-01T12:00:00" as "2024-07-01T12:00:00Z".',
      },
    ]);
    const strict = createAccountChecker(defaultTenantRules, now, undefined, { coercions: 'error' })(account);
    expect(strict.errors.map((error) => error.code)).toEqual(['coerced', 'coerced', 'coerced']);
  });

  it('gives the payload as the server reads it with normalize', () => {
    const account = mutatedSeed((a) => {
      customer(a).family_name = wrong(' Smith ');
      wrong<Record<string, unknown>>(a)['legacy_id'] = 'X1';
    });
    const verdict = createAccountChecker(defaultTenantRules, now, undefined, { normalize: true })(account);
    expect(verdict.errors).toEqual([]);
    const normalized = verdict.normalized as { customers: { family_name: string }[]; legacy_id?: string };
    expect(normalized.customers[0]?.family_name).toBe('Smith');
    expect(normalized).not.toHaveProperty('legacy_id');
    expect((account as unknown as Account).customers[0].family_name).toBe(' Smith ');
  });

  it("checks another region's postal codes and phone numbers", () => {
    const tenant = resolveTenantRules({ region: 'GB' });
    const account = mutatedSeed((a) => {
      a.billing_address = { street_address: '1 High St', postal_code: 'SW1A 1AA' };
      customer(a).mobile = '+447911123456';
      customer(a).alternative_phone_numbers = [];
      a.supply_addresses = [];
    });
    expect(createAccountValidator(tenant, now)(account)).toEqual([]);
  });
});

describe('all errors of a record are reported', () => {
  it('keeps schema and rule errors together', () => {
    const account = mutatedSeed((a) => {
      customer(a).landline = 'abcde';
      customer(a).email = 'test@example.com';
      customer(a).date_of_birth = '1988-02-30';
    });
    expect(
      validateAccount(account)
        .map((error) => error.attr)
        .sort(),
    ).toEqual(['customers.0.date_of_birth', 'customers.0.email', 'customers.0.landline']);
  });

  it('does not crash on records of the wrong shape', () => {
    for (const value of [
      { customers: [null, 3, 'x'] },
      { ledgers: { a: 1 } },
      { supply_addresses: [{ supply_points: 'x' }] },
    ]) {
      expect(validateAccount(value).length).toBeGreaterThan(0);
    }
  });
});
