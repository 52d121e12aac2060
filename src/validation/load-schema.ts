// Loads the JSON Schemas shipped in schemas/ and compiles each one once with AJV.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { schemaKey, type AccountSchema } from './account-schema.js';
import { packageFile } from '../core/package-files.js';

// ajv-formats is CommonJS with a default export; under NodeNext its default sits one level down.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** Name of a schema file in schemas/. */
export type SchemaName = 'account' | 'config' | 'mapping';

const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
// drf-spectacular's decimal strings (the pattern carries the digits and places); the DRF engine reads them fully.
ajv.addFormat('decimal', true);
ajv.addKeyword('tsType');

const compiled = new Map<SchemaName, ValidateFunction>();
const documents = new Map<SchemaName, unknown>();

/** Returns the parsed JSON of schemas/<name>.schema.json. */
export function schemaDocument(name: SchemaName): unknown {
  let document = documents.get(name);
  if (document === undefined) {
    const url = packageFile(`schemas/${name}.schema.json`);
    document = JSON.parse(readFileSync(url, 'utf8')) as unknown;
    documents.set(name, document);
  }
  return document;
}

/** Returns the compiled validator of a schema, compiling it on first use only. */
export function compiledSchema(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (validate === undefined) {
    validate = ajv.compile(schemaDocument(name) as object);
    compiled.set(name, validate);
  }
  return validate;
}

const accountValidators = new Map<string, ValidateFunction>();

/** Runs an account payload schema (compiled once per checksum) and returns AJV's raw errors (empty when valid). */
export function accountSchemaErrors(schema: AccountSchema, data: unknown): ErrorObject[] {
  const key = schemaKey(schema);
  let validate = accountValidators.get(key);
  if (validate === undefined) {
    validate = schema.source === 'built-in' ? compiledSchema('account') : ajv.compile(schema.document);
    accountValidators.set(key, validate);
  }
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

/** Runs a schema and returns AJV's raw errors (empty when valid). */
export function schemaErrors(name: SchemaName, data: unknown): ErrorObject[] {
  const validate = compiledSchema(name);
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
