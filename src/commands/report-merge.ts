// `kraken-import report merge r1 r2 … --output merged.ndjson`: the reports of shards (or of any runs over disjoint
// accounts) combined into one, refusing an account reported twice and naming the shards that are missing.
import { rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ReportMergeFlags } from '../cli-options.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { formatCounts, plural } from '../report/format-result.js';
import {
  compareDigest,
  digestReport,
  ManifestProblem,
  readManifest,
  sha256OfFile,
  sortedCounts,
  toolIdentity,
  writeManifest,
  type ManifestFile,
  type RunManifest,
} from '../report/manifest.js';
import { NdjsonWriter, syncDirectory } from '../report/ndjson-writer.js';
import { checkOutputPath } from '../report/output-path.js';
import { readReport } from '../report/read-report.js';
import { countOutcome, type OutcomeCounts, type RecordResult } from '../report/record-result.js';
import { createChalk, visible } from '../report/terminal.js';
import type { CommandDeps, CommandResult } from './deps.js';
import { redactRecord } from './redaction.js';
import { startRun } from './run-manifest.js';

/** Options of `report merge`: its flags and the reports. */
export type ReportMergeOptions = ReportMergeFlags & { reports: string[] };

/** Overlaps listed one by one before the rest are only counted. */
const overlapsShown = 10;

/** One report to merge, with what its manifest says (when it has one). */
interface Part {
  path: string;
  manifest: RunManifest | undefined;
  shard: { index: number; count: number } | undefined;
}

/** The shard a manifest's run took (`settings.shard`, written by --shard i/n), if any. */
function shardOf(manifest: RunManifest | undefined): Part['shard'] {
  const shard = manifest?.settings['shard'];
  if (typeof shard !== 'object' || shard === null) return undefined;
  const { index, count } = shard as Record<string, unknown>;
  return typeof index === 'number' && typeof count === 'number' ? { index, count } : undefined;
}

/** Reads each report's manifest and refuses (exit 1) a report that no longer matches it. */
async function readParts(paths: readonly string[]): Promise<{ parts: Part[]; problems: string[] }> {
  const parts: Part[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    await requireReadable(path);
    // A report without a manifest is merged as it is; one with a manifest must still match it.
    let manifest: RunManifest | undefined;
    try {
      manifest = await readManifest(path);
    } catch (error) {
      if (!(error instanceof ManifestProblem)) throw error;
      problems.push(visible(error.message));
    }
    if (manifest !== undefined) {
      const differences = compareDigest(manifest.report, await digestReport(path));
      if (differences.length > 0) {
        problems.push(
          `${visible(path)} does not match its manifest (${differences[0] ?? ''}): check it with kraken-import report verify`,
        );
      }
    }
    parts.push({ path, manifest, shard: shardOf(manifest) });
  }
  return { parts, problems };
}

async function requireReadable(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile() !== true) throw new UsageError(`cannot read ${visible(path)}: not a file`);
}

/** Tells whether every part is a shard of one input, split the same way: then the missing shards can be named. */
function shardPlan(
  parts: readonly Part[],
): { count: number; present: number[]; missing: number[]; twice: string[] } | string | undefined {
  const shards = parts.map((part) => part.shard);
  if (shards.every((shard) => shard === undefined)) return undefined;
  if (shards.some((shard) => shard === undefined)) {
    return 'some reports are not of a shard (their manifest has no settings.shard): missing shards cannot be told';
  }
  const counts = new Set(shards.map((shard) => shard?.count));
  if (counts.size > 1)
    return `the reports split the input in different numbers of shards (${[...counts].join(', ')}): missing shards cannot be told`;
  const inputs = new Set(
    parts.map((part) => JSON.stringify((part.manifest?.inputs ?? []).map((input) => input.sha256))),
  );
  if (inputs.size > 1)
    return 'the shards were not taken from the same input (their inputs differ by SHA-256): missing shards cannot be told';
  const count = shards[0]?.count ?? 0;
  const seen = new Map<number, string>();
  const twice: string[] = [];
  for (const part of parts) {
    const index = part.shard?.index ?? 0;
    const first = seen.get(index);
    if (first !== undefined) twice.push(`shard ${index}/${count} is both ${visible(first)} and ${visible(part.path)}`);
    seen.set(index, part.path);
  }
  const present = [...seen.keys()].sort((a, b) => a - b);
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter((index) => !seen.has(index));
  return { count, present, missing, twice };
}

/** Which account a line is about: its import supplier and number; a line without a number by its source and line. */
function accountKey(result: RecordResult): { key: string; what: string } {
  const number = result.external_account_number;
  if (number === null)
    return { key: `line\u0000${result.source}\u0000${result.line}`, what: `record ${result.source}:${result.line}` };
  const supplier = typeof result['import_supplier'] === 'string' ? result['import_supplier'] : '';
  return { key: `account\u0000${supplier}\u0000${number}`, what: `account ${number}` };
}

