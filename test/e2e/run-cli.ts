// Spawns the built binary (bin/kraken-import.cjs) the way a user or CI runs it.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from '../helpers.js';

/** What a finished run of the binary printed and returned. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of one spawned run. */
export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: string;
}

/** Runs `kraken-import <args>` and resolves when it exits. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [repoPath('bin/kraken-import.cjs'), ...args], {
      cwd: options.cwd ?? repoPath(''),
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * A shell environment in which `kraken-import` on PATH is the built binary (a launcher in `<root>/bin`), pointed at
 * a sandbox: for tests that run command lines as a user types them.
 */
export function shellEnvWithBinary(root: string, sandboxUrl: string): { bin: string; env: Record<string, string> } {
  const bin = join(root, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'kraken-import'), `#!/bin/sh\nexec "${process.execPath}" "${launcherTarget}" "$@"\n`);
  chmodSync(join(bin, 'kraken-import'), 0o755);
  const env = {
    PATH: `${bin}:${process.env['PATH'] ?? ''}`,
    HOME: process.env['HOME'] ?? root,
    NO_COLOR: '1',
    KRAKEN_BASE_URL: sandboxUrl,
    KRAKEN_API_KEY: 'sandbox-key',
  };
  return { bin, env };
}

const launcherTarget = repoPath('bin/kraken-import.cjs');
