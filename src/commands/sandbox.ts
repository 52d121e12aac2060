// `kraken-import sandbox`: runs the local Kraken emulator until SIGINT/SIGTERM.
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../config/load-config.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { defaultSandboxOptions, startSandbox, type SandboxOptions } from '../sandbox/sandbox-server.js';
import type { SandboxFlags } from '../cli-options.js';
import { shellQuote } from '../report/terminal.js';
import type { CommandDeps, CommandResult } from './deps.js';
import type { AccountSchema } from '../validation/account-schema.js';
import { loadRunSchema } from './prepare-inputs.js';

async function readPreimported(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return new Set(
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
}

/** What GET /data-import/schema/ serves: `--schema-document`, else the tenant's OpenAPI file, else (undefined) the schema rendered. */
async function schemaDocumentOf(
  documentPath: string | undefined,
  schemaPath: string | undefined,
  schema: AccountSchema,
): Promise<SandboxOptions['schemaDocument']> {
  const fromOpenApi = schemaPath !== undefined && schema.document['x-payload-schema'] !== undefined;
  const path = documentPath ?? (fromOpenApi ? schemaPath : undefined);
  if (path === undefined) return undefined;
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const json = /^\s*[[{]/.test(bytes.subarray(0, 64).toString('utf8'));
  return { bytes, contentType: json ? 'application/vnd.oai.openapi+json' : 'application/vnd.oai.openapi' };
}

function pattern(flag: string, source: string | undefined): RegExp | undefined {
  if (source === undefined) return undefined;
  try {
    return new RegExp(source);
  } catch (error) {
    throw new UsageError(`${flag}: not a regular expression: ${(error as Error).message}`);
  }
}

/** Builds the sandbox options from its flags (whose defaults are the sandbox's own). */
export async function sandboxOptionsFrom(flags: SandboxFlags, deps: CommandDeps): Promise<SandboxOptions> {
  const config = await loadConfig(flags.config, deps.cwd, flags.schema);
  const accountSchema = loadRunSchema(config);
  // Each rate is a probability (checked by its flag's parser); the three per-request faults share one draw.
  if (flags.rate429 + flags.rate5xx + flags.rateReset > 1) {
    throw new UsageError('--rate-429, --rate-5xx and --rate-reset together must not exceed 1');
  }
  return {
    ...defaultSandboxOptions(config.tenant, accountSchema),
    schemaDocument: await schemaDocumentOf(flags.schemaDocument, config.schemaPath, accountSchema),
    host: flags.host,
    port: flags.port,
    token: flags.token,
    forbiddenToken: flags.forbiddenToken,
    jwtTtlSeconds: flags.jwtTtl,
    processingMs: flags.processingMs,
    seed: flags.seed,
    latencyMs: flags.latencyMs,
    jitterMs: flags.jitterMs,
    rate429: flags.rate429,
    rate5xx: flags.rate5xx,
    rateReset: flags.rateReset,
    rateLostCreate: flags.rateLostCreate,
    retryAfterSeconds: flags.retryAfter,
    retryAfterHeader: flags.retryAfterHeader,
    fault: flags.fault,
    faultRate: flags.faultRate,
    faultRoutes: flags.faultRoutes,
    faultStatus: flags.faultStatus,
    trickleMs: flags.trickleMs,
    oversizedBytes: flags.oversizedBytes,
    maxConcurrent: flags.maxConcurrent,
    errorAccounts: pattern('--error-accounts', flags.errorAccounts),
    cancelAccounts: pattern('--cancel-accounts', flags.cancelAccounts),
    statusLagMs: flags.statusLagMs,
    preimported: flags.preimported === undefined ? new Set() : await readPreimported(flags.preimported),
    statePath: flags.state,
    errorFormat: flags.errorFormat,
    acceptBare: flags.acceptBare === true,
    dryRunOfImported: flags.dryRunOfImported,
    log: flags.quiet === true ? undefined : (line) => deps.stderr.write(`${line}\n`),
  };
}

/** Runs the sandbox until the process is signalled; prints `listening on http://HOST:PORT` once it accepts connections. */
export async function sandbox(flags: SandboxFlags, deps: CommandDeps): Promise<CommandResult> {
  const options = await sandboxOptionsFrom(flags, deps);
  let running;
  try {
    running = await startSandbox(options);
  } catch (error) {
    throw new UsageError(
      `cannot listen on ${options.host}:${options.port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  deps.stdout.write(`listening on ${running.url}\n`);
  // For people: the lines to paste in another terminal (on standard error, so that scripts read one line above).
  deps.stderr.write(
    `In another terminal:\n  export KRAKEN_BASE_URL=${running.url} KRAKEN_API_KEY=${shellQuote(options.token)}\n` +
      '  kraken-import push fixtures/demo-accounts.ndjson --report rehearsal.ndjson\n',
  );
  if (!deps.signal.aborted)
    await new Promise((resolve) => {
      deps.signal.addEventListener('abort', resolve, { once: true });
    });
  await running.close();
  deps.stderr.write('sandbox stopped\n');
  return { exitCode: ExitCode.ok };
}
