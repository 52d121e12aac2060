// OpenAPI 3.0 → the internal JSON Schema: each construct drf-spectacular writes, and loading tenant schema files.
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/core/errors.js';
import type { JsonObject } from '../../src/core/json.js';
import { builtInAccountSchema, loadAccountSchema, schemaKey } from '../../src/validation/account-schema.js';
import { convertOpenApi, renderOpenApi } from '../../src/validation/openapi-schema.js';
import { resolveTenantRules } from '../../src/validation/tenant-rules.js';
import { createAccountValidator } from '../../src/validation/validate-account.js';
import { repoPath, seedAccount } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kraken-import-openapi-'));

/** A tenant document whose create payload is `Account`, with the given component schemas. */
function tenantDocument(schemas: JsonObject): JsonObject {
  return {
    openapi: '3.0.3',
    info: { title: 'Tenant', version: 'v1' },
    paths: {
      '/v2/data-import/accounts/': {
        post: {
          requestBody: {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Create' } } },
          },
        },
      },
    },
    components: {
      schemas: {
        Create: {
          type: 'object',
          properties: { payload: { allOf: [{ $ref: '#/components/schemas/Account' }], description: 'The payload.' } },
          required: ['payload'],
        },
        Unused: { type: 'object' },
        ...schemas,
      },
    },
  };
}

const defsOf = (schemas: JsonObject) => convertOpenApi(tenantDocument(schemas))['$defs'] as Record<string, JsonObject>;

