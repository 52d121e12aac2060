// `kraken-import sandbox`: runs the local Kraken emulator until SIGINT/SIGTERM.
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../config/load-config.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { defaultSandboxOptions, startSandbox, type SandboxOptions } from '../sandbox/sandbox-server.js';
import type { CommandDeps, CommandResult } from './deps.js';

/** Flags of `sandbox`, as parsed by commander. */
export interface SandboxFlags {
  host?: string;
  port?: number;
  token?: string;
  forbiddenToken?: string;
  jwtTtl?: number;
  processingMs?: number;
  seed?: number;
  latencyMs?: number;
  jitterMs?: number;
  rate429?: number;
  rate5xx?: number;
  rateReset?: number;
  rateLostCreate?: number;
  retryAfter?: number;
  maxConcurrent?: number;
  errorAccounts?: string;
  cancelAccounts?: string;
  statusLagMs?: number;
  preimported?: string;
  state?: string;
  errorFormat?: 'standard' | 'nested';
  config?: string;
  quiet?: boolean;
}

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

function pattern(flag: string, source: string | undefined): RegExp | undefined {
  if (source === undefined) return undefined;
  try {
    return new RegExp(source);
  } catch (error) {
    throw new UsageError(`${flag}: not a regular expression: ${(error as Error).message}`);
  }
}

/** Builds the sandbox options from flags over the defaults. */
export async function sandboxOptionsFrom(flags: SandboxFlags, deps: CommandDeps): Promise<SandboxOptions> {
  const config = await loadConfig(flags.config, deps.cwd);
  const defaults = defaultSandboxOptions(config.tenant);
  const rates = [flags.rate429, flags.rate5xx, flags.rateReset, flags.rateLostCreate].map((rate) => rate ?? 0);
  if (rates.some((rate) => rate < 0 || rate > 1)) throw new UsageError('fault rates are probabilities between 0 and 1');
  if ((flags.rate429 ?? 0) + (flags.rate5xx ?? 0) + (flags.rateReset ?? 0) > 1) {
    throw new UsageError('--rate-429, --rate-5xx and --rate-reset together must not exceed 1');
  }
  return {
    ...defaults,
    host: flags.host ?? defaults.host,
    port: flags.port ?? defaults.port,
    token: flags.token ?? defaults.token,
    forbiddenToken: flags.forbiddenToken,
    jwtTtlSeconds: flags.jwtTtl ?? defaults.jwtTtlSeconds,
    processingMs: flags.processingMs ?? defaults.processingMs,
    seed: flags.seed ?? defaults.seed,
    latencyMs: flags.latencyMs ?? 0,
    jitterMs: flags.jitterMs ?? 0,
    rate429: flags.rate429 ?? 0,
    rate5xx: flags.rate5xx ?? 0,
    rateReset: flags.rateReset ?? 0,
    rateLostCreate: flags.rateLostCreate ?? 0,
    retryAfterSeconds: flags.retryAfter ?? defaults.retryAfterSeconds,
    maxConcurrent: flags.maxConcurrent,
    errorAccounts: pattern('--error-accounts', flags.errorAccounts),
    cancelAccounts: pattern('--cancel-accounts', flags.cancelAccounts),
    statusLagMs: flags.statusLagMs ?? 0,
    preimported: flags.preimported === undefined ? new Set() : await readPreimported(flags.preimported),
    statePath: flags.state,
    errorFormat: flags.errorFormat ?? 'standard',
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
  if (!deps.signal.aborted)
    await new Promise((resolve) => {
      deps.signal.addEventListener('abort', resolve, { once: true });
    });
  await running.close();
  deps.stderr.write('sandbox stopped\n');
  return { exitCode: ExitCode.ok };
}
