// The account payload schema a run checks against: the built-in one (schemas/account.schema.json) or a tenant's own.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../core/json.js';

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
    const bytes = readFileSync(new URL('../../schemas/account.schema.json', import.meta.url));
    const document = JSON.parse(bytes.toString('utf8')) as JsonObject;
    builtIn = {
      document,
      source: 'built-in',
      checksum: createHash('sha256').update(bytes).digest('hex'),
      title: typeof document['title'] === 'string' ? document['title'] : 'Account',
    };
  }
  return builtIn;
}
