// Converts a tenant's OpenAPI 3.0 document into the tool's internal JSON Schema of one account payload.
import { isJsonObject, type JsonObject } from '../core/json.js';

/** The v2 create operation, whose request body's `payload` is the account payload. */
export const createPath = '/v2/data-import/accounts/';

/** The three v2 account operations every tenant publishes: [name, method, path]. */
export const v2Operations = [
  ['validate', 'post', '/v2/data-import/accounts/validate/'],
  ['create', 'post', '/v2/data-import/accounts/'],
  ['status', 'get', '/v2/data-import/accounts/{import_supplier_code}/{external_identifier}/'],
] as const;

/** A conversion that cannot be done: the document lacks what the account payload needs. */
export class OpenApiSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenApiSchemaError';
  }
}

/** Tells whether a parsed document is an OpenAPI 3.x document (rather than a plain JSON Schema). */
export function isOpenApiDocument(document: unknown): document is JsonObject {
  return isJsonObject(document) && typeof document['openapi'] === 'string' && isJsonObject(document['paths']);
}

const componentPrefix = '#/components/schemas/';

// Formats JSON Schema (and AJV) know, plus drf-spectacular's `decimal`; OpenAPI's own (int32, double, binary...)
// only describe storage and are kept as `x-openapi-format`.
const keptFormats = new Set(['date', 'date-time', 'time', 'email', 'decimal', 'uuid', 'uri', 'ipv4', 'ipv6']);

// OpenAPI keys with no meaning in a request's JSON Schema.
const droppedKeys = new Set([
  'nullable',
  'discriminator',
  'xml',
  'externalDocs',
  'example',
  'exclusiveMinimum',
  'exclusiveMaximum',
]);

// Keys whose value is one schema, a list of schemas, or a map of schemas.
const schemaKeys = new Set(['items', 'not', 'additionalProperties']);
const schemaListKeys = new Set(['allOf', 'anyOf', 'oneOf']);

/** Converts OpenAPI 3.0 schema objects into 2020-12, collecting the component schemas they reach. */
class Converter {
  private readonly pending: string[] = [];
  private readonly reached = new Set<string>();

  constructor(private readonly components: JsonObject) {}

