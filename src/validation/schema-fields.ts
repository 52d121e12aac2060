// Lists every field of an account schema by attr path, with what the schema says of it: `schema show` and `schema diff`.
import { isJsonObject, type JsonObject } from '../core/json.js';
import type { AccountSchema } from './account-schema.js';
import { resolveRef, typesOf } from './schema-paths.js';

/** One cross-field rule the server applies, as the tenant's document describes it (`x-validators`). */
export interface ServerRule {
  name: string;
  description: string;
  possibleErrors: string[];
}

/** What the schema says of one field. */
export interface FieldInfo {
  /** The attr path with `*` for list items, e.g. `customers.*.email`; a variant adds `(VALUE)`: `meter_points.*(GAS)`. */
  path: string;
  /** `string`, `integer`, `object`, `array`..., joined by `|` when several; `any` when the schema does not say. */
  type: string;
  required: boolean;
  nullable: boolean;
  enum: unknown[] | undefined;
  /** A choice field whose choices are tenant configuration the document does not list (any value passes here). */
  dynamicChoices: boolean;
  format: string | undefined;
  maxLength: number | undefined;
  minLength: number | undefined;
  minimum: number | undefined;
  maximum: number | undefined;
  /** The largest number of digits and of decimal places a `decimal` takes (from its drf-spectacular pattern). */
  maxDigits: number | undefined;
  decimalPlaces: number | undefined;
  readOnly: boolean;
  deprecated: boolean;
  /** The schema (component) name of an object or list item, e.g. `AusCustomer`. */
  schemaName: string | undefined;
  /** For a polymorphic object: the field whose value picks the variant, and whether it is a server setting instead. */
  discriminator: { propertyName: string; values: string[]; setting: boolean } | undefined;
  description: string | undefined;
  rules: ServerRule[];
}

const decimalPattern = /^\^-\?\\d\{0,(\d+)\}\(\?:\\\.\\d\{0,(\d+)\}\)\?\$$/;

/** Text of an HTML description, on one line. */
function plainText(html: unknown): string | undefined {
  if (typeof html !== 'string') return undefined;
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? undefined : text;
}

function rulesOf(node: JsonObject): ServerRule[] {
  const rules = node['x-validators'];
  if (!Array.isArray(rules)) return [];
  return rules.filter(isJsonObject).map((rule) => ({
    name: plainText(rule['name']) ?? '',
    description: plainText(rule['description']) ?? '',
    possibleErrors: Array.isArray(rule['possible_errors']) ? rule['possible_errors'].map(String) : [],
  }));
}

function refName(node: JsonObject): string | undefined {
  const ref = node['$ref'];
  return typeof ref === 'string' && ref.startsWith('#/$defs/') ? ref.slice('#/$defs/'.length) : undefined;
}

/** A field's schema with `$ref` and nullable `anyOf` looked through: the target, its name, and the field's own keys. */
function unwrap(
  field: JsonObject,
  root: JsonObject,
): { node: JsonObject; nullable: boolean; name: string | undefined } {
  let nullable = false;
  let target = field;
  const anyOf = field['anyOf'];
  if (Array.isArray(anyOf) && anyOf.some((member) => isJsonObject(member) && member['type'] === 'null')) {
    nullable = true;
    const other: unknown = (anyOf as unknown[]).find((member) => isJsonObject(member) && member['type'] !== 'null');
    if (isJsonObject(other)) target = other;
  }
  const name = refName(target) ?? (typeof target['x-ref'] === 'string' ? target['x-ref'] : undefined);
  const node = resolveRef(target, root);
  // The field's own keys (description, x-validators beside a $ref) win over the target's.
  const merged = target === node ? node : { ...node, ...withoutRef(field) };
  return { node: merged, nullable, name };
}

/** A supplier-setting discriminator on a `$def` that the field's `$ref` chain passes through (it refers onward). */
function settingDiscriminatorOnTheWay(field: JsonObject, root: JsonObject): JsonObject | undefined {
  let current = field;
  for (let hops = 0; hops < 32; hops += 1) {
    const discriminator = current['x-discriminator'];
    if (isJsonObject(discriminator) && discriminator['setting'] === true) return discriminator;
    const ref = current['$ref'];
    if (typeof ref !== 'string') return undefined;
    const next = resolveRef({ $ref: ref }, root, 32);
    if (next === current || next['$ref'] === ref) return undefined;
    current = next;
  }
  return undefined;
}

