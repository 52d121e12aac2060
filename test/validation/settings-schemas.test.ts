// The config and mapping schemas compiled ahead of time give exactly the errors AJV's run-time compiler gives.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { settingsSchemaErrors, type SettingsSchemaName } from '../../src/validation/settings-schemas.js';

const documents: [SettingsSchemaName, unknown][] = [
  ['config', {}],
  ['config', { concurrency: 4, tenant: { ledger_codes: ['A'] } }],
  ['config', { concurency: 8, concurrency: 'eight', import_supplier: '', auth: 'basic', tenant: { ledger_code: 1 } }],
  ['config', { rate: -1, wait_timeout: 'soon', encoding: 'ebcdic', tenant: { meter_phases: [1, 2] } }],
  ['config', []],
  ['mapping', { columns: { 'Account No': 'external_account_number' }, ignore: ['Notes'] }],
  ['mapping', { columns: { a: 1 }, constants: [], values: { x: { y: {} } }, extra: true }],
  ['mapping', 'columns'],
];

// Compiled the way scripts/compile-schemas.mjs compiles them, but at run time.
const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
ajv.addKeyword('tsType');
function schemaErrors(name: SettingsSchemaName, data: unknown): unknown[] {
  const schema = JSON.parse(
    readFileSync(new URL(`../../schemas/${name}.schema.json`, import.meta.url), 'utf8'),
  ) as object;
  const validate = ajv.getSchema(name) ?? ajv.addSchema(schema, name).getSchema(name);
  if (validate === undefined) throw new Error(`${name} did not compile`);
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

describe('settingsSchemaErrors', () => {
  it.each(documents)('%s %j: the same errors as compiling the schema at run time', (name, document) => {
    expect(settingsSchemaErrors(name, document)).toEqual(schemaErrors(name, document));
  });

  it('finds errors in a bad document and none in a good one', () => {
    expect(settingsSchemaErrors('config', { concurrency: 'eight' }).length).toBeGreaterThan(0);
    expect(settingsSchemaErrors('config', { concurrency: 8 })).toEqual([]);
  });
});
