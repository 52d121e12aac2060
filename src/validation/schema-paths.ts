// Answers "what type does the account schema want at this attr path?", which the CSV reader needs to convert cells.
import { schemaDocument } from './load-schema.js';
import { isJsonObject, type JsonObject } from '../core/json.js';

/** The JSON type wanted at a path; `any` where the schema accepts any value. */
export type PathType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'any';

/** Segments that would reach an object's prototype if used as keys. */
export const forbiddenSegments: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function resolve(node: JsonObject, root: JsonObject): JsonObject {
  const ref = node['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return node;
  const defs = root['$defs'];
  const name = ref.slice('#/$defs/'.length);
  const target = isJsonObject(defs) && Object.hasOwn(defs, name) ? defs[name] : undefined;
  return isJsonObject(target) ? resolve(target, root) : node;
}

function typeOf(node: JsonObject): PathType {
  const type = node['type'];
  if (typeof type === 'string') return type as PathType;
  if (Array.isArray(node['enum'])) return 'string';
  return 'any';
}

/** Returns the type the account schema wants at a dotted path, or undefined when no such path exists. */
export function schemaTypeAt(attr: string): PathType | undefined {
  const root = schemaDocument('account') as JsonObject;
  let node = resolve(root, root);
  for (const segment of attr.split('.')) {
    const type = typeOf(node);
    if (type === 'any') return 'any';
    if (type === 'array' && /^\d+$/.test(segment)) {
      const items = node['items'];
      if (!isJsonObject(items)) return undefined;
      node = resolve(items, root);
    } else if (type === 'object') {
      const properties = node['properties'];
      // Own keys only: "toString" or "constructor" must not find Object.prototype's members.
      if (!isJsonObject(properties) || !Object.hasOwn(properties, segment)) return undefined;
      const child = properties[segment];
      if (!isJsonObject(child)) return undefined;
      node = resolve(child, root);
    } else {
      return undefined;
    }
  }
  return typeOf(node);
}
