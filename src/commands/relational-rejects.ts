// `--rejects <folder>` for a relational export (`--mapping export.yaml`): every account that did not succeed, copied
// out of each table as it is (its root row and every child row with its account key, the header first, the same
// bytes), with a copy of the mapping that reads those files, so that `validate --mapping <folder>/export.yaml`
// re-runs exactly the rejects. A row that failed on its own (an orphan, a row without a key) is copied too, into its
// table. The reasons go to `<folder>/reasons.ndjson`, one line per failed record.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { UsageError } from '../core/errors.js';
import { decodeToUtf8, type InputEncoding } from '../records/decode-input.js';
import { extractLines, type LineRange } from '../records/extract-lines.js';
import type { RelationalMapping } from '../records/load-mapping.js';
import { openInput } from '../records/open-input.js';
import { readCsvRows } from '../records/relational/csv-rows.js';
import { accountKeyOfRow } from '../records/relational/read-relational.js';
import { tablesOf } from '../records/relational/tables.js';
import type { RecordResult } from '../report/record-result.js';
import { visible } from '../report/terminal.js';
import type { ResultSink } from './run-output.js';
import { FailedRecords, type WrittenRejects } from './written-rejects.js';

/** How a relational run's rejects are to be written. */
export interface RelationalRejectsSettings {
  /** The folder that receives the tables, the mapping copy and the reasons. */
  path: string;
  mapping: RelationalMapping;
  /** Replace files of an earlier rejects folder (--force, or a resumed push). */
  replace: boolean;
  cwd: string;
}

/** How the tables are read again at the end. */
export interface RelationalReadSettings {
  encoding?: InputEncoding | undefined;
  maxRecordBytes?: number | undefined;
}

/** The files of a rejects folder: each table under its own name, the mapping under its own, and the reasons. */
function layoutOf(folder: string, mapping: RelationalMapping): { mapping: string; reasons: string; tables: string[] } {
  return {
    mapping: join(folder, basename(mapping.path)),
    reasons: join(folder, 'reasons.ndjson'),
    tables: tablesOf(mapping).map((table) => join(folder, basename(table.file))),
  };
}

/** Collects the failed records of a relational run, then copies their rows out of every table. */
export class RelationalRejects implements ResultSink {
  /** Failed records by their source (the root file, or a child file for a row that failed on its own) and line. */
  private readonly failed: FailedRecords;
  private readonly reasonsTemp: string;

  private constructor(private readonly settings: RelationalRejectsSettings) {
    this.reasonsTemp = join(settings.path, `.reasons.${process.pid}.tmp`);
    this.failed = new FailedRecords(this.reasonsTemp);
  }

  /** Checks the folder can take the rejects, before anything is read or sent (exit 2 otherwise). */
  static async prepare(settings: RelationalRejectsSettings): Promise<RelationalRejects> {
    const { path, mapping } = settings;
    const shown = visible(path);
    if (/\.(ndjson|jsonl|csv)(\.gz)?$/i.test(path)) {
      throw new UsageError(
        `--rejects ${shown}: a relational export's rejects are a folder (its tables and a mapping), not one file: name a folder, e.g. --rejects rejects/`,
      );
    }
    const found = await stat(path).catch(() => undefined);
    if (found !== undefined && !found.isDirectory())
      throw new UsageError(`--rejects ${shown} is a file: name a folder`);
    const names = tablesOf(mapping).map((table) => basename(table.file));
    const twice = names.find((name, index) => names.indexOf(name) !== index);
    if (twice !== undefined) {
      throw new UsageError(
        `--rejects: two tables of ${visible(mapping.path)} are named ${visible(twice)}: one folder cannot hold both`,
      );
    }
    const layout = layoutOf(path, mapping);
    const inputs = [mapping.path, ...tablesOf(mapping).map((table) => table.file)];
    const targets = [layout.mapping, layout.reasons, ...layout.tables];
    const taken = new Set(await Promise.all(inputs.map((input) => realOrResolved(settings.cwd, input))));
    for (const target of targets) {
      if (taken.has(await realOrResolved(settings.cwd, target))) {
        throw new UsageError(
          `--rejects ${shown} would overwrite the export's own ${visible(basename(target))}: choose another folder`,
        );
      }
    }
    if (!settings.replace) {
      for (const target of targets) {
        if ((await stat(target).catch(() => undefined)) !== undefined) {
          throw new UsageError(
            `--rejects: ${visible(target)} already exists: add --force to replace it, or choose another folder`,
          );
        }
      }
    }
    await mkdir(path, { recursive: true, mode: 0o700 });
    return new RelationalRejects(settings);
  }

  /** Standard input is never an input of a relational export: it goes through as it is. */
  readStdin(stdin: Readable): Readable {
    return stdin;
  }

  /** Takes one finished record: a failure is remembered by its place, its reasons written aside. */
  write(result: RecordResult): Promise<void> {
    return this.failed.take(result);
  }

  async close(): Promise<void> {
    await this.failed.close();
  }