/** Combines reports into one; exit 0 when merged, 1 on an overlap, a report that does not match its manifest, or a gap. */
export async function reportMerge(options: ReportMergeOptions, deps: CommandDeps): Promise<CommandResult> {
  const start = startRun('report merge', deps);
  const output = options.output;
  if (options.reports.includes(output))
    throw new UsageError(`--output ${visible(output)} is one of the reports to merge`);
  await checkOutputPath('--output', output, deps.cwd);
  if (options.force !== true && (await stat(output).catch(() => undefined)) !== undefined) {
    throw new UsageError(
      `--output ${visible(output)} already exists: add --force to replace it, or choose another file`,
    );
  }
  const { parts, problems } = await readParts(options.reports);
  const plan = shardPlan(parts);
  if (typeof plan === 'object') problems.push(...plan.twice);
  const chalk = createChalk(deps.stdout, deps.env);
  if (problems.length > 0) {
    deps.stdout.write(`${chalk.red('Not merged')}:\n${problems.map((problem) => `  - ${problem}\n`).join('')}`);
    return { exitCode: ExitCode.recordsFailed };
  }

  const redact = options.redact === true ? redactRecord : undefined;
  const temporary = `${output}.merging`;
  const writer = await NdjsonWriter.open(temporary);
  const owner = new Map<string, number>();
  const overlaps: string[] = [];
  let overlapCount = 0;
  const counts: OutcomeCounts = {};
  try {
    for (const [index, part] of parts.entries()) {
      for await (const result of readReport(part.path)) {
        const { key, what } = accountKey(result);
        const earlier = owner.get(key);
        if (earlier !== undefined && earlier !== index) {
          overlapCount += 1;
          if (overlaps.length < overlapsShown) {
            overlaps.push(
              `${visible(what)} is in both ${visible(parts[earlier]?.path ?? '')} and ${visible(part.path)}`,
            );
          }
          continue;
        }
        owner.set(key, index);
        countOutcome(counts, result.outcome);
        await writer.write(redact === undefined ? result : redact(result));
      }
    }
  } finally {
    await writer.close();
  }
  if (overlapCount > 0) {
    await rm(temporary, { force: true });
    const more = overlapCount > overlaps.length ? `  … and ${overlapCount - overlaps.length} more\n` : '';
    deps.stdout.write(
      `${chalk.red('Not merged')}: ${plural(overlapCount, 'account')} reported by two reports (shards must not overlap):\n` +
        overlaps.map((overlap) => `  - ${overlap}\n`).join('') +
        more,
    );
    return { exitCode: ExitCode.recordsFailed };
  }
  await rename(temporary, output);
  await syncDirectory(dirname(output));

  const gaps = typeof plan === 'object' ? plan.missing : [];
  await writeMergeManifest(output, parts, plan, options.redact === true, counts, start, deps);
  const records = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const shardText =
    typeof plan === 'object' ? ` (shards ${plan.present.map((index) => `${index}/${plan.count}`).join(', ')})` : '';
  deps.stdout.write(
    `Merged ${plural(parts.length, 'report')}${shardText} into ${visible(output)}: ${plural(records, 'record')}: ${formatCounts(counts, chalk)}.\n`,
  );
  if (typeof plan === 'string') deps.stderr.write(`note: ${plan}\n`);
  if (gaps.length > 0 && typeof plan === 'object') {
    deps.stdout.write(
      `${chalk.red('Missing shards')}: ${gaps.map((index) => `${index}/${plan.count}`).join(', ')}: ` +
        `${visible(output)} holds only part of the run; merge again with their reports.\n`,
    );
    return { exitCode: ExitCode.recordsFailed };
  }
  return { exitCode: ExitCode.ok };
}

/** The one value every manifest agrees on, else null. */
function common<T>(values: readonly T[]): T | null {
  const texts = new Set(values.map((value) => JSON.stringify(value)));
  return texts.size === 1 && values[0] !== undefined ? values[0] : null;
}

/** Writes the manifest of the merged report: its parts, the shards, and its own digest. */
async function writeMergeManifest(
  output: string,
  parts: readonly Part[],
  plan: ReturnType<typeof shardPlan>,
  redactFlag: boolean,
  counts: OutcomeCounts,
  start: ReturnType<typeof startRun>,
  deps: CommandDeps,
): Promise<void> {
  const manifests = parts.map((part) => part.manifest).filter((manifest) => manifest !== undefined);
  const finishedAt = deps.now().toISOString();
  const mergedFrom: ManifestFile[] = [];
  for (const part of parts) {
    mergedFrom.push({ name: part.path, size: (await stat(part.path)).size, sha256: await sha256OfFile(part.path) });
  }
  const inputs = common(manifests.map((manifest) => manifest.inputs)) ?? uniqueInputs(manifests);
  const starts = manifests.map((manifest) => manifest.started_at).sort();
  const allRedacted = manifests.length === parts.length && manifests.every((manifest) => manifest.redacted);
  const manifest: RunManifest = {
    manifest_version: 1,
    tool: toolIdentity(),
    command: 'report merge',
    command_line: start.commandLine,
    settings: { redact: redactFlag },
    redacted: redactFlag || allRedacted,
    schema: common(manifests.map((each) => each.schema)),
    mapping: common(manifests.map((each) => each.mapping)),
    config: common(manifests.map((each) => each.config)),
    inputs,
    started_at: starts[0] ?? start.startedAt,
    finished_at: finishedAt,
    report: { path: output, ...(await digestReport(output)) },
    runs: [
      {
        command: start.command,
        command_line: start.commandLine,
        started_at: start.startedAt,
        finished_at: finishedAt,
        exit_code: typeof plan === 'object' && plan.missing.length > 0 ? ExitCode.recordsFailed : ExitCode.ok,
        counts: sortedCounts(counts),
      },
    ],
    merged_from: mergedFrom,
    ...(typeof plan === 'object'
      ? { shards: { count: plan.count, present: plan.present, missing: plan.missing } }
      : {}),
  };
  await writeManifest(output, manifest);
}

/** The inputs of several manifests, each once (by name and checksum). */
function uniqueInputs(manifests: readonly RunManifest[]): ManifestFile[] {
  const seen = new Map<string, ManifestFile>();
  for (const manifest of manifests) {
    for (const input of manifest.inputs) seen.set(`${input.name}\u0000${String(input.sha256)}`, input);
  }
  return [...seen.values()];
}
