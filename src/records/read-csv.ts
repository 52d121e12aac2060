// Streams CSV accounts: a header row of payload paths (or a mapping), cells converted to the schema's types.
import { Readable } from 'node:stream';
import { parse, type CsvError, type Info } from 'csv-parse';
import { UsageError } from '../core/errors.js';
import { builtInAccountSchema, type AccountSchema } from '../validation/account-schema.js';
import { forbiddenSegments, schemaTypeAt, type PathType } from '../validation/schema-paths.js';
import type { JsonObject } from '../core/json.js';
import { unreadableRecord, type InputRecord } from './input-record.js';
import { identityMapping, type CsvMapping, type MappedValue } from './load-mapping.js';
import { guardCsvBytes, type CsvLineProblem } from './guard-csv-bytes.js';

/** Options of the CSV reader. */
export interface CsvReadOptions {
  mapping?: CsvMapping;
  /** Let header paths the schema does not know through as strings instead of refusing them. */
  allowUnknownPaths?: boolean;
  /** A line longer than this becomes a `record_too_large` record. */
  maxRecordBytes?: number;
  /** The account schema whose types cells are converted to (the built-in one by default). */
  schema?: AccountSchema;
}

export interface PathPlan {
  path: string;
  segments: (string | number)[];
  type: PathType;
}

interface ColumnPlan extends PathPlan {
  index: number;
  values: Record<string, MappedValue | null> | undefined;
}

const maxListIndex = 9_999;

export function planPath(
  path: string,
  where: string,
  allowUnknownPaths: boolean,
  schema: AccountSchema = builtInAccountSchema(),
): PathPlan {
  const parts = path.split('.');
  const segments: (string | number)[] = [];
  for (const part of parts) {
    if (part === '') throw new UsageError(`${where}: "${path}" is not a payload path (empty segment).`);
    if (forbiddenSegments.has(part))
      throw new UsageError(`${where}: "${path}" is refused: "${part}" cannot be a field name.`);
    if (/^\d+$/.test(part)) {
      const index = Number(part);
      if (index > maxListIndex)
        throw new UsageError(`${where}: "${path}" uses list index ${index}, more than ${maxListIndex}.`);
      segments.push(index);
    } else {
      segments.push(part);
    }
  }
  const type = schemaTypeAt(schema, path) ?? (allowUnknownPaths ? 'string' : undefined);
  if (type === undefined) {
    throw new UsageError(
      `${where}: "${path}" is not a field of the account schema; rename the column with --mapping or list it under ignore.`,
    );
  }
  return { path, segments, type };
}

function checkNoOverlap(plans: readonly PathPlan[], where: string): void {
  const sorted = plans.map((plan) => plan.path).sort();
  for (let index = 1; index < sorted.length; index += 1) {
    const previous = sorted[index - 1] ?? '';
    const current = sorted[index] ?? '';
    if (current === previous) throw new UsageError(`${where}: two columns write to "${current}".`);
    if (current.startsWith(`${previous}.`)) {
      throw new UsageError(`${where}: "${previous}" and "${current}" cannot both be set: one contains the other.`);
    }
  }
}

function planColumns(
  header: readonly string[],
  mapping: CsvMapping,
  source: string,
  allowUnknownPaths: boolean,
  schema: AccountSchema,
): {
  columns: ColumnPlan[];
  constants: (PathPlan & { value: MappedValue })[];
} {
  const where = `${source} line 1`;
  const ignored = new Set(mapping.ignore);
  const columns: ColumnPlan[] = [];
  header.forEach((name, index) => {
    const column = name.trim();
    if (column === '' || ignored.has(column)) return;
    // Own keys only: a column named "toString" or "constructor" must not find Object.prototype's members.
    const mapped = Object.hasOwn(mapping.columns, column) ? (mapping.columns[column] ?? column) : column;
    const declared =
      mapping.types !== undefined && Object.hasOwn(mapping.types, column) ? mapping.types[column] : undefined;
    for (const path of Array.isArray(mapped) ? mapped : [mapped]) {
      const plan = planPath(path, `${where}, column "${column}"`, allowUnknownPaths, schema);
      columns.push({
        ...plan,
        type: declared ?? plan.type,
        index,
        values: Object.hasOwn(mapping.values, path) ? mapping.values[path] : undefined,
      });
    }
  });
  const constants = Object.entries(mapping.constants).map(([path, value]) => ({
    ...planPath(path, `mapping constant`, allowUnknownPaths, schema),
    value,
  }));
  checkNoOverlap([...columns, ...constants], where);
  return { columns, constants };
}

const booleanWords = new Map<string, boolean>([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['y', true],
  ['n', false],
  ['t', true],
  ['f', false],
  ['1', true],
  ['0', false],
]);

/** Converts a cell to the type the schema wants; a value that does not convert stays a string for the schema to report. */
export function convertCell(cell: string, type: PathType): unknown {
  switch (type) {
    case 'integer':
      return /^-?\d+$/.test(cell.trim()) ? Number(cell) : cell;
    case 'number': {
      const number = Number(cell);
      return cell.trim() !== '' && Number.isFinite(number) ? number : cell;
    }
    case 'boolean':
      return booleanWords.get(cell.trim().toLowerCase()) ?? cell;
    case 'object':
    case 'array':
    case 'any':
      if (/^\s*[[{]/.test(cell)) {
        try {
          return JSON.parse(cell) as unknown;
        } catch {
          return cell;
        }
      }
      return cell;
    default:
      return cell;
  }
}

export function setPath(target: JsonObject, segments: readonly (string | number)[], value: unknown): void {
  const last = segments.at(-1);
  if (last === undefined) return;
  let node: JsonObject | unknown[] = target;
  for (const [index, key] of segments.slice(0, -1).entries()) {
    const nextIsIndex = typeof segments[index + 1] === 'number';
    const container = node as Record<string | number, unknown>;
    let child = container[key];
    if (typeof child !== 'object' || child === null) {
      child = nextIsIndex ? [] : {};
      container[key] = child;
    }
    node = child as JsonObject | unknown[];
  }
  (node as Record<string | number, unknown>)[last] = value;
}

/** Removes the holes left in lists by empty cells, so `customers.1` alone becomes `customers.0`. */
export function compactLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compactLists);
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) (value as JsonObject)[key] = compactLists(child);
  }
  return value;
}