  /** The name of a component a `$ref` points to; throws on refs outside components/schemas. */
  private refName(ref: string): string {
    if (!ref.startsWith(componentPrefix)) throw new OpenApiSchemaError(`unsupported $ref "${ref}"`);
    const name = ref.slice(componentPrefix.length).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!Object.hasOwn(this.components, name) || !isJsonObject(this.components[name])) {
      throw new OpenApiSchemaError(`$ref "${ref}" points to no schema`);
    }
    if (!this.reached.has(name)) {
      this.reached.add(name);
      this.pending.push(name);
    }
    return name;
  }

  component(name: string): JsonObject {
    const schema = this.components[name];
    if (!isJsonObject(schema)) throw new OpenApiSchemaError(`no schema "${name}" in components/schemas`);
    return schema;
  }

  /** A `$ref` to the converted component. */
  ref(ref: string): JsonObject {
    return { $ref: `#/$defs/${this.refName(ref).replace(/~/g, '~0').replace(/\//g, '~1')}` };
  }

  /** Converts every component reached so far (and those they reach) into `$defs`. */
  definitions(): JsonObject {
    const defs: JsonObject = {};
    for (let name = this.pending.shift(); name !== undefined; name = this.pending.shift()) {
      defs[name] = this.schema(this.component(name));
    }
    return Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Converts one schema object. */
  schema(node: JsonObject): JsonObject {
    const ref = node['$ref'];
    if (typeof ref === 'string') return this.nullable(this.ref(ref), node['nullable'] === true, {});
    const allOf = node['allOf'];
    // drf-spectacular writes a nested serializer with its own description as allOf of one $ref: the ref itself.
    if (Array.isArray(allOf) && allOf.length === 1 && isJsonObject(allOf[0]) && typeof allOf[0]['$ref'] === 'string') {
      const siblings = this.keywords(node, new Set(['allOf']));
      return this.nullable(this.ref(allOf[0]['$ref']), node['nullable'] === true, siblings);
    }
    if (Array.isArray(node['oneOf']) && isJsonObject(node['discriminator'])) return this.discriminated(node);
    const converted = this.keywords(node, new Set());
    if (node['nullable'] === true) makeNullable(converted);
    return converted;
  }

  private readonly inlining = new Set<string>();

  /**
   * A `$ref` (with its annotations). A nullable one is the target object inlined with `type: ['object', 'null']`
   * (named by `x-ref`), the contract's one form of nullable that a reader needs no `anyOf` for; a target that is
   * not a plain object, or one met again inside itself, is `anyOf: [$ref, {type: 'null'}]`.
   */
  private nullable(target: JsonObject, nullable: boolean, siblings: JsonObject): JsonObject {
    if (!nullable) return { ...target, ...siblings };
    const ref = String(target['$ref']);
    const name = ref.slice('#/$defs/'.length).replace(/~1/g, '/').replace(/~0/g, '~');
    const source = this.component(name);
    const plainObject = source['type'] === 'object' && source['oneOf'] === undefined && source['allOf'] === undefined;
    if (!plainObject || this.inlining.has(name)) return { anyOf: [target, { type: 'null' }], ...siblings };
    this.inlining.add(name);
    try {
      const inlined = this.schema(source);
      makeNullable(inlined);
      return { ...inlined, ...siblings, 'x-ref': name };
    } finally {
      this.inlining.delete(name);
    }
  }

  /** Every keyword of a schema object but those skipped, converted. */
  private keywords(node: JsonObject, skipped: ReadonlySet<string>): JsonObject {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (skipped.has(key) || droppedKeys.has(key)) continue;
      if (key.startsWith('x-')) out[key] = value;
      else if (key === 'properties' && isJsonObject(value)) out[key] = this.properties(value);
      else if (key === 'required' && Array.isArray(value)) out[key] = requestRequired(value, node['properties']);
      else if (schemaKeys.has(key) && isJsonObject(value)) out[key] = this.schema(value);
      else if (schemaListKeys.has(key) && Array.isArray(value)) {
        out[key] = (value as unknown[]).map((item) => (isJsonObject(item) ? this.schema(item) : item));
      } else if (key === 'format' && typeof value === 'string' && !keptFormats.has(value))
        out['x-openapi-format'] = value;
      else out[key] = value;
    }
    // OpenAPI 3.0's exclusive bounds are flags on minimum/maximum; 2020-12's are numbers of their own.
    for (const [flag, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      const limit = node[bound];
      if (node[flag] === true && typeof limit === 'number') {
        out[flag] = limit;
        out[bound] = undefined;
      }
    }
    if (node['example'] !== undefined) out['examples'] = [node['example']];
    for (const [key, value] of Object.entries(out)) if (value === undefined) Reflect.deleteProperty(out, key);
    return out;
  }

  private properties(properties: JsonObject): JsonObject {
    const out: JsonObject = {};
    for (const [name, value] of Object.entries(properties)) {
      if (isJsonObject(value)) out[name] = this.schema(value);
    }
    return out;
  }

  /**
   * A polymorphic serializer. When the discriminator is a field of the payload (`type`, `supply_type`), the value
   * picks the branch (`if`/`then`) and must be one of the mapping's keys. When no branch has that field, it is an
   * import supplier setting (`enforce_*`) the payload cannot show: the branch of an unset setting applies.
   */
  private discriminated(node: JsonObject): JsonObject {
    const discriminator = node['discriminator'] as JsonObject;
    const property = discriminator['propertyName'];
    if (typeof property !== 'string') throw new OpenApiSchemaError('a discriminator without propertyName');
    const branches = (node['oneOf'] as unknown[]).flatMap((item) =>
      isJsonObject(item) && typeof item['$ref'] === 'string' ? [item['$ref']] : [],
    );
    const mappingSource = isJsonObject(discriminator['mapping']) ? discriminator['mapping'] : {};
    const mapping: Record<string, string> = {};
    for (const [value, ref] of Object.entries(mappingSource)) {
      if (typeof ref === 'string') mapping[value] = ref;
    }
    // Without a mapping, each branch is named by its component name.
    if (Object.keys(mapping).length === 0) {
      for (const ref of branches) mapping[ref.slice(componentPrefix.length)] = ref;
    }
    const annotations = this.keywords(node, new Set(['oneOf']));
    const internalMapping = Object.fromEntries(
      Object.entries(mapping).map(([value, ref]) => [value, this.ref(ref)['$ref']]),
    );
    const inPayload = branches.some((ref) => {
      const properties = this.component(this.refName(ref))['properties'];
      return isJsonObject(properties) && Object.hasOwn(properties, property);
    });
    if (!inPayload) {
      const unset = mapping[''] ?? mapping['false'] ?? branches[0];
      if (unset === undefined) throw new OpenApiSchemaError(`discriminator "${property}" has no branch`);
      return {
        ...this.ref(unset),
        ...annotations,
        'x-discriminator': { propertyName: property, mapping: internalMapping, setting: true },
      };
    }
    return {
      type: 'object',
      required: [property],
      properties: { [property]: { enum: Object.keys(mapping) } },
      allOf: Object.entries(internalMapping).map(([value, ref]) => ({
        if: { properties: { [property]: { const: value } }, required: [property] },
        then: { $ref: ref },
      })),
      ...annotations,
      'x-discriminator': { propertyName: property, mapping: internalMapping },
    };
  }
}