  /** Copies the rows of every failed account out of each table, then writes the mapping copy and the reasons. */
  async finish(read: RelationalReadSettings): Promise<WrittenRejects> {
    await this.close();
    const { mapping } = this.settings;
    const layout = layoutOf(this.settings.path, mapping);
    const rootKeyLength = mapping.root.key.length;
    // The keys of the failed accounts, read from their root rows.
    const rootLines = this.failed.linesOf(mapping.root.file);
    const failedKeys = new Set<string>();
    for await (const row of keyedRows(mapping.root.file, mapping.root.key.slice(0, rootKeyLength), read)) {
      if (rootLines.has(row.line) && row.key !== '') failedKeys.add(row.key);
    }
    const records = this.failed.count;
    const written: string[] = [];
    for (const [index, table] of tablesOf(mapping).entries()) {
      const own = this.failed.linesOf(table.file);
      const ranges: LineRange[] = [];
      let open: LineRange | undefined;
      for await (const row of keyedRows(table.file, table.key.slice(0, rootKeyLength), read)) {
        // A copied row ends where the next row starts: a quoted cell may take it over several lines.
        if (open !== undefined) {
          open.last = row.line - 1;
          open = undefined;
        }
        if ((row.key !== '' && failedKeys.has(row.key)) || own.has(row.line)) {
          open = { first: row.line, last: Number.MAX_SAFE_INTEGER };
          ranges.push(open);
        }
      }
      const target = layout.tables[index] ?? join(this.settings.path, basename(table.file));
      await copyLines(table.file, target, ranges, read.encoding === 'utf-16le');
      written.push(target);
    }
    await this.writeMapping(layout.mapping);
    await this.writeReasons(layout.reasons);
    return { path: layout.mapping, reasonsPath: layout.reasons, records, extraFiles: written };
  }

  /** Removes what the run kept aside. */
  async cleanUp(): Promise<void> {
    await this.close();
    await rm(this.reasonsTemp, { force: true });
  }

  /** The mapping, as written, with each table's file named as it is in the folder (comments and order kept). */
  private async writeMapping(target: string): Promise<void> {
    const { parseDocument } = await import('yaml');
    const document = parseDocument(await readFile(this.settings.mapping.path, 'utf8'));
    const { mapping } = this.settings;
    document.setIn(['root', 'file'], basename(mapping.root.file));
    for (const child of mapping.children) document.setIn(['children', child.name, 'file'], basename(child.file));
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, document.toString(), { mode: 0o600 });
    await rename(temp, target);
  }

  private async writeReasons(target: string): Promise<void> {
    const temp = `${target}.${process.pid}.tmp`;
    const output = await open(temp, 'w', 0o600);
    try {
      const found = await stat(this.reasonsTemp).catch(() => undefined);
      if (found !== undefined) {
        const lines = createInterface({ input: createReadStream(this.reasonsTemp), crlfDelay: Infinity });
        for await (const text of lines) if (text !== '') await output.write(`${text}\n`);
      }
      await output.sync();
    } finally {
      await output.close();
      await rm(this.reasonsTemp, { force: true });
    }
    await rename(temp, target);
  }
}

/** The rows and unreadable rows of a table in line order, each with its account key ('' when it has none). */
async function* keyedRows(
  file: string,
  keyColumns: readonly string[],
  read: RelationalReadSettings,
): AsyncGenerator<{ line: number; key: string }> {
  const input = openInput(file);
  try {
    const bytes = decodeToUtf8(input as AsyncIterable<Buffer>, read.encoding ?? 'utf-8');
    let indexes: number[] | undefined;
    let headerLength = 0;
    for await (const batch of readCsvRows(bytes, file, read.maxRecordBytes ?? Number.MAX_SAFE_INTEGER)) {
      if (batch.header !== undefined && indexes === undefined) {
        const header = batch.header;
        headerLength = header.length;
        indexes = keyColumns.map((column) => header.indexOf(column));
      }
      if (indexes === undefined) continue;
      const keyIndexes = indexes;
      const rows = [
        ...batch.rows.map((row) => ({ line: row.line, key: accountKeyOfRow(row, keyIndexes, headerLength, file) })),
        ...batch.problems
          .filter((problem) => problem.line > 1)
          .map((problem) => ({
            line: problem.line,
            key: accountKeyOfRow({ line: problem.line, cells: problem.cells ?? [] }, keyIndexes, headerLength, file),
          })),
      ].sort((a, b) => a.line - b.line);
      yield* rows;
    }
  } finally {
    input.destroy();
  }
}

/** Copies a table's header and the chosen lines, as bytes, to `target` (atomically). */
async function copyLines(
  source: string,
  target: string,
  ranges: readonly LineRange[],
  utf16le: boolean,
): Promise<void> {
  const temp = `${target}.${process.pid}.tmp`;
  const file = createWriteStream(temp, { mode: 0o600 });
  const put = (bytes: Buffer) =>
    file.write(bytes)
      ? Promise.resolve()
      : new Promise<void>((done) => {
          file.once('drain', () => {
            done();
          });
        });
  const input = openInput(source);
  try {
    await extractLines(
      input as AsyncIterable<Buffer>,
      ranges,
      { declaredUtf16le: utf16le, header: true },
      {
        layout: async (layout) => {
          if (layout.bom.length > 0) await put(layout.bom);
        },
        header: put,
        line: put,
      },
    );
  } finally {
    input.destroy();
  }
  file.end();
  await finished(file);
  await rename(temp, target);
}

async function realOrResolved(cwd: string, path: string): Promise<string> {
  const absolute = resolve(cwd, path);
  return (await realpath(absolute).catch(() => undefined)) ?? absolute;
}
