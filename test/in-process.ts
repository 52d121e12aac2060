// Shared by the tests that run commands in process against the real sandbox: sandboxes closed after each test,
// and a command run with captured output.
import { afterEach } from '@jest/globals';
import { Readable } from 'node:stream';
import { run } from '../src/main.js';
import {
  defaultSandboxOptions,
  startSandbox,
  type Sandbox,
  type SandboxOptions,
} from '../src/sandbox/sandbox-server.js';
import { defaultTenantRules } from '../src/validation/tenant-rules.js';
import { testDeps } from './helpers.js';

/** Returns a starter of sandboxes on port 0 (with `defaults` under each one's overrides), closed after each test. */
export function useSandboxes(
  defaults: Partial<SandboxOptions> = {},
): (overrides?: Partial<SandboxOptions>) => Promise<Sandbox> {
  const running: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.close()));
  });
  return async (overrides = {}) => {
    const started = await startSandbox({
      ...defaultSandboxOptions(defaultTenantRules),
      port: 0,
      ...defaults,
      ...overrides,
    });
    running.push(started);
    return started;
  };
}

/** How one in-process run differs from the default (sandbox key set, no colour, the real clock). */
export interface InProcessOptions {
  env?: Record<string, string>;
  signal?: AbortSignal;
  cwd?: string;
  stdin?: string;
}

/** Runs `kraken-import <args>` in process and returns its exit code and output. */
export async function runInProcess(
  args: string[],
  options: InProcessOptions = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const deps = testDeps({
    env: { NO_COLOR: '1', KRAKEN_API_KEY: 'sandbox-key', ...options.env },
    argv: args,
    now: () => new Date(),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(options.stdin)]) }),
  });
  const code = await run(args, deps);
  return { code, stdout: deps.stdout.text(), stderr: deps.stderr.text() };
}
