// `kraken-import report verify <report>`: checks a report against its manifest — nothing edited, nothing missing.
import { access, constants } from 'node:fs/promises';
import type { ReportVerifyFlags } from '../cli-options.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { formatCounts, plural } from '../report/format-result.js';
import {
  compareDigest,
  digestReport,
  manifestPathFor,
  ManifestProblem,
  readManifest,
  type RunManifest,
} from '../report/manifest.js';
import { createChalk, visible } from '../report/terminal.js';
import type { CommandDeps, CommandResult } from './deps.js';

/** Options of `report verify`: its flags and the report file. */
export type ReportVerifyOptions = ReportVerifyFlags & { report: string };

/** Reads the manifest of a report, or says (exit 2) why there is none to check against. */
export async function manifestOf(reportPath: string): Promise<RunManifest> {
  try {
    await access(reportPath, constants.R_OK);
  } catch (error) {
    throw new UsageError(`cannot read ${visible(reportPath)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let manifest: RunManifest | undefined;
  try {
    manifest = await readManifest(reportPath);
  } catch (error) {
    if (error instanceof ManifestProblem) throw new UsageError(visible(error.message));
    throw error;
  }
  if (manifest === undefined) {
    throw new UsageError(
      `${visible(reportPath)} has no manifest (${visible(manifestPathFor(reportPath))}): validate and push write one ` +
        'beside each --report they finish; a report from before manifests existed cannot be verified',
    );
  }
  return manifest;
}

/** Checks a report against its manifest: exit 0 when they match, 1 with what differs, 2 without a manifest. */
export async function reportVerify(options: ReportVerifyOptions, deps: CommandDeps): Promise<CommandResult> {
  const manifest = await manifestOf(options.report);
  const digest = await digestReport(options.report);
  const differences = compareDigest(manifest.report, digest);
  const manifestPath = manifestPathFor(options.report);
  if (options.json === true) {
    const verdict = { report: options.report, manifest: manifestPath, ok: differences.length === 0, differences };
    deps.stdout.write(`${JSON.stringify({ ...verdict, digest })}\n`);
    return { exitCode: differences.length === 0 ? ExitCode.ok : ExitCode.recordsFailed };
  }
  const chalk = createChalk(deps.stdout, deps.env);
  const report = visible(options.report);
  if (differences.length > 0) {
    deps.stdout.write(
      `${chalk.red(`${report} does not match its manifest`)} (${visible(manifestPath)}): it was edited, cut short ` +
        'or replaced after the run that wrote it.\n' +
        differences.map((difference) => `  - ${visible(difference)}\n`).join(''),
    );
    return { exitCode: ExitCode.recordsFailed };
  }
  const runs = manifest.runs.length;
  const last = manifest.runs.at(-1);
  const by = last === undefined ? manifest.command : `${visible(last.command)} at ${visible(last.finished_at)}`;
  deps.stdout.write(
    `${chalk.green(`${report} matches its manifest`)}: ${plural(digest.lines, 'line')} ` +
      `(${formatCounts(digest.counts, chalk)}), SHA-256 ${digest.sha256}.\n` +
      `Written by ${plural(runs, 'run')} of kraken-import ${visible(manifest.tool.version)}, the last ${by}` +
      `${manifest.redacted ? '; redacted (no personal data)' : ''}.\n`,
  );
  return { exitCode: ExitCode.ok };
}
