// The real tenant document (Origin's published schema): its payload converted, generated instances valid, and single
// mutations of them each caught at the right attr.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isJsonObject, type JsonObject } from '../../src/core/json.js';
import type { FieldError } from '../../src/core/field-error.js';
import { loadAccountSchema, type AccountSchema } from '../../src/validation/account-schema.js';
import { schemasAt, schemaTypeAt } from '../../src/validation/schema-paths.js';
import { resolveTenantRules } from '../../src/validation/tenant-rules.js';
import {
  createAccountChecker,
  createAccountValidator,
  prepareAccountSchema,
  type AccountChecker,
  type AccountValidator,
} from '../../src/validation/validate-account.js';
import { publishedDocumentPath } from '../sandbox/published-contract.js';
import { generateInstance } from './generate-instance.js';

let schema: AccountSchema;
let validate: AccountValidator;
let check: AccountChecker;

beforeAll(() => {
  // A copy: loading keeps the conversion next to the file, which must not land in the repository.
  const path = join(mkdtempSync(join(tmpdir(), 'kraken-import-origin-')), 'origin-data-import.yml');
  copyFileSync(publishedDocumentPath, path);
  schema = loadAccountSchema(path);
  validate = createAccountValidator(
    resolveTenantRules(undefined, true),
    () => new Date('2026-06-01T00:00:00Z'),
    schema,
  );
  check = createAccountChecker(resolveTenantRules(undefined, true), () => new Date('2026-06-01T00:00:00Z'), schema);
});

/** Returns a deep copy of an instance with `change` applied to the object at `path` (dotted, list indexes as numbers). */
function mutate(instance: unknown, path: string, change: (parent: JsonObject, key: string) => void): unknown {
  const copy = structuredClone(instance);
  const segments = path.split('.');
  const last = segments.pop() ?? '';
  let node: unknown = copy;
  for (const segment of segments) node = (node as Record<string, unknown>)[segment];
  if (!isJsonObject(node)) throw new Error(`no object at ${segments.join('.')}`);
  change(node, last);
  return copy;
}

const codesAt = (errors: FieldError[]) => errors.map((error) => `${error.attr ?? ''} ${error.code}`);

describe('the Origin document, converted', () => {
  it('takes the account payload from the v2 create operation and keeps only the schemas it reaches', () => {
    const defs = schema.document['$defs'] as JsonObject;
    expect(schema.document['x-payload-schema']).toBe('OriginAccount');
    expect(schema.document['$ref']).toBe('#/$defs/OriginAccount');
    expect(Object.keys(defs)).toHaveLength(165); // OriginAccount and the 164 schemas it reaches
    expect(defs).not.toHaveProperty('ScheduleAccountCreation');
    expect(defs).not.toHaveProperty('StandardizedValidationErrorResponse');
  });

  it('gives the CSV reader the types of nested, nullable and polymorphic fields', () => {
    expect(schemaTypeAt(schema, 'import_supplier')).toBe('string');
    expect(schemaTypeAt(schema, 'customers.0.date_of_birth')).toBe('string');
    expect(schemaTypeAt(schema, 'account_billing_options.period_start_day')).toBe('integer');
    expect(schemaTypeAt(schema, 'supply_addresses.0.meter_points.0.supply_type')).toBe('string');
    expect(schemaTypeAt(schema, 'customers.0.no_such_field')).toBeUndefined();
    expect(schemasAt(schema, 'supply_addresses.*.meter_points')).toHaveLength(1);
  });

  it.each(['required', 'all'] as const)('accepts a generated instance (%s fields)', (fill) => {
    const instance = generateInstance(schema.document, fill);
    expect(validate(instance)).toEqual([]);
  });
});