/** A nullable field also takes null: `type: [T, 'null']`, and null among its enum values. */
function makeNullable(schema: JsonObject): void {
  const type = schema['type'];
  if (typeof type === 'string') schema['type'] = [type, 'null'];
  else if (Array.isArray(type) && !type.includes('null')) schema['type'] = [...(type as unknown[]), 'null'];
  const values = schema['enum'];
  if (Array.isArray(values) && !values.includes(null)) schema['enum'] = [...(values as unknown[]), null];
}

/** Required fields of a request: OpenAPI's readOnly fields are required in responses only. */
function requestRequired(required: readonly unknown[], properties: unknown): unknown[] {
  if (!isJsonObject(properties)) return [...required];
  return required.filter((name) => {
    const property = typeof name === 'string' ? properties[name] : undefined;
    return !(isJsonObject(property) && property['readOnly'] === true);
  });
}

/** Follows a `#/components/schemas/` ref (and single-ref allOfs) to the component's name and schema. */
function componentOf(node: unknown, components: JsonObject): { name: string; schema: JsonObject } | undefined {
  if (!isJsonObject(node)) return undefined;
  const allOf = node['allOf'];
  const target: unknown = Array.isArray(allOf) && allOf.length === 1 ? (allOf as unknown[])[0] : node;
  const ref = isJsonObject(target) ? target['$ref'] : undefined;
  if (typeof ref !== 'string' || !ref.startsWith(componentPrefix)) return undefined;
  const name = ref.slice(componentPrefix.length);
  const schema = components[name];
  return isJsonObject(schema) ? { name, schema } : undefined;
}

function createRequestSchema(document: JsonObject): JsonObject {
  const paths = document['paths'] as JsonObject;
  const operation = isJsonObject(paths[createPath]) ? paths[createPath]['post'] : undefined;
  if (!isJsonObject(operation)) throw new OpenApiSchemaError(`no POST ${createPath} (the v2 create operation)`);
  const body = operation['requestBody'];
  const content = isJsonObject(body) ? body['content'] : undefined;
  const json = isJsonObject(content) ? content['application/json'] : undefined;
  const schema = isJsonObject(json) ? json['schema'] : undefined;
  if (!isJsonObject(schema)) throw new OpenApiSchemaError(`POST ${createPath} has no application/json request body`);
  return schema;
}

/** The name of the account payload's component schema (e.g. `OriginAccount`). */
export function payloadSchemaName(document: JsonObject): string {
  const components = componentSchemas(document);
  const request = createRequestSchema(document);
  const wrapper = componentOf(request, components)?.schema ?? request;
  const properties = wrapper['properties'];
  const payload = isJsonObject(properties) ? properties['payload'] : undefined;
  const target = componentOf(payload, components);
  if (target === undefined) {
    throw new OpenApiSchemaError(`the request body of POST ${createPath} has no payload property naming a schema`);
  }
  return target.name;
}

function componentSchemas(document: JsonObject): JsonObject {
  const components = document['components'];
  const schemas = isJsonObject(components) ? components['schemas'] : undefined;
  if (!isJsonObject(schemas)) throw new OpenApiSchemaError('no components/schemas');
  return schemas;
}

