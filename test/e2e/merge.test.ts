// `report merge` end to end: shard reports combined by the built binary into one (with its manifest), refusing an
// account reported twice or a shard edited after its run, and naming missing shards.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestReport, writeManifest, type RunManifest } from '../../src/report/manifest.js';
import type { RecordResult } from '../../src/report/record-result.js';
import { defaultSandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/sandbox-server.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { readNdjsonFile, repoPath, writeSeedAccounts } from '../helpers.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kraken-merge-'));
const input = join(dir, 'demo.ndjson');
const shard = (index: number) => join(dir, `shard-${index}.ndjson`);
const whole = join(dir, 'whole.ndjson');

function manifestOf(report: string): RunManifest {
  return JSON.parse(readFileSync(`${report}.manifest.json`, 'utf8')) as RunManifest;
}

function accounts(report: string): (string | null)[] {
  return readNdjsonFile<RecordResult>(report)
    .map((line) => line.external_account_number)
    .sort();
}

/**
 * Writes the reports (and manifests) of shards 1/3 … 3/3 of `input`, as `--shard i/3` runs write them: each holds
 * the lines of its accounts, and its manifest names the same input and the shard in `settings.shard`. Cut from the
 * whole run's report so that the test does not depend on how accounts are hashed into shards.
 */
async function writeShards(): Promise<void> {
  const lines = readFileSync(whole, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
  const wholeManifest = manifestOf(whole);
  for (const index of [1, 2, 3]) {
    const mine = lines.filter((_line, position) => position % 3 === index - 1);
    writeFileSync(shard(index), `${mine.join('\n')}\n`);
    const manifest: RunManifest = {
      ...wholeManifest,
      settings: { ...wholeManifest.settings, shard: { index, count: 3 } },
      report: { path: shard(index), ...(await digestReport(shard(index))) },
    };
    await writeManifest(shard(index), manifest);
  }
}

beforeAll(async () => {
  copyFileSync(repoPath('fixtures/demo-accounts.ndjson'), input);
  expect((await runCli(['validate', input, '--report', whole])).code).toBe(1);
  await writeShards();
});

describe('kraken-import report merge', () => {
  it('combines the shards of one input into the report of the whole, with a manifest that verifies', async () => {
    const merged = join(dir, 'merged.ndjson');
    const run = await runCli(['report', 'merge', shard(1), shard(2), shard(3), '--output', merged]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('Merged 3 reports (shards 1/3, 2/3, 3/3)');
    expect(run.stdout).toContain('20 records: ');
    expect(accounts(merged)).toEqual(accounts(whole));
    const manifest = manifestOf(merged);
    expect(manifest.command).toBe('report merge');
    expect(manifest.shards).toEqual({ count: 3, present: [1, 2, 3], missing: [] });
    expect(manifest.merged_from?.map((part) => part.name)).toEqual([shard(1), shard(2), shard(3)]);
    expect(manifest.inputs).toEqual(manifestOf(whole).inputs);
    expect(manifest.report.counts).toEqual(manifestOf(whole).report.counts);
    expect((await runCli(['report', 'verify', merged])).code).toBe(0);
  });

  it('names the missing shards (exit 1) and still writes what it has', async () => {
    const merged = join(dir, 'partial.ndjson');
    const run = await runCli(['report', 'merge', shard(1), shard(3), '--output', merged]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Missing shards: 2/3');
    expect(accounts(merged)).toEqual([...accounts(shard(1)), ...accounts(shard(3))].sort());
    expect(manifestOf(merged).shards).toEqual({ count: 3, present: [1, 3], missing: [2] });
  });

  it('refuses an account reported twice, naming both reports, and writes nothing', async () => {
    const merged = join(dir, 'overlap.ndjson');
    const run = await runCli(['report', 'merge', whole, shard(2), '--output', merged]);
    expect(run.code).toBe(1);
    const first = accounts(shard(2))[0] ?? '';
    expect(run.stdout).toContain(`account ${first} is in both ${whole} and ${shard(2)}`);
    expect(existsSync(merged)).toBe(false);
    expect(existsSync(`${merged}.merging`)).toBe(false);
  });

  it('refuses the same shard given twice', async () => {
    const copy = join(dir, 'shard-1-again.ndjson');
    copyFileSync(shard(1), copy);
    copyFileSync(`${shard(1)}.manifest.json`, `${copy}.manifest.json`);
    const run = await runCli(['report', 'merge', shard(1), copy, '--output', join(dir, 'twice.ndjson')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`shard 1/3 is both ${shard(1)} and ${copy}`);
  });

  it('refuses a shard edited after its run', async () => {
    const edited = join(dir, 'shard-2-edited.ndjson');
    writeFileSync(edited, readFileSync(shard(2), 'utf8').split('\n').slice(1).join('\n'));
    copyFileSync(`${shard(2)}.manifest.json`, `${edited}.manifest.json`);
    const run = await runCli(['report', 'merge', shard(1), edited, shard(3), '--output', join(dir, 'edited.ndjson')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${edited} does not match its manifest (lines are missing`);
  });

  it('redacts with --redact, and refuses to replace an existing output without --force', async () => {
    const merged = join(dir, 'redacted.ndjson');
    const parts = [shard(1), shard(2), shard(3)];
    expect(readFileSync(whole, 'utf8')).toContain('test@example.com');
    expect((await runCli(['report', 'merge', ...parts, '--output', merged, '--redact'])).code).toBe(0);
    expect(readFileSync(merged, 'utf8')).not.toContain('test@example.com');
    expect(manifestOf(merged).redacted).toBe(true);
    const again = await runCli(['report', 'merge', ...parts, '--output', merged]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists: add --force');
    expect((await runCli(['report', 'merge', ...parts, '--output', merged, '--force'])).code).toBe(0);
  });
});

describe('report merge of pushes', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ ...defaultSandboxOptions(defaultTenantRules), port: 0, processingMs: 20 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('merges the reports of two machines’ pushes of different exports into one', async () => {
    const env = { KRAKEN_API_KEY: 'sandbox-key' };
    const reports: string[] = [];
    const numbers: string[] = [];
    for (const part of [1, 2]) {
      const file = join(dir, `export-${part}.ndjson`);
      const mine = Array.from({ length: 6 }, (_, index) => `M${part}0${index}`);
      numbers.push(...mine);
      writeSeedAccounts(file, mine);
      const report = join(dir, `push-${part}.ndjson`);
      reports.push(report);
      const run = await runCli(['push', file, '--base-url', sandbox.url, '--report', report], { env });
      expect(run.code).toBe(0);
    }
    const merged = join(dir, 'push-merged.ndjson');
    const run = await runCli(['report', 'merge', ...reports, '--output', merged]);
    expect(run.code).toBe(0);
    expect(accounts(merged)).toEqual([...numbers].sort());
    expect(manifestOf(merged).report.counts).toEqual({ processed: 12 });
    expect(manifestOf(merged).inputs.map((input) => input.name)).toEqual([
      join(dir, 'export-1.ndjson'),
      join(dir, 'export-2.ndjson'),
    ]);
  });
});