describe('single mutations of a valid instance', () => {
  let instance: unknown;
  beforeAll(() => {
    instance = generateInstance(schema.document, 'all', 6);
    expect(validate(instance)).toEqual([]);
  });

  const cases: [string, string, (parent: JsonObject, key: string) => void, string][] = [
    ['a wrong enum', 'account_type', (parent, key) => (parent[key] = 'NOT_A_TYPE'), 'account_type invalid_choice'],
    [
      'a missing required field',
      'import_supplier',
      (parent, key) => Reflect.deleteProperty(parent, key),
      'import_supplier required',
    ],
    [
      'a missing required nested field',
      'customers.0.user_details.0.namespace',
      (parent, key) => Reflect.deleteProperty(parent, key),
      'customers.0.user_details.0.namespace required',
    ],
    [
      'a bad date',
      'customers.0.date_of_birth',
      (parent, key) => (parent[key] = '1988-02-30'),
      'customers.0.date_of_birth invalid',
    ],
    ['an object for a string', 'billing_name', (parent, key) => (parent[key] = { a: 1 }), 'billing_name invalid'],
    [
      'a boolean for a CharField',
      'customers.0.family_name',
      (parent, key) => (parent[key] = true),
      'customers.0.family_name invalid',
    ],
    [
      'a string for a list',
      'customers',
      (parent, key) => (parent[key] = 'Homer'),
      'customers.non_field_errors not_a_list',
    ],
    [
      'a list for a nested object',
      'billing_address',
      (parent, key) => (parent[key] = []),
      'billing_address.non_field_errors invalid',
    ],
    [
      'an integer out of range',
      'account_billing_options.period_start_day',
      (parent, key) => (parent[key] = 29),
      'account_billing_options.period_start_day max_value',
    ],
    [
      'an unknown discriminator value',
      'supply_addresses.0.meter_points.0.supply_type',
      (parent, key) => (parent[key] = 'STEAM'),
      'supply_addresses.0.meter_points.0.supply_type invalid_choice',
    ],
    [
      'a missing discriminator',
      'supply_addresses.0.meter_points.0.supply_type',
      (parent, key) => Reflect.deleteProperty(parent, key),
      'supply_addresses.0.meter_points.0.supply_type required',
    ],
    [
      'too long a string',
      'billing_address1',
      (parent, key) => (parent[key] = 'x'.repeat(513)),
      'billing_address1 max_length',
    ],
    ['a null for a non-nullable field', 'billing_name', (parent, key) => (parent[key] = null), 'billing_name null'],
  ];

  it.each(cases)('catches %s at its attr', (_name, path, change, expected) => {
    const errors = validate(mutate(instance, path, change));
    expect(codesAt(errors)).toContain(expected);
    // Only that field is wrong: no other attr gets an error.
    expect(new Set(errors.map((error) => error.attr))).toEqual(new Set([expected.split(' ')[0]]));
  });

  it('accepts null where the field is nullable (a nested object and a scalar)', () => {
    const nulled = mutate(instance, 'affiliate_subdomain', (parent, key) => (parent[key] = null));
    expect(validate(nulled)).toEqual([]);
    const noPreferences = mutate(instance, 'customers.0.customer_preferences', (parent, key) => (parent[key] = null));
    expect(validate(noPreferences)).toEqual([]);
    const badPreferences = mutate(instance, 'customers.0.customer_preferences', (parent, key) => (parent[key] = 'yes'));
    expect(codesAt(validate(badPreferences))).toEqual(['customers.0.customer_preferences.non_field_errors invalid']);
  });
});

describe("the document's own example payloads", () => {
  /** The request examples of the v2 create operation (bare accounts, as the document shows them). */
  function examples(): [string, unknown][] {
    const document = parse(readFileSync(publishedDocumentPath, 'utf8')) as JsonObject;
    const paths = document['paths'] as Record<string, Record<string, JsonObject>>;
    const body = paths['/v2/data-import/accounts/']?.['post']?.['requestBody'] as JsonObject;
    const media = (body['content'] as Record<string, JsonObject>)['application/json'] ?? {};
    return Object.entries(media['examples'] as Record<string, { value: unknown }>).map(([name, example]) => [
      name,
      example.value,
    ]);
  }

  // What a DRF server with this schema says of each: the import supplier is not one of the tenant's (its choices
  // are tenant configuration), and the meter point names no supply_type, which picks its serializer. Numbers
  // given for decimals and phone numbers given as numbers are accepted, as DRF coerces them.
  it.each(examples())('%s gets exactly the findings of a DRF server', (_name, payload) => {
    expect(codesAt(validate(payload))).toEqual([
      'import_supplier invalid_choice',
      'supply_addresses.0.meter_points.0.supply_type required',
    ]);
  });
});

