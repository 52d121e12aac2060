// The account payload schema a run checks against: the built-in one (schemas/account.schema.json) or a tenant's own.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import type * as YamlModule from 'yaml';
import { UsageError } from '../core/errors.js';
import { isJsonObject, type JsonObject } from '../core/json.js';
import { convertOpenApi, isOpenApiDocument, openApiTitle } from './openapi-schema.js';
import { packageFile, siblingModule } from '../core/package-files.js';

/**
 * An account payload schema in the tool's one internal form: JSON Schema 2020-12 with `$defs` and local `$ref`s,
 * nullable fields as `type: [T, 'null']`, and the formats DRF fields map to (`date`, `date-time`, `email`,
 * `decimal` with a drf-spectacular `pattern` giving max_digits/decimal_places). Tenant documents (OpenAPI 3.0)
 * are converted into this form when loaded.
 */
export interface AccountSchema {
  /** The JSON Schema of one account payload (the `payload` of the v2 create operation). */
  readonly document: JsonObject;
  /** `built-in`, or the path of the file it was read from. */
  readonly source: string;
  /** SHA-256 (hex) of the file's bytes. */
  readonly checksum: string;
  /** A name to show people (the document's title). */
  readonly title: string;
}

let builtIn: AccountSchema | undefined;

/** The built-in (US, seed guide) account schema. */
export function builtInAccountSchema(): AccountSchema {
  if (builtIn === undefined) {
    const bytes = readFileSync(packageFile('schemas/account.schema.json'));
    const document = JSON.parse(bytes.toString('utf8')) as JsonObject;
    let checksum: string | undefined;
    builtIn = {
      document,
      source: 'built-in',
      // Hashed when first asked for (a manifest, `schema show`): loading node:crypto is about 10 ms of a short run.
      get checksum() {
        checksum ??= sha256(bytes);
        return checksum;
      },
      title: typeof document['title'] === 'string' ? document['title'] : 'Account',
    };
  }
  return builtIn;
}

/** Tells schemas apart for the caches of compiled checks: the checksum, without hashing the built-in schema. */
export function schemaKey(schema: AccountSchema): string {
  return schema === builtIn ? '(built-in)' : schema.checksum;
}

/** Tells whether a schema is a tenant's own (loaded from a file) rather than the built-in one. */
export function isTenantSchema(schema: AccountSchema): boolean {
  return schema.source !== 'built-in';
}

/** Bumped whenever the conversion changes, so that converted copies cached on disk are made again. */
const converterVersion = 1;

/** What `<file>.converted.json` holds: the conversion of one exact file, to skip YAML parsing next time. */
interface ConvertedCache {
  converter: number;
  checksum: string;
  title: string;
  document: JsonObject;
}

const loaded = new Map<string, AccountSchema>();

/** The SHA-256 (hex) of some bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// The YAML parser is loaded only for a YAML document (its CJS build, so that parsing stays synchronous): a run on the
// built-in schema, or on a tenant file already converted, starts without it.
const require = createRequire(import.meta.url);

/** Parses a JSON or YAML document; throws UsageError naming the file and line. */
export function parseSchemaText(text: string, path: string): unknown {
  if (/^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new UsageError(`${path}: not valid JSON: ${(error as Error).message}`);
    }
  }
  const { parseDocument } = require('yaml') as typeof YamlModule;
  const document = parseDocument(text, { uniqueKeys: false });
  const first = document.errors[0];
  if (first !== undefined) {
    const where = first.linePos?.[0] ? ` line ${first.linePos[0].line}` : '';
    throw new UsageError(`${path}${where}: not valid YAML: ${first.message.split('\n')[0] ?? ''}`);
  }
  return document.toJS({ maxAliasCount: 10_000 }) as unknown;
}

function convertedCachePath(path: string): string {
  return `${path}.converted.json`;
}

function readConvertedCache(path: string, checksum: string): ConvertedCache | undefined {
  try {
    const cache = JSON.parse(readFileSync(convertedCachePath(path), 'utf8')) as Partial<ConvertedCache>;
    if (cache.converter !== converterVersion || cache.checksum !== checksum) return undefined;
    if (!isJsonObject(cache.document) || typeof cache.title !== 'string') return undefined;
    return cache as ConvertedCache;
  } catch {
    return undefined;
  }
}

/** The schema a converted copy beside the file holds, when the copy was made from these very bytes. */
function cachedSchema(path: string, checksum: string): AccountSchema | undefined {
  const cache = readConvertedCache(path, checksum);
  return cache === undefined ? undefined : { document: cache.document, source: path, checksum, title: cache.title };
}

