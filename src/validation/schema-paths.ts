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
  const target = (root['$defs'] as JsonObject | undefined)?.[ref.slice('#/$defs/'.length)];
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
      const child = (node['properties'] as JsonObject | undefined)?.[segment];
      if (!isJsonObject(child)) return undefined;
      node = resolve(child, root);
    } else {
      return undefined;
    }
  }
  return typeOf(node);
}
