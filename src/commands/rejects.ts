// `--rejects <path>` of validate and push: every record that failed, copied out of its input as it is (the same
// format, the same bytes, a CSV's header first), so that fixing that one file and pushing it is the whole loop. The
// reasons go beside it in `<path>.reasons.ndjson`: one line per reject, keyed by its line in the rejects file and by
// the source and line it came from.
//
// The records are copied after the run, from the inputs themselves: a run holds only the place of each failed
// record, never its text. Standard input, which cannot be read twice, is copied aside while it is read.
import { createReadStream, createWriteStream } from 'node:fs';
import { open, realpath, rename, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { UsageError } from '../core/errors.js';
import type { RelationalRejects } from './relational-rejects.js';
import { FailedRecords, type WrittenRejects } from './written-rejects.js';
import { extractLines, type LineLayout, type LineRange } from '../records/extract-lines.js';
import { detectFormat, readRecords, type InputFormat, type ReadOptions } from '../records/read-records.js';
import { openInput } from '../records/open-input.js';
import { checkOutputPath } from '../report/output-path.js';
import type { RecordResult } from '../report/record-result.js';
import { visible } from '../report/terminal.js';
import type { ResultSink } from './run-output.js';

/** Where the reasons of a rejects file go. */
export function reasonsPathFor(rejectsPath: string): string {
  return `${rejectsPath}.reasons.ndjson`;
}

/** How a run's rejects file is to be written. */
export interface RejectsSettings {
  path: string;
  files: readonly string[];
  inputFormat: InputFormat | undefined;
  /** Replace an existing rejects file (--force, or a resumed push, whose rejects file is its own). */
  replace: boolean;
  /** Other files of the run (the report) that the rejects file must not be. */
  otherOutputs: readonly string[];
  cwd: string;
}

const lineSpace = 2 ** 32;

/** Collects the failed records of a run (their place, and their reasons in a side file), then writes the rejects. */
export class RejectsFile implements ResultSink {
  private readonly failed: FailedRecords;
  private stdinCopy: string | undefined;

  private constructor(
    private readonly settings: RejectsSettings,
    readonly format: InputFormat,
    private readonly reasonsTemp: string,
  ) {
    this.failed = new FailedRecords(reasonsTemp);
  }

  /** Checks the rejects file can be written as asked, before anything is read or sent (exit 2 otherwise). */
  static async prepare(settings: RejectsSettings): Promise<RejectsFile> {
    const { path, files } = settings;
    const shown = visible(path);
    const formats = new Set(files.map((file) => detectFormat(file, settings.inputFormat)));
    const [format] = formats;
    if (format === undefined || formats.size > 1) {
      throw new UsageError('--rejects writes one file in the format of the inputs, and these mix NDJSON and CSV');
    }
    let own: InputFormat | undefined;
    try {
      own = detectFormat(path, undefined);
    } catch {
      own = undefined;
    }
    if (own !== format) {
      const extension = format === 'csv' ? '.csv' : '.ndjson';
      throw new UsageError(
        `--rejects ${shown}: name it ${extension} (optionally .gz) like the inputs, so that it can be pushed as it is`,
      );
    }
    if (files.includes('-') && files.length > 1) {
      throw new UsageError('--rejects with standard input (-) takes no other input: one rejects file, one layout');
    }
    await checkOutputPath('--rejects', path, settings.cwd);
    const reasonsPath = reasonsPathFor(path);
    const same = await samePaths(settings.cwd, [path, reasonsPath], [...files, ...settings.otherOutputs]);
    if (same !== undefined) throw new UsageError(`--rejects ${shown} is also ${visible(same)}: choose another file`);
    for (const existing of [path, reasonsPath]) {
      const found = await stat(existing).catch(() => undefined);
      if (found?.isFile() === true && !settings.replace) {
        throw new UsageError(
          `--rejects: ${visible(existing)} already exists: add --force to replace it, or choose another file`,
        );
      }
    }
    if (format === 'csv') await checkSameHeaders(files);
    return new RejectsFile(settings, format, `${path}.${process.pid}.reasons.tmp`);
  }

  /** Standard input as the run must read it: copied aside as it goes, so that its rejects can be copied out later. */
  readStdin(stdin: Readable): Readable {
    if (!this.settings.files.includes('-')) return stdin;
    const copyPath = `${this.settings.path}.${process.pid}.stdin.tmp`;
    this.stdinCopy = copyPath;
    async function* copied(): AsyncGenerator<Buffer> {
      const handle = await open(copyPath, 'w', 0o600);
      try {
        for await (const chunk of stdin as AsyncIterable<Buffer>) {
          await handle.write(chunk);
          yield chunk;
        }
      } finally {
        await handle.close();
      }
    }
    return Readable.from(copied(), { objectMode: false });
  }

  /** Takes one finished record: a failure is remembered by its place, its reasons written aside. */
  write(result: RecordResult): Promise<void> {
    return this.failed.take(result);
  }

  /** Closes the side file of reasons (the rejects are written by `finish`). */
  async close(): Promise<void> {
    await this.failed.close();
  }

  /** Copies the failed records out of the inputs and writes the rejects file and its reasons, each atomically. */
  async finish(inputs: ReadOptions): Promise<WrittenRejects> {
    const path = this.settings.path;
    const reasonsPath = reasonsPathFor(path);
    const rejectLines = new Map<number, number>();
    const gzip = path.toLowerCase().endsWith('.gz');
    const temp = `${path}.${process.pid}.tmp`;
    const file = createWriteStream(temp, { mode: 0o600 });
    const out: Writable = gzip ? createGzip() : file;
    if (gzip) out.pipe(file);
    const put = (bytes: Buffer) =>
      out.write(bytes)
        ? Promise.resolve()
        : new Promise<void>((done) =>
            out.once('drain', () => {
              done();
            }),
          );
    let written = 0;
    let records = 0;
    let first: LineLayout | undefined;
    const sources = this.settings.files.filter((source) => this.failed.linesOf(source).size > 0);
    for (const [sourceIndex, source] of this.settings.files.entries()) {
      const lines = [...this.failed.linesOf(source)].sort((a, b) => a - b);
      if (lines.length === 0 && !(this.format === 'csv' && sources.length === 0 && sourceIndex === 0)) continue;
      const ranges = await this.rangesOf(source, lines, inputs);
      const layoutFirst = first === undefined;
      await extractLines(
        this.rawInput(source, inputs),
        ranges,
        { declaredUtf16le: inputs.encoding === 'utf-16le', header: this.format === 'csv' },
        {
          layout: async (layout) => {
            if (!layoutFirst) return;
            first = layout;
            if (layout.bom.length > 0) await put(layout.bom);
          },
          header: async (bytes) => {
            if (!layoutFirst) return;
            written += 1;
            await put(bytes);
          },
          line: async (bytes) => {
            written += 1;
            await put(bytes);
          },
        },
      );
      // A record's line in the rejects file: where its range starts, counted as the ranges were copied.
      let at = written - ranges.reduce((total, range) => total + range.last - range.first + 1, 0);
      for (const range of ranges) {
        rejectLines.set(sourceIndex * lineSpace + range.first, at + 1);
        at += range.last - range.first + 1;
        records += 1;
      }
    }
    out.end();
    await finished(file);
    await this.writeReasons(`${reasonsPath}.${process.pid}.tmp`, rejectLines);
    await rename(temp, path);
    await rename(`${reasonsPath}.${process.pid}.tmp`, reasonsPath);
    return { path, reasonsPath, records };
  }

  /** Removes what the run kept aside: the copy of standard input and the reasons before they were numbered. */
  async cleanUp(): Promise<void> {
    await this.close();
    await rm(this.reasonsTemp, { force: true });
    if (this.stdinCopy !== undefined) await rm(this.stdinCopy, { force: true });
  }

  /** The raw bytes of an input again: the file, or the copy of standard input. */
  private rawInput(source: string, inputs: ReadOptions): AsyncIterable<Buffer> {
    if (source === '-') return createReadStream(this.stdinCopy ?? '/dev/null');
    return openInput(source, inputs.stdin) as AsyncIterable<Buffer>;
  }

  /** The physical lines of each failed record: one line in NDJSON; in CSV a row may span several. */
  private async rangesOf(source: string, lines: readonly number[], inputs: ReadOptions): Promise<LineRange[]> {
    if (this.format !== 'csv' || lines.length === 0) return lines.map((line) => ({ first: line, last: line }));
    // A relational export (a root file and its child files) would gather each root row's children here.
    const wanted = new Set(lines);
    const lastLines = new Map<number, number>();
    const again: ReadOptions = { ...inputs, stdin: Readable.from(this.rawInput(source, inputs)) };
    for await (const record of readRecords([source], again)) {
      if (wanted.has(record.line) && record.lastLine !== undefined) lastLines.set(record.line, record.lastLine);
    }
    return lines.map((line) => ({ first: line, last: lastLines.get(line) ?? line }));
  }

  /** Writes the reasons, each with its line in the rejects file, in the order the records finished. */
  private async writeReasons(temp: string, rejectLines: ReadonlyMap<number, number>): Promise<void> {
    const sourceIndex = new Map(this.settings.files.map((source, index) => [source, index]));
    const output = await open(temp, 'w', 0o600);
    try {
      const found = await stat(this.reasonsTemp).catch(() => undefined);
      if (found === undefined) return;
      const lines = createInterface({ input: createReadStream(this.reasonsTemp), crlfDelay: Infinity });
      for await (const text of lines) {
        if (text === '') continue;
        const reason = JSON.parse(text) as { source: string; source_line: number };
        const key = (sourceIndex.get(reason.source) ?? 0) * lineSpace + reason.source_line;
        await output.write(`${JSON.stringify({ line: rejectLines.get(key) ?? null, ...reason })}\n`);
      }
    } finally {
      await output.sync();
      await output.close();
      await rm(this.reasonsTemp, { force: true });
    }
  }
}

/** The first of `candidates` that is the same file as one of `others`, if any. */
async function samePaths(
  cwd: string,
  candidates: readonly string[],
  others: readonly string[],
): Promise<string | undefined> {
  const real = async (path: string) => {
    const absolute = resolve(cwd, path);
    return (await realpath(absolute).catch(() => undefined)) ?? absolute;
  };
  const taken = new Map<string, string>();
  for (const other of others) if (other !== '-') taken.set(await real(other), other);
  for (const candidate of candidates) {
    const found = taken.get(await real(candidate));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Refuses CSV inputs whose headers differ: their rejects share one file, under one header. */
async function checkSameHeaders(files: readonly string[]): Promise<void> {
  if (files.length < 2) return;
  let firstHeader: Buffer | undefined;
  for (const file of files) {
    let header: Buffer | undefined;
    let bom: Buffer = Buffer.alloc(0);
    const input = openInput(file, Readable.from([]));
    try {
      await extractLines(
        input as AsyncIterable<Buffer>,
        [],
        { declaredUtf16le: false, header: true },
        {
          layout: (layout) => {
            bom = layout.bom;
          },
          header: (bytes) => {
            header = bytes;
          },
          line: () => undefined,
        },
      );
    } finally {
      input.destroy();
    }
    const current = Buffer.concat([bom, header ?? Buffer.alloc(0)]);
    if (firstHeader !== undefined && !firstHeader.equals(current)) {
      throw new UsageError(
        `--rejects writes one CSV under one header, and ${visible(file)} has another header (or encoding) than ${visible(files[0] ?? '')}: run each export on its own`,
      );
    }
    firstHeader ??= current;
  }
}

/** The settings of either kind of rejects: one file for NDJSON and CSV inputs, a folder for a relational export. */
export interface AnyRejectsSettings extends RejectsSettings {
  /** The mapping given with --mapping, when there are no input files (a relational export). */
  mappingPath: string | undefined;
}

/** A run's rejects: a file of the inputs' format, or for a relational export a folder of its tables. */
export type Rejects = RejectsFile | RelationalRejects;

/** Checks the rejects can be written as asked, before anything is read or sent (exit 2 otherwise). */
export async function prepareRejects(settings: AnyRejectsSettings): Promise<Rejects> {
  if (settings.mappingPath !== undefined && settings.files.length === 0) {
    const { loadAnyMapping } = await import('../records/load-mapping.js');
    const loaded = await loadAnyMapping(settings.mappingPath);
    if (loaded.kind === 'relational') {
      const { RelationalRejects } = await import('./relational-rejects.js');
      return RelationalRejects.prepare({
        path: settings.path,
        mapping: loaded.mapping,
        replace: settings.replace,
        cwd: settings.cwd,
      });
    }
  }
  return RejectsFile.prepare(settings);
}
