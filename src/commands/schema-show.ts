// `kraken-import schema show [attr]`: the fields at a payload path, with types, limits, choices and the server's rules.
import type { SchemaShowFlags } from '../cli-options.js';
import { loadConfig } from '../config/load-config.js';
import { ExitCode } from '../core/errors.js';
import { visible } from '../report/terminal.js';
import { accountSchemaAt, type AccountSchema } from '../validation/account-schema.js';
import { fieldPath, listFields, type FieldInfo } from '../validation/schema-fields.js';
import type { CommandDeps, CommandResult } from './deps.js';
import { choiceList, fieldSummary, implementedBy, noSuchField, ruleLines, schemaLabel } from './schema-text.js';

/** Options of `schema show`: its flags and the path. */
export type SchemaShowOptions = SchemaShowFlags & { attr: string | undefined };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The field at a path and its direct fields: those of its items for a list, each variant's for a polymorphic one. */
export function fieldsAt(schema: AccountSchema, attr: string): { field: FieldInfo; children: FieldInfo[] } | undefined {
  const path = fieldPath(attr);
  const fields = listFields(schema);
  const field = fields.find((candidate) => candidate.path === path);
  if (field === undefined) return undefined;
  const prefix = path === '' ? '' : `${escapeRegExp(path)}(?:\\.\\*)?(?:\\([^.)]*\\))?\\.`;
  const child = new RegExp(`^${prefix}[^.]+$`);
  return { field, children: fields.filter((candidate) => candidate !== field && child.test(candidate.path)) };
}

function fieldLines(field: FieldInfo, name: string, indent: string): string[] {
  const lines = [`${indent}${visible(name)}  ${fieldSummary(field)}`];
  if (field.enum !== undefined) lines.push(`${indent}  choices: ${choiceList(field.enum)}`);
  if (field.dynamicChoices) lines.push(`${indent}  choices: configured by the tenant, not listed (not checked here)`);
  for (const rule of field.rules) lines.push(...ruleLines(rule, `${indent}  `));
  return lines;
}

/** Prints the fields at a path; exit 0, or 2 when the path names no field. */
export async function schemaShow(options: SchemaShowOptions, deps: CommandDeps): Promise<CommandResult> {
  const config = await loadConfig(options.config, deps.cwd, options.schema);
  const schema = accountSchemaAt(config.schemaPath);
  const attr = options.attr ?? '';
  const found = fieldsAt(schema, attr);
  if (found === undefined) throw noSuchField(attr, schema);
  const { field, children } = found;
  if (options.json === true) {
    const withChecks = (info: FieldInfo) => ({
      ...info,
      rules: info.rules.map((rule) => ({
        ...rule,
        checkedByKrakenImport: implementedBy(rule).map(({ code }) => code),
      })),
    });
    const body = {
      schema: { title: schema.title, source: schema.source, checksum: schema.checksum },
      field: withChecks(field),
      fields: children.map(withChecks),
    };
    deps.stdout.write(`${JSON.stringify(body)}\n`);
    return { exitCode: ExitCode.ok };
  }
  const lines = [`Schema: ${schemaLabel(schema)}`];
  lines.push(...fieldLines(field, field.path === '' ? '(account)' : field.path, ''));
  if (children.length > 0) {
    lines.push('', `Fields (${children.length}):`);
    const base = fieldPath(attr);
    for (const child of children) {
      const name = base === '' ? child.path : child.path.slice(base.length + 1);
      lines.push(...fieldLines(child, name, '  '));
    }
  }
  deps.stdout.write(`${lines.join('\n')}\n`);
  return { exitCode: ExitCode.ok };
}
