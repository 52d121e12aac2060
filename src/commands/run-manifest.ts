// Writes the audit manifest of a validate or push run (and updates it after `status --from`): the command line
// without secrets, the effective settings, the schema, mapping, config and inputs, and the final report's digest.
import { stat } from 'node:fs/promises';
import type { RemoteSettings } from '../config/remote-settings.js';
import { scrubStrings, secretHider, secretMarker, withoutSecrets } from '../core/hide-secrets.js';
import type { InputIdentity } from '../pipeline/input-identity.js';
import {
  digestReport,
  manifestPathFor,
  readManifest,
  sha256OfFile,
  sortedCounts,
  toolIdentity,
  writeManifest,
  ManifestProblem,
  type ManifestRun,
  type ReportDigest,
  type RunManifest,
} from '../report/manifest.js';
import type { OutcomeCounts } from '../report/record-result.js';
import type { AccountSchema } from '../validation/account-schema.js';
import type { CommandDeps } from './deps.js';

/** What replaces a secret in a manifest. */
const hidden = secretMarker;

/** Option names whose value is a secret (a path to a secret, `--api-key-file`, is not). */
const secretOption = /^--?[\w-]*(key|token|secret|passw(or)?d|pass|credential|credentials|auth-?header)$/i;
/** `NAME=value` where NAME looks like it holds a secret. */
const secretAssignment = /^([\w.-]*(key|token|secret|passw(or)?d|credential)[\w.-]*)=(.+)$/i;
/** A JSON Web Token, or an Authorization header value. */
const secretShapes = [/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, /\b(Token|Bearer|Basic)\s+\S+/gi];

/** Removes credentials from a URL inside a text: its user and password, and secret-looking query values. */
function scrubUrls(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, `$1${hidden}@`)
    .replace(/([?&][\w.-]*(key|token|secret|passw(or)?d|signature|sig|auth)[\w.-]*=)[^&#\s]*/gi, `$1${hidden}`);
}

/**
 * The command line as typed, without secrets: values of secret-looking options, `NAME=value` assignments of
 * secret-looking names, tokens, URL credentials, and the API key from the environment wherever it appears. The
 * key is only ever read from a file or KRAKEN_API_KEY, but a command line is scrubbed as if it might hold one.
 */
export function scrubCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const key = env['KRAKEN_API_KEY']?.trim();
  const scrubbed: string[] = ['kraken-import'];
  let hideNext = false;
  for (const argument of argv) {
    if (hideNext) {
      scrubbed.push(hidden);
      hideNext = false;
      continue;
    }
    const [name, value] = argument.startsWith('-') ? splitOption(argument) : [undefined, undefined];
    if (name !== undefined && secretOption.test(name) && !name.endsWith('-file')) {
      if (value === undefined) hideNext = true;
      scrubbed.push(value === undefined ? name : `${name}=${hidden}`);
      continue;
    }
    let text = argument.replace(secretAssignment, `$1=${hidden}`);
    for (const shape of secretShapes) text = text.replace(shape, hidden);
    text = scrubUrls(text);
    if (key !== undefined) text = withoutSecrets(text, [key]);
    scrubbed.push(text);
  }
  return scrubbed;
}

/** Replaces every known secret (the API key, from the environment or its file) wherever it appears in a value. */
function hideSecrets<T>(value: T, secrets: readonly string[]): T {
  const hide = secretHider(secrets);
  return scrubStrings(value, (text) => hide(scrubUrls(text)));
}

/** The secrets a run knows: the API key of the environment and, when it read one, the key from its file. */
function knownSecrets(env: NodeJS.ProcessEnv, apiKey: string | undefined): string[] {
  return [env['KRAKEN_API_KEY']?.trim() ?? '', apiKey ?? ''];
}

function splitOption(argument: string): [string, string | undefined] {
  const equals = argument.indexOf('=');
  return equals < 0 ? [argument, undefined] : [argument.slice(0, equals), argument.slice(equals + 1)];
}

/** The connection settings a run used, for its manifest: never the key, the base URL without credentials. */
export function remoteSettingsForManifest(settings: RemoteSettings): Record<string, unknown> {
  return {
    base_url: scrubUrls(settings.baseUrl),
    auth: settings.auth,
    import_supplier: settings.importSupplier ?? null,
    concurrency: settings.concurrency,
    rate: settings.rate ?? null,
    max_attempts: settings.retry.maxAttempts,
    max_outage_seconds: settings.maxOutageMs / 1000,
    payload_wrapper: settings.payloadWrapper,
  };
}

/** What a run knows when it starts: when, and the command line. */
export interface RunStart {
  command: string;
  startedAt: string;
  commandLine: string[];
}

