// A small deterministic generator of instances of an account schema in the tool's internal form, for tests.
// Hand-written rather than json-schema-faker: the instances must be reproducible to the byte, pick a discriminator's
// branch by the value they give it, and keep the business rules' cross-field facts (unique ids, past dates) true.
import { isJsonObject, type JsonObject } from '../../src/core/json.js';
import { resolveRef, typesOf } from '../../src/validation/schema-paths.js';

/** Which optional fields a generated instance fills. */
export type Fill = 'required' | 'all';

const stringCandidates = ['1234', 'A1', 'AB', '1', 'a'];

/** Generates one instance of a schema; `fill: 'all'` also gives every optional field (to `maxDepth`). */
export function generateInstance(root: JsonObject, fill: Fill, maxDepth = 12): unknown {
  let counter = 0;
  const unique = (prefix: string) => {
    counter += 1;
    return `${prefix}${counter}`;
  };

  function text(node: JsonObject, name: string): string {
    const format = node['format'];
    if (format === 'date') return '2024-01-15';
    if (format === 'date-time') return '2024-01-15T10:00:00Z';
    if (format === 'email') return `${unique('person')}@example.com`;
    if (format === 'uuid') return '123e4567-e89b-42d3-a456-426614174000';
    if (format === 'decimal') return '1';
    let value = unique(name.slice(0, 3).toUpperCase() || 'V');
    const pattern = node['pattern'];
    if (typeof pattern === 'string') {
      const regex = new RegExp(pattern, 'u');
      value = stringCandidates.find((candidate) => regex.test(candidate)) ?? value;
    }
    const maxLength = typeof node['maxLength'] === 'number' ? node['maxLength'] : Infinity;
    const minLength = typeof node['minLength'] === 'number' ? node['minLength'] : 0;
    if (value.length > maxLength) value = value.slice(-maxLength);
    return value.padEnd(minLength, '0');
  }

  function number(node: JsonObject): number {
    const minimum = typeof node['minimum'] === 'number' ? node['minimum'] : undefined;
    const maximum = typeof node['maximum'] === 'number' ? node['maximum'] : undefined;
    return minimum ?? (maximum !== undefined ? Math.min(1, maximum) : 1);
  }

  /** The branch a discriminated object takes for the value it gives its discriminator. */
  function discriminated(node: JsonObject): { property: string; value: string; branch: JsonObject } | undefined {
    const discriminator = node['x-discriminator'];
    if (!isJsonObject(discriminator) || discriminator['setting'] === true) return undefined;
    const property = String(discriminator['propertyName']);
    const mapping = isJsonObject(discriminator['mapping']) ? discriminator['mapping'] : {};
    const [value, ref] = Object.entries(mapping)[0] ?? [];
    if (value === undefined || typeof ref !== 'string') return undefined;
    return { property, value, branch: resolveRef({ $ref: ref }, root) };
  }

  function object(node: JsonObject, depth: number): JsonObject {
    const out: JsonObject = {};
    const picked = discriminated(node);
    const source = picked?.branch ?? node;
    const properties = isJsonObject(source['properties']) ? source['properties'] : {};
    const required = new Set(Array.isArray(source['required']) ? source['required'].map(String) : []);
    for (const [name, property] of Object.entries(properties)) {
      if (!isJsonObject(property) || property['readOnly'] === true) continue;
      if (!required.has(name) && (fill === 'required' || depth >= maxDepth)) continue;
      out[name] = value(property, name, depth + 1);
    }
    if (picked !== undefined) out[picked.property] = picked.value;
    return out;
  }

  function value(schema: JsonObject, name: string, depth: number): unknown {
    let node = resolveRef(schema, root);
    const anyOf = node['anyOf'];
    if (Array.isArray(anyOf)) {
      const nonNull: unknown = (anyOf as unknown[]).find((member) => isJsonObject(member) && member['type'] !== 'null');
      if (isJsonObject(nonNull)) node = resolveRef(nonNull, root);
    }
    if (node['const'] !== undefined) return node['const'];
    const values = node['enum'];
    if (Array.isArray(values)) return values.find((item) => item !== null) ?? null;
    const type = typesOf(node, root)[0] ?? (isJsonObject(node['x-discriminator']) ? 'object' : 'string');
    switch (type) {
      case 'object':
        if (isJsonObject(node['additionalProperties']) && node['properties'] === undefined) {
          return { [unique('key')]: value(node['additionalProperties'], name, depth + 1) };
        }
        return object(node, depth);
      case 'array': {
        const items = isJsonObject(node['items']) ? node['items'] : {};
        const count = typeof node['minItems'] === 'number' ? Math.max(1, node['minItems']) : 1;
        return Array.from({ length: count }, () => value(items, name, depth + 1));
      }
      case 'integer':
      case 'number':
        return number(node);
      case 'boolean':
        return false;
      default:
        return text(node, name);
    }
  }

  return value(root, 'account', 0);
}
