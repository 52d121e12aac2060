// Answers "what does the account schema say at this attr path?": the CSV reader's cell types and `schema show`.
import { isJsonObject, type JsonObject } from '../core/json.js';
import type { AccountSchema } from './account-schema.js';

/** The JSON type wanted at a path; `any` where the schema accepts any value. */
export type PathType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'any';

/** Segments that would reach an object's prototype if used as keys. */
export const forbiddenSegments: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Follows `$ref`s to the schema they name (siblings of a `$ref` are annotations). */
export function resolveRef(node: JsonObject, root: JsonObject, depth = 0): JsonObject {
  const ref = node['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/') || depth > 32) return node;
  const defs = root['$defs'];
  const name = ref.slice('#/$defs/'.length).replace(/~1/g, '/').replace(/~0/g, '~');
  const target = isJsonObject(defs) && Object.hasOwn(defs, name) ? defs[name] : undefined;
  return isJsonObject(target) ? resolveRef(target, root, depth + 1) : node;
}

/** The schemas a value must also match: `allOf` members, `then` branches of a discriminator, a non-null `anyOf`. */
export function variantsOf(node: JsonObject, root: JsonObject): JsonObject[] {
  const variants: JsonObject[] = [];
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (!Array.isArray(list)) continue;
    for (const member of list) {
      if (!isJsonObject(member)) continue;
      const branch = isJsonObject(member['then']) ? member['then'] : member;
      if (branch['type'] === 'null') continue;
      variants.push(resolveRef(branch, root));
    }
  }
  return variants;
}

/** The types a schema allows, null left out (`type: ['string', 'null']` is a nullable string). */
export function typesOf(node: JsonObject, root: JsonObject): string[] {
  const type = node['type'];
  const types = typeof type === 'string' ? [type] : Array.isArray(type) ? type.map(String) : [];
  if (types.length === 0) {
    for (const variant of variantsOf(node, root)) types.push(...typesOf(variant, root));
  }
  return [...new Set(types.filter((name) => name !== 'null'))];
}

function pathType(node: JsonObject, root: JsonObject): PathType {
  const types = typesOf(node, root);
  if (types.length === 1) return types[0] as PathType;
  if (types.length === 0 && Array.isArray(node['enum'])) {
    return node['enum'].every((value) => typeof value === 'string' || value === null) ? 'string' : 'any';
  }
  return 'any';
}

/** The schemas of a property of an object schema, from its own properties and from each of its variants. */
export function propertySchemas(node: JsonObject, root: JsonObject, name: string): JsonObject[] {
  const found: JsonObject[] = [];
  const visit = (candidate: JsonObject, depth: number): void => {
    const properties = candidate['properties'];
    // Own keys only: "toString" or "constructor" must not find Object.prototype's members.
    if (isJsonObject(properties) && Object.hasOwn(properties, name) && isJsonObject(properties[name])) {
      found.push(resolveRef(properties[name], root));
    } else if (isJsonObject(candidate['additionalProperties'])) {
      found.push(resolveRef(candidate['additionalProperties'], root));
    }
    if (depth < 8) for (const variant of variantsOf(candidate, root)) visit(variant, depth + 1);
  };
  visit(node, 0);
  // A discriminator's own `{enum}` is narrower than the branches' field: the branches say what the field is.
  return found.length > 1
    ? found.filter((schema) => schema['type'] !== undefined || schema['$ref'] !== undefined)
    : found;
}

/** The schema of a list's items, or undefined when the node is no list. */
export function itemSchema(node: JsonObject, root: JsonObject): JsonObject | undefined {
  if (!typesOf(node, root).includes('array')) return undefined;
  for (const candidate of [node, ...variantsOf(node, root)]) {
    if (isJsonObject(candidate['items'])) return resolveRef(candidate['items'], root);
  }
  return undefined;
}

/** The schemas found at a dotted path (`supply_addresses.0.supply_points`, `*` for any list index); empty when none. */
export function schemasAt(schema: AccountSchema, attr: string): JsonObject[] {
  const root = schema.document;
  let nodes = [resolveRef(root, root)];
  for (const segment of attr === '' ? [] : attr.split('.')) {
    const next: JsonObject[] = [];
    for (const node of nodes) {
      if (/^(\d+|\*)$/.test(segment)) {
        const items = itemSchema(node, root);
        if (items !== undefined) next.push(items);
      } else {
        next.push(...propertySchemas(node, root, segment));
      }
    }
    nodes = next;
    if (nodes.length === 0) return nodes;
  }
  return nodes;
}

/** Returns the type the account schema wants at a dotted path, or undefined when no such path exists. */
export function schemaTypeAt(schema: AccountSchema, attr: string): PathType | undefined {
  const root = schema.document;
  let node = resolveRef(root, root);
  for (const segment of attr.split('.')) {
    if (pathType(node, root) === 'any' && typesOf(node, root).length === 0 && variantsOf(node, root).length === 0) {
      return 'any';
    }
    const items = /^\d+$/.test(segment) ? itemSchema(node, root) : undefined;
    if (items !== undefined) {
      node = items;
      continue;
    }
    if (!typesOf(node, root).includes('object')) return undefined;
    const candidates = propertySchemas(node, root, segment);
    if (candidates.length === 0) return undefined;
    const types = new Set(candidates.map((candidate) => pathType(candidate, root)));
    if (types.size > 1) return 'any';
    node = candidates[0] as JsonObject;
  }
  return pathType(node, root);
}