function buildPayload(record: readonly string[], plan: ReturnType<typeof planColumns>): JsonObject {
  const payload: JsonObject = {};
  for (const constant of plan.constants) setPath(payload, constant.segments, constant.value);
  for (const column of plan.columns) {
    const cell = record[column.index] ?? '';
    if (cell === '') continue;
    let value: unknown = cell;
    if (column.values !== undefined && Object.hasOwn(column.values, cell)) {
      value = column.values[cell];
      if (value === null) continue;
    }
    setPath(payload, column.segments, typeof value === 'string' ? convertCell(value, column.type) : value);
  }
  return compactLists(payload) as JsonObject;
}

/** Takes the byte-level problems of lines before `line` (records of their own) and those of lines up to `endLine`. */
function problemsUpTo(
  problems: CsvLineProblem[],
  source: string,
  line: number,
  endLine: number,
): { before: InputRecord[]; inRow: CsvLineProblem[] } {
  const before: InputRecord[] = [];
  const inRow: CsvLineProblem[] = [];
  while (problems[0] !== undefined && problems[0].line <= endLine) {
    const problem = problems.shift() as CsvLineProblem;
    if (problem.line < line) before.push({ source, line: problem.line, payload: undefined, errors: [problem.error] });
    else inRow.push(problem);
  }
  return { before, inRow };
}

function parseCsvBytes(
  input: Readable,
  options: CsvReadOptions,
  problems: CsvLineProblem[],
  onLines: (lines: number) => void,
) {
  const guarded = Readable.from(
    guardCsvBytes(input as AsyncIterable<Buffer>, options.maxRecordBytes ?? Number.MAX_SAFE_INTEGER, problems),
  );
  const parser = guarded.pipe(
    parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      skip_records_with_error: true,
      on_record: (record, context) => {
        onLines(context.lines);
        return record;
      },
    }),
  );
  input.on('error', (error) => parser.destroy(error));
  guarded.on('error', (error) => parser.destroy(error));
  return parser;
}

/** The `lastLine` of a row that spans several lines, or nothing. */
function spanOf(line: number, lastLine: number): { lastLine?: number } {
  return lastLine > line ? { lastLine } : {};
}

/** Yields one record per CSV row, with the 1-based line where the row starts (and ends, when it spans several). */
export async function* readCsv(
  input: Readable,
  source: string,
  options: CsvReadOptions = {},
): AsyncGenerator<InputRecord> {
  const mapping = options.mapping ?? identityMapping;
  // Rows csv-parse could not read arrive as events while it parses ahead of the consumer; on_record tracks
  // the parser's own position so that each such row gets its line, and they are yielded in line order.
  let parsedEndLine = 0;
  const problems: CsvLineProblem[] = [];
  const parser = parseCsvBytes(input, options, problems, (lines) => (parsedEndLine = lines));
  const skipped: InputRecord[] = [];
  parser.on('skip', (error: CsvError) => {
    const line = parsedEndLine + 1;
    parsedEndLine = (error as CsvError & { lines?: number }).lines ?? parsedEndLine + 1;
    skipped.push({
      ...unreadableRecord(source, line, `CSV row is malformed: ${error.message}.`),
      ...spanOf(line, parsedEndLine),
    });
  });
  let plan: ReturnType<typeof planColumns> | undefined;
  let headerLength = 0;
  let previousEnd = 0;
  let previousEmpty = 0;
  for await (const chunk of parser) {
    const { record, info } = chunk as { record: string[]; info: Info };
    const startLine = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    const { before, inRow } = problemsUpTo(problems, source, startLine, info.lines);
    const earlier = [...skipped.splice(0, skipped.filter((next) => next.line < startLine).length), ...before];
    yield* earlier.sort((a, b) => a.line - b.line);
    if (plan === undefined) {
      const problem = inRow[0];
      if (problem !== undefined) {
        throw new UsageError(`${source} line ${problem.line} (the header): ${problem.error.detail}`);
      }
      plan = planColumns(
        record,
        mapping,
        source,
        options.allowUnknownPaths ?? false,
        options.schema ?? builtInAccountSchema(),
      );
      headerLength = record.length;
      continue;
    }
    if (inRow.length > 0) {
      const errors = inRow.map((problem) => problem.error);
      yield { source, line: startLine, payload: undefined, errors, ...spanOf(startLine, info.lines) };
    } else if (record.length !== headerLength) {
      const detail = `Row has ${record.length} cells but the header has ${headerLength}.`;
      yield { ...unreadableRecord(source, startLine, detail), ...spanOf(startLine, info.lines) };
    } else {
      yield {
        source,
        line: startLine,
        payload: buildPayload(record, plan),
        errors: [],
        ...spanOf(startLine, info.lines),
      };
    }
  }
  const rest = [
    ...skipped.splice(0),
    ...problems
      .splice(0)
      .map((problem) => ({ source, line: problem.line, payload: undefined, errors: [problem.error] })),
  ];
  yield* rest.sort((a, b) => a.line - b.line);
}