function withoutRef(node: JsonObject): JsonObject {
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(node)) if (key !== '$ref' && key !== 'anyOf') copy[key] = value;
  return copy;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function describe(path: string, field: JsonObject, required: boolean, root: JsonObject): FieldInfo {
  const { node, nullable, name } = unwrap(field, root);
  const typeValue = node['type'];
  const types = typesOf(node, root);
  const discriminator = isJsonObject(node['x-discriminator'])
    ? node['x-discriminator']
    : settingDiscriminatorOnTheWay(field, root);
  const pattern = typeof node['pattern'] === 'string' ? decimalPattern.exec(node['pattern']) : null;
  const enumValues = Array.isArray(node['enum']) ? (node['enum'] as unknown[]) : undefined;
  const integerDigits = pattern?.[1] === undefined ? undefined : Number(pattern[1]);
  const places = pattern?.[2] === undefined ? undefined : Number(pattern[2]);
  return {
    path,
    type: types.length > 0 ? types.join('|') : discriminator !== undefined ? 'object' : enumValues ? 'choice' : 'any',
    required,
    nullable:
      nullable || (Array.isArray(typeValue) && typeValue.includes('null')) || enumValues?.includes(null) === true,
    enum: enumValues?.filter((value) => value !== null),
    dynamicChoices: enumValues === undefined && node['x-spec-enum-id'] !== undefined,
    format: typeof node['format'] === 'string' ? node['format'] : undefined,
    maxLength: numberOf(node['maxLength']),
    minLength: numberOf(node['minLength']),
    minimum: numberOf(node['minimum']),
    maximum: numberOf(node['maximum']),
    maxDigits: integerDigits !== undefined && places !== undefined ? integerDigits + places : undefined,
    decimalPlaces: places,
    readOnly: node['readOnly'] === true,
    deprecated: node['deprecated'] === true,
    schemaName: name,
    discriminator:
      discriminator === undefined
        ? undefined
        : {
            propertyName: String(discriminator['propertyName']),
            values: isJsonObject(discriminator['mapping']) ? Object.keys(discriminator['mapping']) : [],
            setting: discriminator['setting'] === true,
          },
    description: plainText(node['description']),
    rules: rulesOf(node),
  };
}

/** The variants of a polymorphic object picked by a payload field: `[value, branch schema]`. */
function variants(node: JsonObject, root: JsonObject): [string, JsonObject][] {
  const discriminator = node['x-discriminator'];
  if (!isJsonObject(discriminator) || discriminator['setting'] === true) return [];
  const mapping = isJsonObject(discriminator['mapping']) ? discriminator['mapping'] : {};
  return Object.entries(mapping).flatMap(([value, ref]) =>
    typeof ref === 'string' ? [[value, resolveRef({ $ref: ref }, root)] as [string, JsonObject]] : [],
  );
}

/**
 * Lists every field of an account schema, depth first in schema order, each once per path. A schema met again
 * inside itself is listed once (its fields are not repeated under the recursion).
 */
export function listFields(schema: AccountSchema): FieldInfo[] {
  const root = schema.document;
  const fields: FieldInfo[] = [];

  const visitObject = (node: JsonObject, base: string, stack: readonly string[], skip?: string): void => {
    const properties = isJsonObject(node['properties']) ? node['properties'] : {};
    const required = new Set(Array.isArray(node['required']) ? node['required'].map(String) : []);
    for (const [name, property] of Object.entries(properties)) {
      if (!isJsonObject(property) || name === skip) continue;
      visitField(base === '' ? name : `${base}.${name}`, property, required.has(name), stack);
    }
    const extra = node['additionalProperties'];
    if (isJsonObject(extra)) visitField(base === '' ? '*' : `${base}.*`, extra, false, stack);
  };

  const visitContents = (info: FieldInfo, node: JsonObject, stack: readonly string[]): void => {
    const name = info.schemaName;
    if (name !== undefined && stack.includes(name)) return;
    const inner = name === undefined ? stack : [...stack, name];
    // The object's own fields (for a polymorphic one, its discriminator), then each variant's under `path(VALUE)`.
    visitObject(node, info.path, inner);
    const branches = variants(node, root);
    const discriminator = info.discriminator?.propertyName;
    for (const [value, branch] of branches) visitObject(branch, `${info.path}(${value})`, inner, discriminator);
  };

  const visitField = (path: string, field: JsonObject, required: boolean, stack: readonly string[]): void => {
    const info = describe(path, field, required, root);
    fields.push(info);
    const { node } = unwrap(field, root);
    const types = typesOf(node, root);
    if (types.includes('array')) {
      const items = node['items'];
      if (isJsonObject(items)) {
        const itemInfo = describe(`${path}.*`, items, false, root);
        info.schemaName ??= itemInfo.schemaName;
        const itemNode = unwrap(items, root).node;
        if (typesOf(itemNode, root).includes('object') || isJsonObject(itemNode['x-discriminator'])) {
          visitContents({ ...itemInfo, path: `${path}.*` }, itemNode, stack);
        } else {
          fields.push(itemInfo);
        }
      }
    } else if (types.includes('object') || isJsonObject(node['x-discriminator'])) {
      visitContents(info, node, stack);
    }
  };

  const top = resolveRef(root, root);
  fields.push({ ...describe('', root, true, root), rules: rulesOf(top) });
  visitContents({ ...describe('', root, true, root), schemaName: refName(root) }, top, []);
  return fields;
}

/** Normalises an attr the way FieldInfo paths are written: list indexes become `*`. */
export function fieldPath(attr: string): string {
  return attr
    .split('.')
    .filter((segment) => segment !== '')
    .map((segment) => (/^\d+$/.test(segment) ? '*' : segment))
    .join('.');
}
