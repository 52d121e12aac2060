// `kraken-import schema diff old new`: what changed in the account payload between two schemas (two pulls).
import type { SchemaDiffFlags } from '../cli-options.js';
import { ExitCode } from '../core/errors.js';
import { plural } from '../report/format-result.js';
import { visible } from '../report/terminal.js';
import type { AccountSchema } from '../validation/account-schema.js';
import { listFields, type FieldInfo } from '../validation/schema-fields.js';
import type { CommandDeps, CommandResult } from './deps.js';
import { choiceList, fieldSummary, schemaLabel, schemaNamed } from './schema-text.js';

/** Options of `schema diff`: its flags and the two files. */
export type SchemaDiffOptions = SchemaDiffFlags & { old: string; new: string };

/** The properties of a field compared between two schemas, by their DRF names. */
const comparedProperties = {
  type: (field: FieldInfo) => field.type,
  required: (field: FieldInfo) => field.required,
  nullable: (field: FieldInfo) => field.nullable,
  format: (field: FieldInfo) => field.format,
  max_length: (field: FieldInfo) => field.maxLength,
  min_length: (field: FieldInfo) => field.minLength,
  min_value: (field: FieldInfo) => field.minimum,
  max_value: (field: FieldInfo) => field.maximum,
  max_digits: (field: FieldInfo) => field.maxDigits,
  decimal_places: (field: FieldInfo) => field.decimalPlaces,
  read_only: (field: FieldInfo) => field.readOnly,
} as const;

/** One difference between two schemas. */
export type SchemaChange =
  | { kind: 'added' | 'removed'; path: string; summary: string }
  | { kind: 'changed'; path: string; property: string; old: unknown; new: unknown }
  | { kind: 'choices'; path: string; added: unknown[]; removed: unknown[] };

/** Compares the fields of two schemas: added, removed, changed properties, and choices added or removed. */
export function diffSchemas(before: AccountSchema, after: AccountSchema): SchemaChange[] {
  const oldFields = new Map(listFields(before).map((field) => [field.path, field]));
  const newFields = new Map(listFields(after).map((field) => [field.path, field]));
  const changes: SchemaChange[] = [];
  for (const [path, field] of oldFields) {
    if (!newFields.has(path)) changes.push({ kind: 'removed', path, summary: fieldSummary(field) });
  }
  for (const [path, field] of newFields) {
    const old = oldFields.get(path);
    if (old === undefined) {
      changes.push({ kind: 'added', path, summary: fieldSummary(field) });
      continue;
    }
    for (const [property, read] of Object.entries(comparedProperties)) {
      const was = read(old);
      const now = read(field);
      if (was !== now) changes.push({ kind: 'changed', path, property, old: was ?? null, new: now ?? null });
    }
    const oldChoices = old.enum ?? [];
    const newChoices = field.enum ?? [];
    const added = newChoices.filter((value) => !oldChoices.includes(value));
    const removed = oldChoices.filter((value) => !newChoices.includes(value));
    if (added.length > 0 || removed.length > 0) changes.push({ kind: 'choices', path, added, removed });
  }
  return changes;
}

function changeLine(change: SchemaChange): string {
  const path = visible(change.path === '' ? '(account)' : change.path);
  switch (change.kind) {
    case 'added':
      return `+ ${path}  ${change.summary}`;
    case 'removed':
      return `- ${path}  ${change.summary}`;
    case 'changed':
      return `~ ${path}  ${change.property}: ${JSON.stringify(change.old)} → ${JSON.stringify(change.new)}`;
    case 'choices': {
      const parts = [];
      if (change.added.length > 0) parts.push(`+ ${choiceList(change.added)}`);
      if (change.removed.length > 0) parts.push(`- ${choiceList(change.removed)}`);
      return `~ ${path}  choices ${parts.join('; ')}`;
    }
  }
}

/** Prints the differences; exit 0 when the payloads are the same, 1 when they differ. */
export function schemaDiff(options: SchemaDiffOptions, deps: CommandDeps): Promise<CommandResult> {
  const before = schemaNamed(options.old);
  const after = schemaNamed(options.new);
  const changes = diffSchemas(before, after);
  const exitCode = changes.length === 0 ? ExitCode.ok : ExitCode.recordsFailed;
  if (options.json === true) {
    const label = (schema: AccountSchema) => ({
      title: schema.title,
      source: schema.source,
      checksum: schema.checksum,
    });
    deps.stdout.write(`${JSON.stringify({ old: label(before), new: label(after), changes })}\n`);
    return Promise.resolve({ exitCode });
  }
  const lines = [`Old: ${schemaLabel(before)}`, `New: ${schemaLabel(after)}`];
  if (changes.length === 0) {
    lines.push('The account payloads are the same.');
  } else {
    const count = (kind: SchemaChange['kind']) => changes.filter((change) => change.kind === kind).length;
    lines.push(
      `${plural(count('added'), 'field')} added, ${count('removed')} removed, ` +
        `${plural(count('changed'), 'change')} to fields, ${plural(count('choices'), 'choice list')} changed:`,
      ...changes.map(changeLine),
    );
  }
  deps.stdout.write(`${lines.join('\n')}\n`);
  return Promise.resolve({ exitCode });
}
