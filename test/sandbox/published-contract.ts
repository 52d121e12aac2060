// The tenant's published OpenAPI document, cut to the three v2 account operations, as openapi-backend validates them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parse } from 'yaml';
import { isJsonObject, type JsonObject } from '../../src/core/json.js';

/** A real tenant's published document (Origin's `/data-import/schema/`), kept as published. */
export const publishedDocumentPath = fileURLToPath(new URL('fixtures/origin-data-import.yml', import.meta.url));

const accountPaths = [
  '/v2/data-import/accounts/',
  '/v2/data-import/accounts/validate/',
  '/v2/data-import/accounts/{import_supplier_code}/{external_identifier}/',
];

/** The tenant's account payload, which is tenant-specific and not checked here: any object. */
const payloadSchemaName = 'OriginAccount';

/** Returns a copy of a value without the `examples` of media types (large, and not part of the contract). */
function withoutExamples(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutExamples);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'examples' && key !== 'example')
      .map(([key, child]) => [key, withoutExamples(child)]),
  );
}

/**
 * Rewrites OpenAPI 3.0's `nullable` beside `allOf` (no `type`), which AJV refuses, as `anyOf: [schema, null]`, its
 * meaning under the 3.0.3 clarification.
 */
function withExplicitNull(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withExplicitNull);
  if (!isJsonObject(value)) return value;
  const copy = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, withExplicitNull(child)]));
  if (copy['nullable'] !== true || 'type' in copy) return copy;
  const { description, ...rest } = copy;
  delete rest['nullable'];
  return { anyOf: [rest, { type: 'null' }], ...(description === undefined ? {} : { description }) };
}

/** Names every `#/components/schemas/X` a value refers to. */
function referencedSchemas(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) referencedSchemas(item, into);
  if (!isJsonObject(value)) return;
  const ref = value['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) into.add(ref.slice(21));
  for (const child of Object.values(value)) referencedSchemas(child, into);
}

/** The schemas reachable from `roots`, the payload replaced by `{type: object}`. */
function reachableSchemas(all: JsonObject, roots: unknown): JsonObject {
  const names = new Set<string>();
  referencedSchemas(roots, names);
  const kept: JsonObject = {};
  for (const name of names) {
    if (name in kept) continue;
    const schema = name === payloadSchemaName ? { type: 'object' } : all[name];
    if (schema === undefined) throw new Error(`the published document has no schema ${name}`);
    kept[name] = schema;
    referencedSchemas(schema, names); // a Set visits what is added while iterating
  }
  return kept;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
});

/**
 * Where the seed guide (and the API notes of the built-in tenant) win over the published document: the create's
 * 400 bodies are those of its own examples (failed validation, already imported), not the errors list its schema
 * requires; 401, 403 and 429 (documented by the guide and the API notes, absent from the document) are ErrorResponse.
 */
function applySeedGuide(paths: JsonObject, schemas: JsonObject): void {
  schemas['ImportProcessFailedValidation'] = {
    type: 'object',
    properties: { code: { type: 'string' }, detail: { type: 'string' }, domain: { type: 'string' } },
    required: ['code', 'detail', 'domain'],
  };
  schemas['AccountImportProcessAlreadyImported'] = {
    type: 'object',
    properties: {
      non_field_errors: { $ref: '#/components/schemas/ErrorResponse' },
      account_id: { type: 'string' },
    },
    required: ['non_field_errors', 'account_id'],
  };
  const create = (paths['/v2/data-import/accounts/'] as { post: { responses: JsonObject } }).post;
  create.responses['400'] = {
    description: 'Validation errors: the wrapper, the account (failed validation) or an account already imported.',
    content: {
      'application/json': {
        schema: {
          anyOf: [
            'StandardizedValidationErrorResponse',
            'ImportProcessFailedValidation',
            'AccountImportProcessAlreadyImported',
          ].map((name) => ({ $ref: `#/components/schemas/${name}` })),
        },
      },
    },
  };
  for (const item of Object.values(paths) as Record<string, { responses: JsonObject }>[])
    for (const operation of Object.values(item)) {
      operation.responses['401'] = errorResponse('Missing or wrong credentials.');
      operation.responses['403'] = errorResponse('Credentials without permission.');
      operation.responses['429'] = errorResponse('Too many requests.');
    }
}

/** Builds the cut document: the three account operations, their schemas, the payload left open, the seed guide's fixes. */
export function accountContract(): JsonObject {
  const full = parse(readFileSync(publishedDocumentPath, 'utf8')) as JsonObject & {
    paths: JsonObject;
    components: { schemas: JsonObject; securitySchemes: JsonObject };
  };
  const paths = withoutExamples(Object.fromEntries(accountPaths.map((path) => [path, full.paths[path]]))) as JsonObject;
  const schemas = withExplicitNull(reachableSchemas(full.components.schemas, paths)) as JsonObject;
  schemas['ErrorResponse'] = full.components.schemas['ErrorResponse'];
  applySeedGuide(paths, schemas);
  return {
    openapi: '3.0.3',
    info: { title: 'account import (cut from the published document)', version: '1' },
    paths,
    components: { schemas, securitySchemes: full.components.securitySchemes },
  };
}

/** One request and its answer, as sent and received on the wire. */
export interface Exchange {
  method: string;
  path: string;
  requestHeaders: Record<string, string | string[] | undefined>;
  requestBody: string;
  status: number;
  responseHeaders: Record<string, string | string[] | undefined>;
  responseBody: string;
}

/**
 * Checks exchanges against the cut document with openapi-backend. The library (CommonJS) requires an ES module, which
 * Node 20.19+ does and Jest's module registry does not, so it runs in a worker thread, in plain Node.
 */
export class ContractChecker {
  private constructor(private readonly worker: Worker) {}

  /** Starts the worker and compiles the cut document there. */
  static async load(): Promise<ContractChecker> {
    const worker = new Worker(new URL('contract-worker.mjs', import.meta.url), {
      workerData: { definition: accountContract() },
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => {
        resolve();
      });
      worker.once('error', reject);
    });
    return new ContractChecker(worker);
  }

  /** The breaches of exchanges, one line each (empty when all conform). */
  check(exchanges: readonly Exchange[]): Promise<string[]> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (breaches: string[]) => {
        resolve(breaches);
      });
      this.worker.once('error', reject);
      this.worker.postMessage(exchanges);
    });
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
