// Reads a YAML settings file (config or CSV mapping) and checks it against its schema, failing with readable errors.
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { UsageError } from '../core/errors.js';
import { settingsSchemaErrors, type SettingsSchemaName } from '../validation/settings-schemas.js';
import { shapeSchemaErrors } from '../validation/shape-schema-errors.js';

/** Loads a YAML file and validates it; throws UsageError naming the file and each bad key. */
export async function loadYamlFile(path: string, schema: SettingsSchemaName): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${schema} file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const where = first?.linePos?.[0] ? ` line ${first.linePos[0].line}` : '';
    throw new UsageError(
      `${path}${where}: not valid YAML: ${first?.code ?? ''} ${first?.message.split('\n')[0] ?? ''}`.trim(),
    );
  }
  const value: unknown = document.toJS() ?? {};
  const errors = shapeSchemaErrors(settingsSchemaErrors(schema, value));
  if (errors.length > 0) {
    const lines = errors.map((error) => {
      const detail = error.code === 'unknown_field' ? `unknown key (not a ${schema} setting)` : error.detail;
      return `  ${error.attr ?? '(top level)'}: ${detail}`;
    });
    throw new UsageError(`${path}: invalid ${schema} file:\n${lines.join('\n')}`);
  }
  return value;
}
