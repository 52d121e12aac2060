// The audit manifest beside a report (`<report>.manifest.json`): what produced it, from which inputs, and the
// report's own checksum, line count and counts by outcome, so that `report verify` can tell it was not edited.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { countOutcome, type Outcome, type OutcomeCounts } from './record-result.js';
import { syncDirectory, type LineObserver } from './ndjson-writer.js';
import { packageIdentity } from '../core/package-files.js';

/** The format of the manifest file; a reader refuses a version it does not know. */
export const manifestVersion = 1;

/** A file the run read, by name as given (null size and checksum for standard input). */
export interface ManifestFile {
  name: string;
  size: number | null;
  sha256: string | null;
}

/** One run (or rewrite, such as `status --from`) that wrote the report. */
export interface ManifestRun {
  command: string;
  /** The command line without secrets. */
  command_line: string[];
  started_at: string;
  finished_at: string;
  exit_code: number | null;
  /** Records this run wrote, by outcome. */
  counts: OutcomeCounts;
}

/** What the manifest says about the report itself, recomputed by `report verify`. */
export interface ReportDigest {
  sha256: string;
  bytes: number;
  /** Non-empty lines. */
  lines: number;
  /** Lines that are not a JSON object with an outcome (a crash's cut line, an edit). */
  unreadable_lines: number;
  /** Counts by outcome, recomputed from the lines. */
  counts: OutcomeCounts;
}

/** The whole manifest. */
export interface RunManifest {
  manifest_version: number;
  tool: { name: string; version: string; node: string };
  /** `validate`, `push`, or `report merge`. */
  command: string;
  /** The command line of the latest run, without secrets. */
  command_line: string[];
  /** The effective settings of the latest run (flag > environment > config > default; never a secret). */
  settings: Record<string, unknown>;
  /** Whether personal data was kept out of the report (`--redact`). */
  redacted: boolean;
  schema: { source: string; title: string; sha256: string } | null;
  mapping: { path: string; sha256: string } | null;
  config: { path: string; sha256: string } | null;
  inputs: ManifestFile[];
  started_at: string;
  finished_at: string;
  report: ReportDigest & { path: string };
  /** Every run that wrote the report, oldest first (a resume or `status --from` adds one). */
  runs: ManifestRun[];
  /** For a merged report: the reports it was made of, with their checksums. */
  merged_from?: ManifestFile[];
  /** For a merged report of shards of one input: how many, which were merged, which are missing. */
  shards?: { count: number; present: number[]; missing: number[] };
}

/** Returns the path of the manifest that belongs to a report. */
export function manifestPathFor(reportPath: string): string {
  return `${reportPath}.manifest.json`;
}

/** This tool's name and version (from its package.json) and the Node.js version running it. */
export function toolIdentity(): RunManifest['tool'] {
  const { name, version } = packageIdentity();
  return { name, version, node: process.version };
}

/** SHA-256 (hex) of a file's bytes, streamed. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads a report once: its checksum, size, lines and counts by outcome recomputed from the lines. */
export async function digestReport(path: string): Promise<ReportDigest> {
  const hash = createHash('sha256');
  const counts: OutcomeCounts = {};
  let bytes = 0;
  let lines = 0;
  let unreadable = 0;
  let pending = '';
  const decoder = new StringDecoder('utf8');
  const countLine = (line: string) => {
    if (line.trim() === '') return;
    lines += 1;
    const outcome = outcomeOf(line);
    if (outcome === undefined) unreadable += 1;
    else countOutcome(counts, outcome);
  };
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    bytes += buffer.length;
    const parts = (pending + decoder.write(buffer)).split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) countLine(line);
  }
  countLine(pending + decoder.end());
  return { sha256: hash.digest('hex'), bytes, lines, unreadable_lines: unreadable, counts: sortedCounts(counts) };
}

/**
 * The digest of a report worked out as the run writes it, line by line, equal to what `digestReport` reads back from
 * a file that holds those lines and nothing else: the run's manifest then needs no second pass over the report (0.5
 * to 1.0 s for the 80 MB report of 40,000 accounts that all have errors). After a failed write it has none: what
 * the file holds is then known only by reading it back.
 */
export class ReportDigester implements LineObserver {
  private readonly hash = createHash('sha256');
  private readonly counts: OutcomeCounts = {};
  private bytes = 0;
  private lines = 0;
  private unreadable = 0;
  private broken = false;

