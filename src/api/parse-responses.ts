// Turns the API's answers into typed results, flattening both error forms to {code, attr, detail}.
import type { FieldError } from '../core/field-error.js';
import { isJsonObject, type JsonObject } from '../core/json.js';

/** An import's status object, as the status endpoint returns it. */
export interface ImportStatus {
  status: string;
  kraken_identifier: string | null;
  created_at?: string;
  modified_at?: string;
  latest_event?: { event: string; occurred_at: string; data: unknown } | null;
  latest_error: { code: string; detail: string; domain?: string } | null;
}

/** Terminal statuses in which the import did not succeed. */
export const failedStatuses: ReadonlySet<string> = new Set(['ERRORED', 'CANCELLED', 'DRY_RUN_ERRORED']);

/** Statuses after which an import changes no more. */
export const terminalStatuses: ReadonlySet<string> = new Set([
  'PROCESSED',
  'ERRORED',
  'CANCELLED',
  'DRY_RUN_SUCCEEDED',
  'DRY_RUN_ERRORED',
]);

function flattenNested(value: unknown, attr: string, into: FieldError[]): void {
  if (typeof value === 'string') {
    into.push(attr === '' ? { code: 'invalid', detail: value } : { code: 'invalid', attr, detail: value });
  } else if (Array.isArray(value)) {
    for (const item of value) {
      if (isJsonObject(item) && typeof item['detail'] === 'string') {
        const code = typeof item['code'] === 'string' ? item['code'] : 'invalid';
        into.push(attr === '' ? { code, detail: item['detail'] } : { code, attr, detail: item['detail'] });
      } else {
        flattenNested(item, attr, into);
      }
    }
  } else if (isJsonObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      flattenNested(child, key === 'non_field_errors' ? attr : attr === '' ? key : `${attr}.${key}`, into);
    }
  }
}

/** Returns the errors of a 400 body: the standardized `errors` list, else the raw nested form, else its detail. */
export function flattenErrors(body: unknown): FieldError[] {
  if (!isJsonObject(body)) return [{ code: 'invalid', detail: 'The API answered with an error and no details.' }];
  const list = body['errors'];
  if (Array.isArray(list)) {
    return list.filter(isJsonObject).map((item) => {
      const error: FieldError = {
        code: typeof item['code'] === 'string' ? item['code'] : 'invalid',
        detail: typeof item['detail'] === 'string' ? item['detail'] : JSON.stringify(item),
      };
      if (typeof item['attr'] === 'string' && item['attr'] !== '') error.attr = item['attr'];
      return error;
    });
  }
  const nested: JsonObject = { ...body };
  const code = typeof body['code'] === 'string' ? body['code'] : undefined;
  const detail = typeof body['detail'] === 'string' ? body['detail'] : undefined;
  delete nested['code'];
  delete nested['detail'];
  delete nested['domain'];
  const errors: FieldError[] = [];
  flattenNested(nested, '', errors);
  if (errors.length === 0 && detail !== undefined) errors.push({ code: code ?? 'invalid', detail });
  return errors;
}

/** A scalar from an answer as text; `fallback` when it is missing or not a scalar. */
function textOf(value: unknown, fallback: string): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : fallback;
}

/** Reads a status object, or undefined when the body is not one. */
export function parseStatusBody(body: unknown): ImportStatus | undefined {
  if (!isJsonObject(body) || typeof body['status'] !== 'string') return undefined;
  const latestError = body['latest_error'];
  return {
    ...(body as unknown as ImportStatus),
    kraken_identifier: typeof body['kraken_identifier'] === 'string' ? body['kraken_identifier'] : null,
    latest_error: isJsonObject(latestError)
      ? {
          code: textOf(latestError['code'], 'errored'),
          detail: textOf(latestError['detail'], ''),
          domain: textOf(latestError['domain'], ''),
        }
      : null,
  };
}

/** Reads the already-imported answer of create: the existing account's number and the detail. */
export function parseAlreadyImported(body: unknown): { accountId: string | null; detail: string } | undefined {
  if (!isJsonObject(body)) return undefined;
  const nonField = body['non_field_errors'];
  const entries = Array.isArray(nonField) ? nonField : [nonField];
  for (const entry of entries) {
    if (isJsonObject(entry) && entry['code'] === 'account_import_process_already_imported') {
      return {
        accountId: typeof body['account_id'] === 'string' ? body['account_id'] : null,
        detail: typeof entry['detail'] === 'string' ? entry['detail'] : 'The account has already been imported.',
      };
    }
  }
  return undefined;
}