describe('convertOpenApi', () => {
  it('makes nullable fields take null: the type, and an enum', () => {
    const defs = defsOf({
      Account: {
        type: 'object',
        properties: {
          name: { type: 'string', nullable: true, maxLength: 5 },
          period: { type: 'string', enum: ['MONTHLY', null], nullable: true },
          kind: { type: 'string', enum: ['A', 'B'], nullable: true },
          plain: { type: 'integer', nullable: false },
        },
      },
    });
    expect(defs['Account']?.['properties']).toEqual({
      name: { type: ['string', 'null'], maxLength: 5 },
      period: { type: ['string', 'null'], enum: ['MONTHLY', null] },
      kind: { type: ['string', 'null'], enum: ['A', 'B', null] },
      plain: { type: 'integer' },
    });
  });

  it('turns a single-$ref allOf into the $ref with its siblings; a nullable one is the object inlined, taking null', () => {
    const defs = defsOf({
      Account: {
        type: 'object',
        properties: {
          address: { allOf: [{ $ref: '#/components/schemas/Address' }], description: 'Where.' },
          portfolio: { allOf: [{ $ref: '#/components/schemas/Address' }], nullable: true, readOnly: true },
        },
      },
      Address: { type: 'object', properties: { line: { type: 'string' } } },
    });
    expect(defs['Account']?.['properties']).toEqual({
      address: { $ref: '#/$defs/Address', description: 'Where.' },
      portfolio: {
        type: ['object', 'null'],
        properties: { line: { type: 'string' } },
        readOnly: true,
        'x-ref': 'Address',
      },
    });
    expect(Object.keys(defs)).toEqual(['Account', 'Address']);
  });

  it('keeps x- keys, formats DRF uses, and moves storage formats and 3.0 exclusive bounds', () => {
    const rule = { name: 'Validate', description: 'Checks.', possible_errors: ['bad'] };
    const defs = defsOf({
      Account: {
        type: 'object',
        properties: {
          amount: {
            type: 'string',
            format: 'decimal',
            pattern: '^-?\\d{0,8}(?:\\.\\d{0,2})?$',
            'x-validators': [rule],
          },
          count: { type: 'integer', format: 'int64', minimum: 0, exclusiveMinimum: true },
          day: { type: 'string', format: 'date', example: '2024-01-01' },
        },
        required: ['amount', 'ghost'],
        'x-validators': [rule],
      },
    });
    expect(defs['Account']).toEqual({
      type: 'object',
      properties: {
        amount: { type: 'string', format: 'decimal', pattern: '^-?\\d{0,8}(?:\\.\\d{0,2})?$', 'x-validators': [rule] },
        count: { type: 'integer', 'x-openapi-format': 'int64', exclusiveMinimum: 0 },
        day: { type: 'string', format: 'date', examples: ['2024-01-01'] },
      },
      required: ['amount', 'ghost'],
      'x-validators': [rule],
    });
  });

  it('leaves readOnly fields out of required (they are required in responses only)', () => {
    const defs = defsOf({
      Account: {
        type: 'object',
        properties: { id: { type: 'integer', readOnly: true }, a: {} },
        required: ['id', 'a'],
      },
    });
    expect(defs['Account']?.['required']).toEqual(['a']);
  });

  it('picks a polymorphic branch by a payload field, and by an unset import supplier setting otherwise', () => {
    const document = convertOpenApi(
      tenantDocument({
        Account: {
          type: 'object',
          properties: {
            points: { type: 'array', items: { $ref: '#/components/schemas/Point' } },
            options: { $ref: '#/components/schemas/Options' },
          },
        },
        Point: {
          oneOf: [{ $ref: '#/components/schemas/Gas' }, { $ref: '#/components/schemas/Power' }],
          discriminator: {
            propertyName: 'supply_type',
            mapping: { GAS: '#/components/schemas/Gas', POWER: '#/components/schemas/Power' },
          },
        },
        Gas: {
          type: 'object',
          properties: { supply_type: { type: 'string' }, mprn: { type: 'string' } },
          required: ['mprn'],
        },
        Power: { type: 'object', properties: { supply_type: { type: 'string' }, nmi: { type: 'integer' } } },
        Options: {
          oneOf: [{ $ref: '#/components/schemas/Lax' }, { $ref: '#/components/schemas/Strict' }],
          discriminator: {
            propertyName: 'enforce_strict',
            mapping: { '': '#/components/schemas/Lax', true: '#/components/schemas/Strict' },
          },
        },
        Lax: { type: 'object', properties: { day: { type: 'integer' } } },
        Strict: { type: 'object', properties: { day: { type: 'integer' } }, required: ['day'] },
      }),
    );
    const defs = document['$defs'] as Record<string, JsonObject>;
    expect(defs['Point']).toEqual({
      type: 'object',
      required: ['supply_type'],
      properties: { supply_type: { enum: ['GAS', 'POWER'] } },
      allOf: [
        {
          if: { properties: { supply_type: { const: 'GAS' } }, required: ['supply_type'] },
          then: { $ref: '#/$defs/Gas' },
        },
        {
          if: { properties: { supply_type: { const: 'POWER' } }, required: ['supply_type'] },
          then: { $ref: '#/$defs/Power' },
        },
      ],
      'x-discriminator': { propertyName: 'supply_type', mapping: { GAS: '#/$defs/Gas', POWER: '#/$defs/Power' } },
    });
    // The setting is not in the payload: the branch of an unset setting (Lax) applies.
    expect(defs['Options']).toEqual({
      $ref: '#/$defs/Lax',
      'x-discriminator': {
        propertyName: 'enforce_strict',
        mapping: { '': '#/$defs/Lax', true: '#/$defs/Strict' },
        setting: true,
      },
    });
    const schema = { document, source: 'test', checksum: 'polymorphic', title: 'test' };
    const validate = createAccountValidator(resolveTenantRules(undefined, true), () => new Date(), schema);
    expect(
      validate({
        points: [
          { supply_type: 'GAS', mprn: 'M1' },
          { supply_type: 'POWER', nmi: 5 },
        ],
      }),
    ).toEqual([]);
    expect(validate({ points: [{ supply_type: 'STEAM' }] }).map((error) => `${error.attr} ${error.code}`)).toEqual([
      'points.0.supply_type invalid_choice',
    ]);
    expect(validate({ points: [{}] }).map((error) => `${error.attr} ${error.code}`)).toEqual([
      'points.0.supply_type required',
    ]);
  });

  it('refuses a document without the v2 create operation, saying so', () => {
    const document = tenantDocument({ Account: { type: 'object' } });
    document['paths'] = {};
    expect(() => convertOpenApi(document)).toThrow('no POST /v2/data-import/accounts/');
  });
});

