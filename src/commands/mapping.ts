// `kraken-import mapping check|explain`: lint a mapping before any data is read, and show where every value of one
// assembled account came from (the command to run when a record fails).
import { checkRecords } from '../checking/check-records.js';
import type { MappingCheckFlags, MappingExplainFlags } from '../cli-options.js';
import { loadConfig, pick } from '../config/load-config.js';
import { ExitCode, UsageError } from '../core/errors.js';
import type { FieldError } from '../core/field-error.js';
import { isJsonObject } from '../core/json.js';
import { loadAnyMapping, type LoadedMapping, type RelationalMapping } from '../records/load-mapping.js';
import type { AssembledRecord } from '../records/relational/assemble.js';
import { locateError, type Origin } from '../records/relational/origins.js';
import { loadRunSchema } from './prepare-inputs.js';
import { lintMapping } from '../records/relational/lint-mapping.js';
import { readRelational } from '../records/relational/read-relational.js';
import { keySeparator } from '../records/relational/table-plan.js';
import { plural } from '../report/format-result.js';
import { createChalk, visible } from '../report/terminal.js';
import type { CommandDeps, CommandResult } from './deps.js';

/** Options of `mapping check`. */
export type MappingCheckOptions = MappingCheckFlags & { mapping: string };
/** Options of `mapping explain`. */
export type MappingExplainOptions = MappingExplainFlags & { mapping: string };

/** Lints a mapping; exit 0 when clean, 1 with findings, 2 when it cannot be read at all. */
export async function mappingCheck(options: MappingCheckOptions, deps: CommandDeps): Promise<CommandResult> {
  const config = await loadConfig(options.config, deps.cwd, options.schema);
  const schema = loadRunSchema(config);
  const loaded = await loadAnyMapping(options.mapping);
  const findings = await lintMapping(loaded, config.tenant.unknownFields === 'ignore', schema);
  if (options.json === true) {
    for (const finding of findings) deps.stdout.write(`${JSON.stringify(finding)}\n`);
    deps.stdout.write(`${JSON.stringify({ summary: { findings: findings.length } })}\n`);
  } else {
    const chalk = createChalk(deps.stdout, deps.env);
    for (const finding of findings) {
      deps.stdout.write(
        `${chalk.dim(visible(options.mapping))} ${visible(finding.at)} ${chalk.red(finding.code)} ${visible(finding.detail)}\n`,
      );
    }
    const tables = loaded.kind === 'relational' ? 1 + loaded.mapping.children.length : 1;
    const verdict = findings.length === 0 ? 'no findings' : plural(findings.length, 'finding');
    deps.stdout.write(
      `${findings.length > 0 ? '\n' : ''}Checked ${options.mapping} (${plural(tables, 'table')}): ${verdict}.\n`,
    );
  }
  return { exitCode: findings.length === 0 ? ExitCode.ok : ExitCode.recordsFailed };
}

/** Where a value at `attr` came from: `customers.csv:4:FIRST_NM`, or the constant that set it. */
function originOf(attr: string, origins: readonly Origin[]): string {
  const located = locateError({ code: '', attr, detail: '' }, origins);
  if (located.source === undefined) return '';
  if (located.column !== undefined) return `${located.source}:${located.column}`;
  let best: Origin | undefined;
  for (const origin of origins) {
    if (origin.attr === '' || attr === origin.attr || attr.startsWith(`${origin.attr}.`)) {
      if (best === undefined || origin.attr.length > best.attr.length) best = origin;
    }
  }
  const rest = best === undefined || best.attr === '' ? attr : attr.slice(best.attr.length + 1);
  const constant = best?.plan.constants.some((item) => item.path === rest) === true;
  return constant ? `${located.source} (constant of ${best?.plan.table.name ?? ''})` : located.source;
}

/** The items of a list, as the stream the checker reads. */
async function* fromList<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

/** Every leaf of a payload with its attr. */
function leaves(value: unknown, attr: string, out: [string, unknown][]): [string, unknown][] {
  if (Array.isArray(value))
    value.forEach((item, index) => leaves(item, attr === '' ? `${index}` : `${attr}.${index}`, out));
  else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) leaves(item, attr === '' ? key : `${attr}.${key}`, out);
  } else out.push([attr, value]);
  return out;
}