  /** Takes one line as written: the value it serializes and its bytes (newline included). */
  written(value: unknown, line: Buffer): void {
    this.hash.update(line);
    this.bytes += line.length;
    this.lines += 1;
    const outcome = outcomeOfValue(value);
    if (outcome === undefined) this.unreadable += 1;
    else countOutcome(this.counts, outcome);
  }

  /** A write failed: no digest from now on. */
  failed(): void {
    this.broken = true;
  }

  /** The digest of the lines so far; undefined after a failed write. */
  digest(): ReportDigest | undefined {
    if (this.broken) return undefined;
    return {
      sha256: this.hash.copy().digest('hex'),
      bytes: this.bytes,
      lines: this.lines,
      unreadable_lines: this.unreadable,
      counts: sortedCounts(this.counts),
    };
  }
}

/** The outcome of one report line, or undefined when the line is not a result. */
function outcomeOf(line: string): Outcome | undefined {
  try {
    return outcomeOfValue(JSON.parse(line) as unknown);
  } catch {
    return undefined;
  }
}

/** The outcome of a report line's value, or undefined when it is not a result (an object with an outcome). */
function outcomeOfValue(value: unknown): Outcome | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const outcome = (value as Record<string, unknown>)['outcome'];
  return typeof outcome === 'string' ? (outcome as Outcome) : undefined;
}

/** Counts in a stable order (by outcome name), so that two manifests of one report are byte for byte equal. */
export function sortedCounts(counts: OutcomeCounts): OutcomeCounts {
  const sorted: OutcomeCounts = {};
  for (const outcome of Object.keys(counts).sort() as Outcome[]) sorted[outcome] = counts[outcome];
  return sorted;
}

/** Writes a manifest all at once: written beside it, synced to disk, renamed over it, private to its owner. */
export async function writeManifest(reportPath: string, manifest: RunManifest): Promise<void> {
  const path = manifestPathFor(reportPath);
  const temporary = `${path}.writing`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(temporary, 0o600);
  await rename(temporary, path);
  await syncDirectory(dirname(path));
}

/** Why a manifest could not be read. */
export class ManifestProblem extends Error {}

/** Reads a report's manifest; undefined when there is none, a ManifestProblem when it is not one this tool wrote. */
export async function readManifest(reportPath: string): Promise<RunManifest | undefined> {
  const path = manifestPathFor(reportPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ManifestProblem(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ManifestProblem(`${path} is not JSON: it was not written by kraken-import, or was damaged`);
  }
  if (!isManifest(parsed)) {
    throw new ManifestProblem(`${path} is not a kraken-import manifest (version ${manifestVersion})`);
  }
  return parsed;
}

function isManifest(value: unknown): value is RunManifest {
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as Record<string, unknown>;
  const report = fields['report'];
  return (
    fields['manifest_version'] === manifestVersion &&
    typeof report === 'object' &&
    report !== null &&
    typeof (report as Record<string, unknown>)['sha256'] === 'string' &&
    Array.isArray(fields['runs']) &&
    Array.isArray(fields['inputs'])
  );
}

/** Says, one sentence each, how a report differs from what its manifest recorded; empty when it matches. */
export function compareDigest(recorded: ReportDigest, actual: ReportDigest): string[] {
  const differences: string[] = [];
  if (recorded.lines !== actual.lines) {
    const change = actual.lines < recorded.lines ? 'lines are missing' : 'lines were added';
    differences.push(`${change}: the report has ${actual.lines} lines, the manifest says ${recorded.lines}`);
  }
  const outcomes = new Set([...Object.keys(recorded.counts), ...Object.keys(actual.counts)] as Outcome[]);
  for (const outcome of [...outcomes].sort()) {
    const then = recorded.counts[outcome] ?? 0;
    const now = actual.counts[outcome] ?? 0;
    if (then !== now) differences.push(`${outcome}: ${now} in the report, ${then} in the manifest`);
  }
  if (recorded.unreadable_lines !== actual.unreadable_lines) {
    differences.push(
      `lines that are not results: ${actual.unreadable_lines} in the report, ${recorded.unreadable_lines} in the manifest`,
    );
  }
  if (recorded.bytes !== actual.bytes) {
    differences.push(`size: ${actual.bytes} bytes, the manifest says ${recorded.bytes}`);
  }
  if (recorded.sha256 !== actual.sha256) {
    differences.push(`SHA-256: ${actual.sha256}, the manifest says ${recorded.sha256}`);
  }
  return differences;
}
