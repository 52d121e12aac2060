// Reads an account payload schema (AccountSchema's internal JSON Schema form) as the DRF serializer it describes.
// The rules are drf-spectacular's mapping read backwards, and scripts/drf-golden.py applies the same ones:
//   string                      CharField; blank refused when minLength >= 1; min_length when minLength > 1
//   string + format date        DateField          string + format date-time  DateTimeField
//   string + format email       EmailField         string + format decimal    DecimalField (pattern ^-?\d{0,W}(?:\.\d{0,P})?$
//                                                                              gives max_digits W+P, decimal_places P)
//   enum                        ChoiceField        integer / number / boolean IntegerField / FloatField / BooleanField
//   object with properties      nested serializer  object, other              DictField of additionalProperties
//   array of objects            many=True          array of others            ListField (minItems >= 1: not empty)
//   no type, oneOf, anyOf       JSONField (the tool cannot tell the server's choice of branch apart)
//   x-discriminator             polymorphic serializer: the discriminator field's value picks the branch
// A property's `required` and a type list with "null" (or `nullable`) give required and allow_null; readOnly fields
// are left out of the input, as DRF leaves them.
import { isJsonObject, type JsonObject } from '../../core/json.js';
import {
  BooleanKind,
  CharKind,
  ChoiceKind,
  DateKind,
  DateTimeKind,
  DecimalKind,
  DictKind,
  Field,
  FloatKind,
  IntegerKind,
  JsonKind,
  ListKind,
  ListSerializerKind,
  PolymorphicKind,
  SerializerKind,
} from './fields.js';

const decimalPattern = /^\^-\?\\d\{0,(\d+)\}\(\?:\\\.\\d\{0,(\d+)\}\)\?\$$/;

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

class SchemaReader {
  private readonly kinds = new Map<JsonObject, SerializerKind>();
  /** The supplier settings some serializer of the schema is picked by. */
  readonly settingsSeen = new Set<string>();

  constructor(
    private readonly root: JsonObject,
    private readonly settings: Readonly<Record<string, boolean | string | null>>,
  ) {}

  /** Follows `$ref`s and single-member `allOf`s; collects `nullable` and readOnly seen on the way. */
  resolve(node: JsonObject): { node: JsonObject; nullable: boolean; readOnly: boolean } {
    let nullable = false;
    let readOnly = false;
    let current = node;
    for (let hops = 0; hops < 64; hops += 1) {
      if (current['nullable'] === true) nullable = true;
      if (current['readOnly'] === true) readOnly = true;
      const type = current['type'];
      if (Array.isArray(type) && type.includes('null')) nullable = true;
      const enumeration = current['enum'];
      if (Array.isArray(enumeration) && enumeration.includes(null)) nullable = true;
      const picked = this.settingBranch(current);
      if (picked !== undefined) {
        current = picked;
        continue;
      }
      const allOf = current['allOf'];
      const ref = current['$ref'];
      let next: unknown;
      if (typeof ref === 'string') next = this.lookup(ref);
      else if (Array.isArray(allOf) && allOf.length === 1) next = allOf[0];
      if (!isJsonObject(next)) break;
      current = next;
    }
    return { node: current, nullable, readOnly };
  }

  private lookup(ref: string): unknown {
    if (!ref.startsWith('#/')) return undefined;
    let node: unknown = this.root;
    for (const segment of ref.slice(2).split('/')) {
      const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
      node = isJsonObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
    }
    return node;
  }

  field(node: JsonObject, required: boolean): Field {
    const { node: resolved, nullable, readOnly } = this.resolve(node);
    return new Field(this.kind(resolved, nullable), required, nullable, readOnly);
  }

  private kind(node: JsonObject, nullable: boolean): Field['kind'] {
    const polymorphic = this.polymorphicKind(node);
    if (polymorphic !== undefined) return polymorphic;
    const enumeration = node['enum'];
    if (Array.isArray(enumeration)) {
      const choices = enumeration.filter((choice) => choice !== null);
      return new ChoiceKind(choices, choices.includes(''));
    }
    const typeList: unknown[] = Array.isArray(node['type']) ? node['type'] : [node['type']];
    const type = typeList.find((entry) => entry !== 'null');
    switch (type) {
      case 'string':
        return this.stringKind(node, nullable);
      case 'integer':
        return new IntegerKind(numberOr(node['minimum']), numberOr(node['maximum']));
      case 'number':
        return new FloatKind(numberOr(node['minimum']), numberOr(node['maximum']));
      case 'boolean':
        return new BooleanKind(nullable);
      case 'array':
        return this.arrayKind(node);
      case 'object':
        return this.objectKind(node);
      default:
        return isJsonObject(node['properties']) ? this.objectKind(node) : new JsonKind();
    }
  }