/** Keeps the conversion next to the file (best effort: a read-only folder only costs the next run its parse time). */
function writeConvertedCache(path: string, cache: ConvertedCache): void {
  const target = convertedCachePath(path);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify(cache));
    renameSync(temporary, target);
  } catch {
    // Not writable: nothing is lost but time.
  }
}

/** Converts a parsed document (OpenAPI or JSON Schema) into the internal form; throws UsageError naming the file. */
export function accountSchemaFromDocument(
  parsed: unknown,
  path: string,
  checksum: string,
): { schema: AccountSchema; converted: boolean } {
  if (isOpenApiDocument(parsed)) {
    try {
      const document = convertOpenApi(parsed);
      return { schema: { document, source: path, checksum, title: openApiTitle(parsed) }, converted: true };
    } catch (error) {
      throw new UsageError(`${path}: cannot take the account payload schema from it: ${(error as Error).message}`);
    }
  }
  if (!isJsonObject(parsed) || (parsed['type'] === undefined && parsed['$ref'] === undefined)) {
    throw new UsageError(`${path}: neither an OpenAPI document nor a JSON Schema of an account payload`);
  }
  const title = typeof parsed['title'] === 'string' ? parsed['title'] : basename(path);
  return { schema: { document: parsed, source: path, checksum, title }, converted: false };
}

/**
 * Loads a tenant's schema file: an OpenAPI document (YAML or JSON, such as one saved by `schema pull`) whose v2
 * create payload is converted, or a plain JSON Schema. Loaded once per content; an OpenAPI conversion is kept in
 * `<file>.converted.json` so that later runs and worker threads skip the YAML parse.
 */
export function loadAccountSchema(path: string): AccountSchema {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read schema file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const checksum = sha256(bytes);
  const known = loaded.get(checksum);
  if (known !== undefined) return known.source === path ? known : { ...known, source: path };
  let schema = cachedSchema(path, checksum);
  if (schema === undefined) {
    const { schema: fresh, converted } = accountSchemaFromDocument(
      parseSchemaText(bytes.toString('utf8'), path),
      path,
      checksum,
    );
    schema = fresh;
    if (converted) {
      writeConvertedCache(path, {
        converter: converterVersion,
        checksum,
        title: schema.title,
        document: schema.document,
      });
    }
  }
  loaded.set(checksum, schema);
  return schema;
}

/** What convert-schema-worker.ts sends back: the converted schema, or the message of the error that stopped it. */
export type ConvertSchemaAnswer = { schema: AccountSchema } | { error: string };

/**
 * Loads a tenant's schema file on a worker thread when it needs parsing (YAML, no converted copy yet), so that the
 * parser's memory is freed with the thread rather than added to the run's peak; the sync `loadAccountSchema` then
 * finds it loaded. Anything the worker cannot do (no worker file beside this module, a broken schema) is left to
 * `loadAccountSchema`, which reports it.
 */
export async function loadAccountSchemaAside(path: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return;
  }
  const checksum = sha256(bytes);
  if (loaded.has(checksum)) return;
  // A converted copy is read once, here: the sync load then finds the schema loaded.
  const cached = cachedSchema(path, checksum);
  if (cached !== undefined) {
    loaded.set(checksum, cached);
    return;
  }
  if (/^\s*[[{]/.test(bytes.subarray(0, 64).toString('utf8'))) return;
  const { Worker } = require('node:worker_threads') as typeof WorkerThreads;
  const answer = await new Promise<ConvertSchemaAnswer | undefined>((resolve) => {
    let worker: InstanceType<typeof Worker>;
    try {
      worker = new Worker(siblingModule('convert-schema-worker', import.meta.url), { workerData: { path } });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (message: ConvertSchemaAnswer) => {
      resolve(message);
    });
    worker.once('error', () => {
      resolve(undefined);
    });
    worker.once('exit', () => {
      resolve(undefined);
    });
  });
  if (answer !== undefined && 'schema' in answer && answer.schema.checksum === checksum) {
    loaded.set(checksum, answer.schema);
  }
}

/** Keeps a schema just converted from a file's bytes (as `schema pull` does), so that runs reading it skip the parse. */
export function rememberConversion(schema: AccountSchema): void {
  loaded.set(schema.checksum, schema);
  writeConvertedCache(schema.source, {
    converter: converterVersion,
    checksum: schema.checksum,
    title: schema.title,
    document: schema.document,
  });
}

/** The built-in schema, or the tenant's file when a path is given. */
export function accountSchemaAt(path: string | undefined): AccountSchema {
  return path === undefined ? builtInAccountSchema() : loadAccountSchema(path);
}