describe('loadAccountSchema', () => {
  const document = tenantDocument({
    Account: { type: 'object', properties: { name: { type: 'string', maxLength: 3 } }, required: ['name'] },
  });

  it('reads an OpenAPI document in YAML once, then from its converted copy', () => {
    const path = join(dir, 'tenant.yaml');
    writeFileSync(path, `# published\n${JSON.stringify(document, null, 2)}\n`);
    const first = loadAccountSchema(path);
    expect(first.title).toBe('Tenant v1');
    expect(existsSync(`${path}.converted.json`)).toBe(true);
    const cached = JSON.parse(readFileSync(`${path}.converted.json`, 'utf8')) as JsonObject;
    expect(cached['checksum']).toBe(first.checksum);
    expect(cached['document']).toEqual(first.document);
  });

  it('takes a plain JSON Schema as it is', () => {
    const path = join(dir, 'account.schema.json');
    writeFileSync(path, JSON.stringify({ title: 'Mine', type: 'object', required: ['x'] }));
    const schema = loadAccountSchema(path);
    expect(schema).toMatchObject({ title: 'Mine', source: path, document: { required: ['x'] } });
    expect(existsSync(`${path}.converted.json`)).toBe(false);
  });

  it.each([
    ['a missing file', 'missing.yaml', undefined, /cannot read schema file .*missing\.yaml: ENOENT/],
    ['broken YAML', 'broken.yaml', 'openapi: [\n', /broken\.yaml line \d+: not valid YAML/],
    ['broken JSON', 'broken.json', '{"openapi": ', /broken\.json: not valid JSON/],
    ['neither kind of document', 'list.json', '[1, 2]', /list\.json: neither an OpenAPI document nor a JSON Schema/],
    [
      'an OpenAPI document without the create operation',
      'other.json',
      JSON.stringify({ openapi: '3.0.3', paths: {}, components: { schemas: {} } }),
      /other\.json: cannot take the account payload schema from it: no POST/,
    ],
  ])('refuses %s, naming the file', (_name, file, text, message) => {
    const path = join(dir, file);
    if (text !== undefined) writeFileSync(path, text);
    expect(() => loadAccountSchema(path)).toThrow(UsageError);
    expect(() => loadAccountSchema(path)).toThrow(message);
  });
});

describe('the built-in schema', () => {
  it('has the checksum of its file, hashed only when asked for, and a cache key of its own', () => {
    const builtIn = builtInAccountSchema();
    const fileChecksum = createHash('sha256')
      .update(readFileSync(repoPath('schemas/account.schema.json')))
      .digest('hex');
    expect(builtIn.checksum).toBe(fileChecksum);
    expect(schemaKey(builtIn)).toBe('(built-in)');
    const path = join(dir, 'same-as-built-in.json');
    writeFileSync(path, readFileSync(repoPath('schemas/account.schema.json')));
    expect(schemaKey(loadAccountSchema(path))).toBe(fileChecksum);
  });
});

describe('renderOpenApi', () => {
  it('renders the built-in schema as a tenant document that converts back to a schema with the same verdicts', () => {
    const builtIn = builtInAccountSchema();
    const path = join(dir, 'built-in-openapi.json');
    writeFileSync(path, JSON.stringify(renderOpenApi(builtIn.document, builtIn.title)));
    const roundTrip = loadAccountSchema(path);
    expect(roundTrip.document['x-payload-schema']).toBe('Account');
    const rules = resolveTenantRules(undefined);
    const original = createAccountValidator(rules, () => new Date('2026-06-01T00:00:00Z'));
    const converted = createAccountValidator(rules, () => new Date('2026-06-01T00:00:00Z'), roundTrip);
    const broken = seedAccount();
    broken['customers'] = 'nobody';
    delete broken['import_supplier'];
    for (const account of [seedAccount(), broken, {}]) expect(converted(account)).toEqual(original(account));
  });
});

describe('tenant rules under a tenant schema', () => {
  it('default to no region and no lists, keeping what the config file sets', () => {
    expect(resolveTenantRules(undefined, true)).toMatchObject({ region: null, ledgerCodes: null, meterPhases: null });
    expect(resolveTenantRules({ region: 'AU', ledger_codes: ['X'] }, true)).toMatchObject({
      region: 'AU',
      ledgerCodes: ['X'],
      premiseTypes: null,
    });
  });

  it('check no phone numbers or postal codes without a region, and cope with another shape of payload', () => {
    const schema = { document: { type: 'object' }, source: 'any.json', checksum: 'any-object', title: 'any' };
    const validate = createAccountValidator(resolveTenantRules(undefined, true), () => new Date(), schema);
    const account = seedAccount();
    (account['customers'] as JsonObject[])[0]!['mobile'] = 'abcde';
    (account['billing_address'] as JsonObject)['postal_code'] = '2000';
    expect(validate(account)).toEqual([]);
    const odd = {
      customers: [{ mobile: 488008221 }],
      ledgers: 'none',
      supply_addresses: [{ supply_points: {} }],
      notes: [7],
    };
    expect(validate(odd)).toEqual([]);
    const withRegion = createAccountValidator(resolveTenantRules({ region: 'AU' }, true), () => new Date(), schema);
    expect(withRegion(account).map((error) => `${error.attr} ${error.code}`)).toEqual([
      'customers.0.mobile invalid_phone_number',
      'customers.0.alternative_phone_numbers.0.phone_number invalid_phone_number',
    ]);
    const withPattern = createAccountValidator(
      resolveTenantRules({ postal_code_pattern: '^\\d{5}$' }, true),
      () => new Date(),
      schema,
    );
    expect(withPattern(account)).toEqual([
      { code: 'invalid_postcode', attr: 'billing_address.postal_code', detail: '2000 is not a valid postal code.' },
    ]);
  });
});