/** The document's title (`info.title`, with its version when it has one). */
export function openApiTitle(document: JsonObject): string {
  const info = isJsonObject(document['info']) ? document['info'] : {};
  const title = typeof info['title'] === 'string' ? info['title'] : 'untitled';
  return typeof info['version'] === 'string' ? `${title} ${info['version']}` : title;
}

/**
 * Converts an OpenAPI 3.0 document into a JSON Schema 2020-12 of its account payload (the v2 create operation's
 * `payload`), keeping only the component schemas the payload reaches, as `$defs`.
 */
export function convertOpenApi(document: JsonObject): JsonObject {
  const components = componentSchemas(document);
  const name = payloadSchemaName(document);
  const converter = new Converter(components);
  const root = converter.ref(`${componentPrefix}${name}`);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `${openApiTitle(document)}: ${name}`,
    ...root,
    'x-payload-schema': name,
    $defs: converter.definitions(),
  };
}

/** Rewrites an internal schema node back into OpenAPI 3.0: `#/$defs/` refs, `type: [T, 'null']` as `nullable`. */
function toOpenApiNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toOpenApiNode);
  if (!isJsonObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === '$id' || key === '$defs' || key === 'tsType') continue;
    if (key === '$ref' && typeof value === 'string') out[key] = value.replace('#/$defs/', componentPrefix);
    else if (key === 'type' && Array.isArray(value) && value.includes('null')) {
      const types = value.filter((type) => type !== 'null');
      out['type'] = types.length === 1 ? types[0] : types;
      out['nullable'] = true;
    } else if (key.startsWith('x-') || key === 'enum' || key === 'examples' || key === 'default') out[key] = value;
    else out[key] = toOpenApiNode(value);
  }
  return out;
}

/**
 * Renders an account schema in the internal form as the OpenAPI 3.0 document a tenant publishes: the three v2
 * operations, the `{payload, task_params}` wrapper of create and `{payload}` of validate, and the payload's schemas.
 */
export function renderOpenApi(document: JsonObject, title: string, payloadName = 'Account'): JsonObject {
  const schemas: JsonObject = {};
  const defs = isJsonObject(document['$defs']) ? document['$defs'] : {};
  for (const [name, schema] of Object.entries(defs)) schemas[name] = toOpenApiNode(schema);
  const rootRef = document['$ref'];
  if (typeof rootRef !== 'string') schemas[payloadName] = toOpenApiNode(document);
  const payloadRef =
    typeof rootRef === 'string' ? rootRef.replace('#/$defs/', componentPrefix) : `${componentPrefix}${payloadName}`;
  const payload = { allOf: [{ $ref: payloadRef }], description: 'The account to import.' };
  schemas['TaskParameters'] = {
    type: 'object',
    properties: {
      is_dry_run: { type: 'boolean' },
      window_start: { type: 'string', format: 'date-time', nullable: true },
      window_end: { type: 'string', format: 'date-time', nullable: true },
    },
  };
  schemas['ScheduleAccountCreation'] = {
    type: 'object',
    properties: { payload, task_params: { allOf: [{ $ref: `${componentPrefix}TaskParameters` }] } },
    required: ['payload', 'task_params'],
  };
  schemas['ValidateAccount'] = { type: 'object', properties: { payload }, required: ['payload'] };
  const body = (name: string) => ({
    content: { 'application/json': { schema: { $ref: `${componentPrefix}${name}` } } },
    required: true,
  });
  const answer = { '200': { description: 'OK' }, '400': { description: 'Invalid' } };
  const segment = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
  return {
    openapi: '3.0.3',
    info: { title, version: 'v2' },
    paths: {
      '/v2/data-import/accounts/validate/': {
        post: { operationId: 'validate_account', requestBody: body('ValidateAccount'), responses: answer },
      },
      [createPath]: {
        post: { operationId: 'create_account', requestBody: body('ScheduleAccountCreation'), responses: answer },
      },
      '/v2/data-import/accounts/{import_supplier_code}/{external_identifier}/': {
        get: {
          operationId: 'account_import_status',
          parameters: [segment('import_supplier_code'), segment('external_identifier')],
          responses: { '200': { description: 'OK' }, '404': { description: 'Not found' } },
        },
      },
    },
    components: { schemas },
  };
}
