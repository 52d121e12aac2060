// Words shared by the schema commands: a field in one line, its choices and its server rules, and loading schemas.
import { UsageError } from '../core/errors.js';
import { visible } from '../report/terminal.js';
import { accountSchemaAt, builtInAccountSchema, type AccountSchema } from '../validation/account-schema.js';
import { implementedRuleCodes } from '../validation/business-rules.js';
import type { FieldInfo, ServerRule } from '../validation/schema-fields.js';

/** A schema named on the command line: a file, or `built-in`. */
export function schemaNamed(path: string): AccountSchema {
  return path === 'built-in' ? builtInAccountSchema() : accountSchemaAt(path);
}

/** `Kraken v1: OriginAccount (origin.yml, sha256 1a2b3c4d…)`. */
export function schemaLabel(schema: AccountSchema): string {
  return `${visible(schema.title)} (${visible(schema.source)}, sha256 ${schema.checksum.slice(0, 12)}…)`;
}

/** `string (email), optional, nullable, max 254 characters`: a field's type and limits. */
export function fieldSummary(field: FieldInfo): string {
  let type = field.type === 'array' ? 'list' : field.type;
  if (field.schemaName !== undefined && (field.type === 'object' || field.type === 'array')) {
    type = `${type} of ${field.schemaName}`;
  }
  if (field.format !== undefined) type = `${type} (${field.format})`;
  const parts = [type, field.required ? 'required' : 'optional'];
  if (field.nullable) parts.push('nullable');
  if (field.readOnly) parts.push('read-only (ignored in requests)');
  if (field.deprecated) parts.push('deprecated');
  if (field.maxLength !== undefined) parts.push(`max ${field.maxLength} characters`);
  if (field.minLength !== undefined && field.minLength > 0) parts.push(`min ${field.minLength} characters`);
  if (field.minimum !== undefined || field.maximum !== undefined) {
    parts.push(`${field.minimum ?? '…'} to ${field.maximum ?? '…'}`);
  }
  if (field.maxDigits !== undefined) parts.push(`max_digits ${field.maxDigits}, decimal_places ${field.decimalPlaces}`);
  if (field.discriminator !== undefined) {
    const { propertyName, values, setting } = field.discriminator;
    parts.push(
      setting
        ? `shape set by the import supplier setting ${propertyName} (${values.map((value) => (value === '' ? 'null' : value)).join(', ')}; checked as when unset unless tenant.supplier_settings gives it)`
        : `shape picked by ${propertyName}: ${values.join(', ')}`,
    );
  }
  if (field.enum !== undefined) parts.push(`${field.enum.length} choices`);
  return parts.join(', ');
}

/** The codes of a server rule that this tool checks too, with what it checks. */
export function implementedBy(rule: ServerRule): { code: string; what: string }[] {
  return rule.possibleErrors.flatMap((code) => {
    const what = implementedRuleCodes[code];
    return what === undefined ? [] : [{ code, what }];
  });
}

/** A server rule in words, and whether kraken-import checks it before sending. */
export function ruleLines(rule: ServerRule, indent: string): string[] {
  const lines = [
    `${indent}rule: ${visible(rule.name)}${rule.description === '' ? '' : ` — ${visible(rule.description)}`}`,
  ];
  if (rule.possibleErrors.length > 0) lines.push(`${indent}  errors: ${rule.possibleErrors.map(visible).join(', ')}`);
  const checked = implementedBy(rule);
  lines.push(
    checked.length > 0
      ? `${indent}  checked by kraken-import too: ${checked.map(({ code, what }) => `${code} (${what})`).join('; ')}`
      : `${indent}  checked by the server only`,
  );
  return lines;
}

/** Choices as one line: `A, B, C`. */
export function choiceList(values: readonly unknown[]): string {
  return values
    .map((value) => visible(typeof value === 'string' && value !== '' ? value : JSON.stringify(value)))
    .join(', ');
}

/** Refuses an attr that names no field, saying where to look. */
export function noSuchField(attr: string, schema: AccountSchema): UsageError {
  return new UsageError(
    `"${visible(attr)}" is not a field of ${visible(schema.title)}; run kraken-import schema show to list the top-level fields`,
  );
}
