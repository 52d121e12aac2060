// Every `kraken-import` command in the README's shell blocks runs as written, against the real sandbox: a
// README that drifts from the tool (a renamed flag, a refused combination) fails here.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defaultSandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/sandbox-server.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { repoPath, writeSeedAccounts } from '../helpers.js';
import { shellEnvWithBinary } from './run-cli.js';

/** The README's shell blocks, each as its commands (continuation lines joined, comments dropped). */
function readmeBlocks(): { heading: string; commands: string[] }[] {
  const text = readFileSync(repoPath('README.md'), 'utf8');
  const blocks: { heading: string; commands: string[] }[] = [];
  let heading = '';
  for (const part of text.split(/^```/m).map((chunk, index) => ({ chunk, index }))) {
    if (part.index % 2 === 0) {
      heading = [...part.chunk.matchAll(/^#+ (.*)$/gm)].at(-1)?.[1] ?? heading;
      continue;
    }
    if (!part.chunk.startsWith('sh\n')) continue;
    const commands = part.chunk
      .slice(3)
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => /(^|\| |\.\.\. )kraken-import /.test(line));
    if (commands.length > 0) blocks.push({ heading, commands });
  }
  return blocks;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command line with bash in `cwd`, `kraken-import` on PATH; a sandbox is stopped once it listens. */
function runLine(line: string, cwd: string, env: Record<string, string>): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', line], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes('listening on http')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** A folder holding every file the README's examples name, made from the shipped fixtures. */
function exampleFolder(root: string, name: string): string {
  const dir = mkdtempSync(join(root, `${name.replace(/\W+/g, '-')}-`));
  const demo = repoPath('fixtures/demo-accounts.ndjson');
  for (const file of ['export.ndjson', 'accounts.ndjson']) copyFileSync(demo, join(dir, file));
  const gzipped = gzipSync(readFileSync(demo));
  for (const file of ['part-1.ndjson.gz', 'part-2.ndjson.gz', 'big.ndjson.gz']) writeFileSync(join(dir, file), gzipped);
  copyFileSync(repoPath('fixtures/csv/legacy-export.csv'), join(dir, 'legacy.csv'));
  symlinkSync(repoPath('fixtures'), join(dir, 'fixtures'));
  writeFileSync(join(dir, 'existing.txt'), '1000000003\n');
  return dir;
}

let sandbox: Sandbox;
let root: string;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ ...defaultSandboxOptions(defaultTenantRules), port: 0, processingMs: 200 });
  root = mkdtempSync(join(tmpdir(), 'kraken-readme-'));
  env = shellEnvWithBinary(root, sandbox.url).env;
});

afterAll(async () => {
  await sandbox.close();
});

describe('the README', () => {
  const blocks = readmeBlocks();

  it('has the commands this test runs', () => {
    expect(blocks.flatMap((block) => block.commands).length).toBeGreaterThan(20);
  });

  it.each(blocks.map((block) => [block.heading, block.commands] as const))(
    'runs every command of "%s" as written',
    async (heading, commands) => {
      const dir = exampleFolder(root, heading);
      if (!commands.some((command) => command.includes('kraken-import push'))) {
        // The status examples ask about accounts 8888888889 and 8888888890 and a push report: make them.
        writeSeedAccounts(join(dir, 'seed.ndjson'), ['8888888889', '8888888890'], (account) => {
          account['import_supplier'] = 'ACME_ENERGY';
        });
        const setup = await runLine('kraken-import push seed.ndjson --report cutover.ndjson', dir, env);
        expect(setup.code).toBe(0);
      }
      const soon = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
      for (const written of commands) {
        // Dates are examples: a schedule window must start in the future and end within 4 days of now.
        const line = written
          .replace('2026-12-01T22:00:00Z', soon(1))
          .replace('2026-12-02T04:00:00Z', soon(3))
          .replace(/^KRAKEN_API_KEY=\.\.\. /, '');
        const ran = await runLine(line, dir, { ...env, KRAKEN_IMPORT_SUPPLIER: 'ACME_ENERGY' });
        const shown = `${written}\n${ran.stderr}`;
        if (line.includes('kraken-import sandbox')) {
          expect([shown, ran.stdout]).toEqual([shown, expect.stringContaining('listening on http://') as unknown]);
          continue;
        }
        // 0: all succeeded; 1: some records are invalid (the demo file has 4 on purpose). Never a usage
        // error (2) or an unusable API (3).
        expect([shown, ran.code === 0 || ran.code === 1]).toEqual([shown, true]);
      }
    },
    // Generous: a loaded machine (CI with other jobs) runs these whole commands several times slower.
    240_000,
  );
});
