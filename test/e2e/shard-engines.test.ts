// The README's two engines for running shards, taken as written: the GitHub Actions workflow's push step run once
// per matrix value and its merge step after them, and the Kubernetes Indexed Job's container args run once per
// completion index with JOB_COMPLETION_INDEX set, all against the sandbox with the built binary. Whatever the
// engine, the shards' reports must merge into every account once, with no shard missing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RecordResult } from '../../src/report/record-result.js';
import { defaultSandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/sandbox-server.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { readNdjsonFile, repoPath, writeSeedAccounts } from '../helpers.js';
import { shellEnvWithBinary } from './run-cli.js';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program (no shell unless it is bash) in `cwd` and resolves when it exits. */
function run(command: string, args: readonly string[], cwd: string, env: Record<string, string>): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** The README's YAML blocks. */
function readmeYaml(): unknown[] {
  const text = readFileSync(repoPath('README.md'), 'utf8');
  return text
    .split(/^```/m)
    .filter((chunk, index) => index % 2 === 1 && chunk.startsWith('yaml\n'))
    .map((chunk) => parse(chunk.slice(5)) as unknown);
}

type Json = Record<string, unknown>;
const at = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], value);

let sandbox: Sandbox;
let root: string;
let env: Record<string, string>;
const accounts = Array.from({ length: 24 }, (_, index) => `ENG${index}`);

beforeAll(async () => {
  sandbox = await startSandbox({ ...defaultSandboxOptions(defaultTenantRules), port: 0, processingMs: 20 });
  root = mkdtempSync(join(tmpdir(), 'kraken-engines-'));
  // `kraken-import` and `npx @kraken-import/cli` both run the built binary.
  const shell = shellEnvWithBinary(root, sandbox.url);
  const bin = shell.bin;
  env = shell.env;
  writeFileSync(
    join(bin, 'npx'),
    `#!/bin/sh\nwhile [ "$1" = --yes ]; do shift; done\n[ "$1" = @kraken-import/cli ] && shift\n` +
      `exec "${process.execPath}" "${repoPath('bin/kraken-import.cjs')}" "$@"\n`,
  );
  chmodSync(join(bin, 'npx'), 0o755);
});

afterAll(async () => {
  await sandbox.close();
});

const mergedAccounts = (report: string) =>
  readNdjsonFile<RecordResult>(report)
    .map((result) => result.external_account_number ?? '')
    .sort();

describe('the README engines for shards', () => {
  it('GitHub Actions matrix: each shard job pushes its part, the merge job combines them without gap or overlap', async () => {
    const workflow = readmeYaml().find((block) => at(block, 'jobs', 'push', 'strategy', 'matrix') !== undefined);
    expect(workflow).toBeDefined();
    const shards = at(workflow, 'jobs', 'push', 'strategy', 'matrix', 'shard') as number[];
    expect(shards).toEqual([1, 2, 3]);
    const steps = at(workflow, 'jobs', 'push', 'steps') as Json[];
    const push = steps.find((step) => String(step['run']).includes('kraken-import push'));
    const merge = (at(workflow, 'jobs', 'merge', 'steps') as Json[]).find((step) => 'run' in step);
    expect([push?.['env'], merge]).toEqual([
      expect.objectContaining({ KRAKEN_API_KEY: expect.any(String) }),
      expect.anything(),
    ]);

    const dir = mkdtempSync(join(root, 'actions-'));
    writeSeedAccounts(join(dir, 'accounts.ndjson'), accounts);
    const runs = await Promise.all(
      shards.map((shard) =>
        run('bash', ['-c', String(push?.['run']).replaceAll('${{ matrix.shard }}', String(shard))], dir, env),
      ),
    );
    for (const [index, ran] of runs.entries()) {
      expect([index, ran.code, ran.stderr]).toEqual([index, 0, expect.stringContaining(`shard ${index + 1}/3`)]);
    }
    const merged = await run('bash', ['-c', String(merge?.['run'])], dir, env);
    expect(merged.stdout).toContain('Merged 3 reports (shards 1/3, 2/3, 3/3)');
    expect(merged.code).toBe(0);
    expect(mergedAccounts(join(dir, 'cutover.ndjson'))).toEqual([...accounts].sort());
    for (const number of accounts)
      expect([number, sandbox.store.commits.get(`ACME\u0000${number}`)]).toEqual([number, 1]);
  });

  it('Kubernetes Indexed Job: each completion index pushes its shard, a retried pod resumes, and they merge', async () => {
    const job = readmeYaml().find((block) => at(block, 'spec', 'completionMode') === 'Indexed');
    expect(job).toBeDefined();
    const completions = at(job, 'spec', 'completions') as number;
    const container = at(job, 'spec', 'template', 'spec', 'containers', 0) as Json;
    const command = container['command'] as string[];
    const args = container['args'] as string[];
    const dir = mkdtempSync(join(root, 'k8s-'));
    mkdirSync(join(dir, 'data'));
    mkdirSync(join(dir, 'reports'));
    const input = join(dir, 'data', 'accounts.ndjson');
    writeSeedAccounts(
      input,
      accounts.map((number) => `K${number}`),
    );
    // The volumes are folders here: /data and /reports become the test's own.
    const local = (arg: string) => arg.replace(/^\/data\//, `${dir}/data/`).replace(/^\/reports\//, `${dir}/reports/`);
    const podArgs = (index: number) =>
      args.map((arg) => local(arg.replaceAll('$(JOB_COMPLETION_INDEX)', String(index))));
    const pod = (index: number) =>
      run(command[0] ?? '', [...command.slice(1), ...podArgs(index)], dir, {
        ...env,
        JOB_COMPLETION_INDEX: String(index),
      });
    const runs = await Promise.all(Array.from({ length: completions }, (_, index) => pod(index)));
    for (const ran of runs)
      expect([ran.code, ran.stderr]).toEqual([0, expect.stringContaining('starting a fresh run')]);
    // A pod retried after its shard finished (the Job's backoff): --resume pushes nothing again.
    const retried = await pod(1);
    expect(retried.code).toBe(0);
    expect(retried.stderr).toContain('already succeeded and will be skipped');

    const reports = Array.from({ length: completions }, (_, index) => join(dir, 'reports', `shard-${index}.ndjson`));
    const mergedPath = join(dir, 'reports', 'cutover.ndjson');
    const merged = await run('kraken-import', ['report', 'merge', ...reports, '--output', mergedPath], dir, env);
    expect(merged.stdout).toContain('Merged 3 reports (shards 1/3, 2/3, 3/3)');
    expect(merged.code).toBe(0);
    expect(mergedAccounts(mergedPath)).toEqual(accounts.map((number) => `K${number}`).sort());
    for (const number of accounts) expect(sandbox.store.commits.get(`ACME\u0000K${number}`)).toBe(1);
  });
});