describe("the document's example payloads, each with the supply type it is named for", () => {
  const supplyTypes: Record<string, string> = {
    ExampleElectricityPayload: 'ELECTRICITY',
    ExampleGasPayload: 'GAS',
    ExampleUnmeteredElectricityPayload: 'UNMETERED_ELECTRICITY',
    ExampleUnmeteredGasPayload: 'UNMETERED_GAS',
    ExampleEmbeddedElectricityPayload: 'EMBEDDED_ELECTRICITY',
    ExampleEmbeddedGasPayload: 'EMBEDDED_GAS',
    ExampleEmbeddedWaterPayload: 'EMBEDDED_WATER',
  };
  // The embedded meters' `active_from: 2001-01-01:00:00:00+10:00` is not a date-time Django's parse_datetime reads
  // (a colon between date and time), so a DRF server answers `invalid` there; everything else in the branch the
  // supply type picks is known and valid, so no field is left unchecked (no unknown-field warning).
  const badMeterDate: Record<string, boolean> = {
    ExampleEmbeddedElectricityPayload: true,
    ExampleEmbeddedGasPayload: true,
  };

  it.each(Object.entries(supplyTypes))('%s as %s: the branch is checked field by field', (name, supplyType) => {
    const document = parse(readFileSync(publishedDocumentPath, 'utf8')) as JsonObject;
    const paths = document['paths'] as Record<string, Record<string, JsonObject>>;
    const body = paths['/v2/data-import/accounts/']?.['post']?.['requestBody'] as JsonObject;
    const media = (body['content'] as Record<string, JsonObject>)['application/json'] ?? {};
    const examples = media['examples'] as Record<string, { value: unknown }>;
    const typed = mutate(examples[name]?.value, 'supply_addresses.0.meter_points.0.supply_type', (parent, key) => {
      parent[key] = supplyType;
    });
    const verdict = check(typed);
    expect(codesAt(verdict.errors)).toEqual([
      'import_supplier invalid_choice',
      ...(badMeterDate[name] === true ? ['supply_addresses.0.meter_points.0.meters.0.active_from invalid'] : []),
    ]);
    expect(verdict.warnings).toEqual([]);
  });
});

describe('tenant.supplier_settings: serializers picked by an import supplier setting', () => {
  const rules = (settings: Record<string, boolean | string | null>) => ({
    ...resolveTenantRules(undefined, true),
    supplierSettings: settings,
  });
  const withStartDay = (day: number) =>
    mutate(
      generateInstance(schema.document, 'all', 6),
      'account_billing_options.period_start_day',
      (parent, key) => (parent[key] = day),
    );

  it('takes the unset branch without the setting, and the strict one under enforce_strict_billing_options: true', () => {
    const now = () => new Date('2026-06-01T00:00:00Z');
    const unset = createAccountChecker(rules({}), now, schema);
    const off = createAccountChecker(rules({ enforce_strict_billing_options: false }), now, schema);
    const strict = createAccountChecker(rules({ enforce_strict_billing_options: true }), now, schema);
    expect(codesAt(unset(withStartDay(5)).errors)).toEqual([]);
    expect(codesAt(off(withStartDay(5)).errors)).toEqual([]);
    // OriginStrictAccountBillingOptions: period_start_day between 1 and 1.
    expect(codesAt(strict(withStartDay(5)).errors)).toEqual(['account_billing_options.period_start_day max_value']);
    expect(codesAt(strict(withStartDay(1)).errors)).toEqual([]);
  });

  it('refuses, naming it, a setting the schema has no serializer for, or a value that picks none', () => {
    expect(() => {
      prepareAccountSchema(rules({ enforce_everything: true }), schema);
    }).toThrow('tenant.supplier_settings: enforce_everything picks no serializer of this schema');
    expect(() => {
      prepareAccountSchema(rules({ enforce_strict_billing_options: 'sometimes' }), schema);
    }).toThrow('tenant.supplier_settings.enforce_strict_billing_options: "sometimes" is not one of');
  });
});