/** Notes the start of a run for its manifest. */
export function startRun(command: string, deps: CommandDeps): RunStart {
  return { command, startedAt: deps.now().toISOString(), commandLine: scrubCommandLine(deps.argv, deps.env) };
}

/** Everything a run's manifest says besides the report's digest. */
export interface RunRecord {
  reportPath: string;
  start: RunStart;
  settings: Record<string, unknown>;
  redacted: boolean;
  schema: AccountSchema;
  mappingPath: string | undefined;
  configPath: string | undefined;
  inputs: readonly InputIdentity[];
  exitCode: number | null;
  /** Records this run wrote, by outcome. */
  counts: OutcomeCounts;
  /** A resumed run keeps the earlier runs of the report (and its first start) in the manifest. */
  continues: boolean;
  /** The report's digest worked out as the run wrote all of it; when undefined, the report is read back for it. */
  reportDigest?: ReportDigest | undefined;
  /** The API key the run used, if any: never written, wherever it would appear. */
  apiKey: string | undefined;
}

/** Tells whether a path is a regular file: a report written to /dev/null or a pipe has no manifest. */
async function isRegularFile(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() === true;
}

/**
 * Whether a report about to be written at `path` will get a manifest (and so needs its inputs' identity): a file,
 * or nothing yet (it is created as one); /dev/null or a pipe gets none.
 */
export async function reportGetsManifest(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info === undefined || info.isFile();
}

/** Reads the earlier manifest of a report a run continues; undefined when there is none or it is unreadable. */
async function earlierManifest(reportPath: string): Promise<RunManifest | undefined> {
  try {
    return await readManifest(reportPath);
  } catch (error) {
    if (error instanceof ManifestProblem) return undefined;
    throw error;
  }
}

/** Writes (or, for a resumed run, extends) the manifest of a finished report; returns its path, or undefined. */
export async function writeRunManifest(run: RunRecord, deps: CommandDeps): Promise<string | undefined> {
  if (!(await isRegularFile(run.reportPath))) return undefined;
  const earlier = run.continues ? await earlierManifest(run.reportPath) : undefined;
  const finishedAt = deps.now().toISOString();
  const thisRun: ManifestRun = {
    command: run.start.command,
    command_line: run.start.commandLine,
    started_at: run.start.startedAt,
    finished_at: finishedAt,
    exit_code: run.exitCode,
    counts: sortedCounts(run.counts),
  };
  const manifest: RunManifest = {
    manifest_version: 1,
    tool: toolIdentity(),
    command: run.start.command,
    command_line: run.start.commandLine,
    settings: run.settings,
    // A report is free of personal data only when every run that wrote it redacted.
    redacted: run.redacted && (earlier === undefined || earlier.redacted),
    schema: { source: run.schema.source, title: run.schema.title, sha256: run.schema.checksum },
    mapping:
      run.mappingPath === undefined ? null : { path: run.mappingPath, sha256: await sha256OfFile(run.mappingPath) },
    config: run.configPath === undefined ? null : { path: run.configPath, sha256: await sha256OfFile(run.configPath) },
    inputs: [...run.inputs],
    started_at: earlier?.started_at ?? run.start.startedAt,
    finished_at: finishedAt,
    report: { path: run.reportPath, ...(run.reportDigest ?? (await digestReport(run.reportPath))) },
    runs: [...(earlier?.runs ?? []), thisRun],
  };
  await writeManifest(run.reportPath, hideSecrets(manifest, knownSecrets(deps.env, run.apiKey)));
  return manifestPathFor(run.reportPath);
}

/**
 * After a command rewrote a report in place (`status --from`), records the new digest and the rewrite in its
 * manifest. A report without a manifest (an older version's) is left without one.
 */
export async function recordRewrite(
  reportPath: string,
  start: RunStart,
  exitCode: number,
  counts: OutcomeCounts,
  deps: CommandDeps,
): Promise<void> {
  const earlier = await earlierManifest(reportPath);
  if (earlier === undefined) return;
  const finishedAt = deps.now().toISOString();
  const rewrite: ManifestRun = {
    command: start.command,
    command_line: start.commandLine,
    started_at: start.startedAt,
    finished_at: finishedAt,
    exit_code: exitCode,
    counts: sortedCounts(counts),
  };
  const manifest = {
    ...earlier,
    finished_at: finishedAt,
    report: { path: earlier.report.path, ...(await digestReport(reportPath)) },
    runs: [...earlier.runs, rewrite],
  };
  await writeManifest(reportPath, hideSecrets(manifest, knownSecrets(deps.env, undefined)));
}
