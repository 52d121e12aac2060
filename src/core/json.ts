// Small readers for walking a payload that has not yet been proven to match the schema.

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/**
 * An account as JSON text, serialized once when it is checked: what validate and create send. A record waiting for
 * its requests holds this one string instead of the parsed tree of objects (about a thousand for a 13 kB account),
 * which V8's young-generation collections copied, and promoted to the old generation, for as long as it waited.
 */
export type AccountJson = string & { readonly accountJson: unique symbol };

/** Serializes an account for the API. */
export function serializeAccount(account: JsonObject): AccountJson {
  return JSON.stringify(account) as AccountJson;
}

/** Tells whether a value is a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object item of a list in a payload, with its attr path (`customers.0`). */
export interface ObjectItem {
  readonly item: JsonObject;
  readonly attr: string;
}

const noItems: readonly ObjectItem[] = [];

/**
 * Each object item of `parent[key]` (when it is a list) with its attr path. A list, not a generator: the business
 * rules walk every transaction of every account with it, and a generator's state costs more than the list. Objects,
 * not [item, attr] pairs: taking a pair apart in a loop goes through the iterator protocol, which made V8 spend 35-110 ms
 * optimizing each business-rule function (410-490 against 850 ms of optimizing for one thread's whole run).
 */
export function objectItems(parent: unknown, key: string, base: string): readonly ObjectItem[] {
  if (!isJsonObject(parent)) return noItems;
  const list = parent[key];
  if (!Array.isArray(list) || list.length === 0) return noItems;
  const prefix = base === '' ? key : `${base}.${key}`;
  const items: ObjectItem[] = [];
  for (let index = 0; index < list.length; index += 1) {
    const item: unknown = list[index];
    if (isJsonObject(item)) items.push({ item, attr: `${prefix}.${index}` });
  }
  return items;
}

/** Returns `parent[key]` when it is a string, otherwise undefined. */
export function stringField(parent: unknown, key: string): string | undefined {
  if (!isJsonObject(parent)) return undefined;
  const value = parent[key];
  return typeof value === 'string' ? value : undefined;
}

/** Returns `parent[key]` when it is an object, otherwise undefined. */
export function objectField(parent: unknown, key: string): JsonObject | undefined {
  if (!isJsonObject(parent)) return undefined;
  const value = parent[key];
  return isJsonObject(value) ? value : undefined;
}