  /** `x-discriminator` {propertyName, mapping} (the tenant converter's form of an OpenAPI discriminator). */
  private polymorphicKind(node: JsonObject): PolymorphicKind | undefined {
    const discriminator = node['x-discriminator'];
    if (!isJsonObject(discriminator) || discriminator['setting'] === true) return undefined;
    const property = discriminator['propertyName'];
    const mapping = discriminator['mapping'];
    if (typeof property !== 'string' || !isJsonObject(mapping)) return undefined;
    const kind = new PolymorphicKind(property);
    for (const [value, ref] of Object.entries(mapping)) {
      if (typeof ref !== 'string') continue;
      const target = this.lookup(ref);
      if (!isJsonObject(target)) continue;
      const branch = this.kind(this.resolve(target).node, false);
      if (branch instanceof SerializerKind) branch.allow(property);
      kind.branches.set(value, branch);
    }
    return kind;
  }

  /**
   * A serializer picked by an import supplier setting (the payload cannot show it): the branch of the setting's value
   * in `tenant.supplier_settings`; undefined when unset (the converter made the node itself the unset branch).
   */
  private settingBranch(node: JsonObject): JsonObject | undefined {
    const discriminator = node['x-discriminator'];
    if (!isJsonObject(discriminator) || discriminator['setting'] !== true) return undefined;
    const property = discriminator['propertyName'];
    const mapping = discriminator['mapping'];
    if (typeof property !== 'string' || !isJsonObject(mapping)) return undefined;
    this.settingsSeen.add(property);
    if (!Object.hasOwn(this.settings, property)) return undefined;
    const value = this.settings[property];
    const ref = mapping[value === null ? '' : String(value)] ?? (value === null ? mapping['null'] : undefined);
    if (typeof ref !== 'string') {
      const known = Object.keys(mapping).map((key) => (key === '' ? 'null' : key));
      throw new Error(
        `tenant.supplier_settings.${property}: ${JSON.stringify(value)} is not one of this schema's values (${known.join(', ')})`,
      );
    }
    const target = this.lookup(ref);
    if (!isJsonObject(target)) throw new Error(`tenant.supplier_settings.${property}: the schema has no ${ref}`);
    return target;
  }

  private stringKind(node: JsonObject, nullable: boolean) {
    const format = node['format'];
    if (format === 'date') return new DateKind();
    if (format === 'date-time') return new DateTimeKind();
    if (format === 'decimal') {
      const match = decimalPattern.exec(typeof node['pattern'] === 'string' ? node['pattern'] : '');
      const whole = match === null ? undefined : Number(match[1]);
      const places = match === null ? undefined : Number(match[2]);
      const maxDigits = whole !== undefined && places !== undefined ? whole + places : undefined;
      return new DecimalKind(maxDigits, places, numberOr(node['minimum']), numberOr(node['maximum']), nullable);
    }
    const minLength = numberOr(node['minLength']) ?? 0;
    return new CharKind(
      minLength < 1,
      numberOr(node['maxLength']),
      minLength > 1 ? minLength : undefined,
      format === 'email',
    );
  }

  private arrayKind(node: JsonObject) {
    const minItems = numberOr(node['minItems']);
    const allowEmpty = (minItems ?? 0) < 1;
    const items = isJsonObject(node['items']) ? node['items'] : {};
    const item = this.resolve(items).node;
    const isSerializer = isJsonObject(item['properties']);
    const kind = isSerializer
      ? new ListSerializerKind(
          allowEmpty,
          minItems !== undefined && minItems > 1 ? minItems : undefined,
          numberOr(node['maxItems']),
        )
      : new ListKind(
          allowEmpty,
          minItems !== undefined && minItems > 1 ? minItems : undefined,
          numberOr(node['maxItems']),
        );
    kind.child = this.field(items, true);
    return kind;
  }

  private objectKind(node: JsonObject) {
    const properties = node['properties'];
    if (!isJsonObject(properties)) {
      const dict = new DictKind();
      const extra = node['additionalProperties'];
      if (isJsonObject(extra)) dict.child = this.field(extra, true);
      return dict;
    }
    const known = this.kinds.get(node);
    if (known !== undefined) return known;
    const kind = new SerializerKind();
    this.kinds.set(node, kind);
    const required = new Set(Array.isArray(node['required']) ? node['required'] : []);
    for (const [name, child] of Object.entries(properties)) {
      if (isJsonObject(child)) kind.fields.push([name, this.field(child, required.has(name))]);
    }
    kind.seal();
    return kind;
  }
}

/**
 * Builds the root serializer field of an account payload schema, under the import supplier's settings; throws when a
 * setting is not one the schema's serializers are picked by, or its value picks none of them.
 */
export function compileAccountSerializer(
  document: JsonObject,
  settings: Readonly<Record<string, boolean | string | null>> = {},
): Field {
  const reader = new SchemaReader(document, settings);
  const root = reader.field(document, true);
  const unused = Object.keys(settings).filter((name) => !reader.settingsSeen.has(name));
  if (unused.length > 0) {
    throw new Error(
      `tenant.supplier_settings: ${unused.join(', ')} ${unused.length === 1 ? 'picks' : 'pick'} no serializer of this schema`,
    );
  }
  return root;
}