function relationalOf(loaded: LoadedMapping, path: string): RelationalMapping {
  if (loaded.kind !== 'relational') {
    throw new UsageError(`${path} maps one CSV file (no root: and children:): explain works on a relational export`);
  }
  return loaded.mapping;
}

/** Shows the assembled payload of one account, each value with the file, line and column it came from. */
export async function mappingExplain(options: MappingExplainOptions, deps: CommandDeps): Promise<CommandResult> {
  const config = await loadConfig(options.config, deps.cwd, options.schema);
  const schema = loadRunSchema(config);
  const mapping = relationalOf(await loadAnyMapping(options.mapping), options.mapping);
  const key = options.account
    .split(',')
    .map((part) => part.trim())
    .join(keySeparator);
  if (key.split(keySeparator).length !== mapping.root.key.length) {
    throw new UsageError(
      `--account: the accounts of ${options.mapping} are identified by ${mapping.root.key.join(', ')}: give ${mapping.root.key.length} value(s), comma-separated`,
    );
  }
  const records: AssembledRecord[] = [];
  const readOptions = {
    allowUnknownPaths: config.tenant.unknownFields === 'ignore',
    encoding: config.values.encoding,
    schema,
    onlyKey: key,
  };
  for await (const record of readRelational(mapping, readOptions)) records.push(record);
  const chalk = createChalk(deps.stdout, deps.env);
  if (records.length === 0) {
    deps.stdout.write(
      `No rows of ${options.mapping}'s files have ${mapping.root.key.join(', ')} ${options.account}.\n`,
    );
    return { exitCode: ExitCode.recordsFailed };
  }
  const importSupplier = pick(
    options.importSupplier,
    deps.env['KRAKEN_IMPORT_SUPPLIER'],
    config.values.import_supplier,
  );
  // The check gets copies: the payloads shown are the ones assembled, whatever the check does to its own.
  const items = records.map((record) => ({
    source: record.source,
    line: record.line,
    errors: record.errors,
    payload: record.payload === undefined ? undefined : structuredClone(record.payload),
  }));
  const checked = checkRecords(fromList(items), {
    schema,
    tenant: config.tenant,
    importSupplier,
    now: deps.now,
    workers: 0,
  });
  let failed = false;
  let index = 0;
  for await (const result of checked) {
    const record = records[index] as AssembledRecord;
    index += 1;
    const errors: FieldError[] = result.errors.map((error) => locateError(error, record.origins));
    failed ||= errors.length > 0;
    const values = leaves(record.payload ?? {}, '', []).map(([attr, value]) => ({
      attr,
      value,
      from: originOf(attr, record.origins),
    }));
    if (options.json === true) {
      const line = { source: record.source, line: record.line, payload: record.payload ?? null, values, errors };
      deps.stdout.write(`${JSON.stringify(line)}\n`);
      continue;
    }
    deps.stdout.write(`${chalk.bold(`${visible(record.source)}:${record.line}`)}\n`);
    const width = Math.min(60, Math.max(0, ...values.map((item) => item.attr.length)));
    for (const item of values) {
      deps.stdout.write(
        `  ${visible(item.attr.padEnd(width))}  ${visible(JSON.stringify(item.value))}  ${chalk.dim(visible(item.from))}\n`,
      );
    }
    if (errors.length === 0) {
      deps.stdout.write(`  ${chalk.green('valid')}\n`);
      continue;
    }
    deps.stdout.write(`  ${chalk.red(plural(errors.length, 'error'))}:\n`);
    for (const error of errors) {
      const at =
        error.source === undefined ? '' : ` (${error.source}${error.column === undefined ? '' : `:${error.column}`})`;
      deps.stdout.write(
        `    ${visible(error.attr ?? '(record)')} ${chalk.red(visible(error.code))} ${visible(error.detail)}${chalk.dim(visible(at))}\n`,
      );
    }
  }
  return { exitCode: failed ? ExitCode.recordsFailed : ExitCode.ok };
}
