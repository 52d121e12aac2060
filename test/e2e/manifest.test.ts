// The audit manifest end to end: the built binary writes `<report>.manifest.json` beside each report of validate
// and push (kept up to date by --resume and status --from), and `report verify` catches a report edited after it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunManifest } from '../../src/report/manifest.js';
import { defaultSandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/sandbox-server.js';
import { builtInAccountSchema } from '../../src/validation/account-schema.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { repoPath, writeSeedAccounts } from '../helpers.js';
import { runCli } from './run-cli.js';

const secretKey = 'kx-5ecret-4pi-key-value';
let sandbox: Sandbox;
const dir = mkdtempSync(join(tmpdir(), 'kraken-manifest-'));

beforeAll(async () => {
  sandbox = await startSandbox({
    ...defaultSandboxOptions(defaultTenantRules),
    port: 0,
    processingMs: 50,
    token: secretKey,
  });
});
afterAll(async () => {
  await sandbox.close();
});

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function manifestOf(report: string): RunManifest {
  return JSON.parse(readFileSync(`${report}.manifest.json`, 'utf8')) as RunManifest;
}

const packageVersion = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;

describe('the audit manifest of validate', () => {
  const input = join(dir, 'demo.ndjson');
  const report = join(dir, 'checked.ndjson');
  copyFileSync(repoPath('fixtures/demo-accounts.ndjson'), input);

  it('records the tool, command line, settings, schema, inputs, times, counts and the report checksum', async () => {
    const run = await runCli(['validate', input, '--report', report, '--max-record-bytes', '100000'], { cwd: dir });
    expect(run.code).toBe(1);
    const manifest = manifestOf(report);
    expect(statSync(`${report}.manifest.json`).mode & 0o777).toBe(0o600);
    expect(manifest.tool.version).toBe(packageVersion);
    expect(manifest.command).toBe('validate');
    expect(manifest.command_line).toEqual([
      'kraken-import',
      'validate',
      input,
      '--report',
      report,
      '--max-record-bytes',
      '100000',
    ]);
    expect(manifest.settings).toMatchObject({ max_record_bytes: 100000, encoding: 'utf-8', remote: false });
    expect(manifest.schema).toEqual({ source: 'built-in', title: 'Account', sha256: builtInAccountSchema().checksum });
    expect(manifest.mapping).toBeNull();
    expect(manifest.inputs).toEqual([{ name: input, size: statSync(input).size, sha256: sha256(input) }]);
    expect(manifest.report).toMatchObject({ sha256: sha256(report), lines: 20, counts: { invalid: 4, valid: 16 } });
    expect(Date.parse(manifest.finished_at)).toBeGreaterThanOrEqual(Date.parse(manifest.started_at));
    expect(manifest.runs).toEqual([expect.objectContaining({ command: 'validate', exit_code: 1 })]);

    const verified = await runCli(['report', 'verify', report]);
    expect([verified.code, verified.stderr]).toEqual([0, '']);
    expect(verified.stdout).toContain('matches its manifest: 20 lines (16 valid, 4 invalid)');
  });

  it('records the mapping of a CSV input by checksum', async () => {
    const mapping = repoPath('fixtures/mappings/legacy-export.yaml');
    const csvReport = join(dir, 'legacy.ndjson');
    const run = await runCli([
      'validate',
      repoPath('fixtures/csv/legacy-export.csv'),
      '--mapping',
      mapping,
      '--report',
      csvReport,
    ]);
    expect([0, 1]).toContain(run.code);
    expect(manifestOf(csvReport).mapping).toEqual({ path: mapping, sha256: sha256(mapping) });
  });

  it.each([
    [
      'an edited outcome',
      (text: string) => text.replace('"outcome":"invalid"', '"outcome":"valid"'),
      ['invalid: 3 in the report, 4 in the manifest', 'valid: 17 in the report, 16 in the manifest', 'SHA-256'],
    ],
    [
      'a removed line',
      (text: string) => text.split('\n').slice(1).join('\n'),
      ['lines are missing: the report has 19 lines, the manifest says 20'],
    ],
    [
      'an added line',
      (text: string) => `${text}${text.split('\n')[0] ?? ''}\n`,
      ['lines were added: the report has 21 lines, the manifest says 20'],
    ],
    [
      'an edited detail (same counts, same length)',
      (text: string) => text.replace('abcde is not', 'abcdf is not'),
      ['SHA-256'],
    ],
  ])('report verify exits 1 naming what differs after %s', async (_name, edit, expected) => {
    const copy = join(dir, `edited-${expected.length}-${_name.length}.ndjson`);
    writeFileSync(copy, edit(readFileSync(report, 'utf8')));
    copyFileSync(`${report}.manifest.json`, `${copy}.manifest.json`);
    const run = await runCli(['report', 'verify', copy]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('does not match its manifest');
    for (const difference of expected) expect(run.stdout).toContain(difference);
    const json = await runCli(['report', 'verify', copy, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false });
  });

  it('report verify exits 2 without a manifest or a report', async () => {
    const bare = join(dir, 'bare.ndjson');
    copyFileSync(report, bare);
    const noManifest = await runCli(['report', 'verify', bare]);
    expect(noManifest.code).toBe(2);
    expect(noManifest.stderr).toContain(`has no manifest (${bare}.manifest.json)`);
    const noReport = await runCli(['report', 'verify', join(dir, 'missing.ndjson')]);
    expect(noReport.code).toBe(2);
    writeFileSync(`${bare}.manifest.json`, '{"not": "a manifest"}');
    const notOne = await runCli(['report', 'verify', bare]);
    expect(notOne.code).toBe(2);
    expect(notOne.stderr).toContain('is not a kraken-import manifest');
  });

  it('writes no manifest beside a report that is not a regular file', async () => {
    const run = await runCli(['validate', input, '--report', '/dev/null']);
    expect([run.code, run.stderr]).toEqual([1, '']);
  });

  it('keeps secrets out: no API key, no environment value, no credentials in URLs', async () => {
    const remoteReport = join(dir, 'remote.ndjson');
    const run = await runCli(
      [
        'validate',
        input,
        '--remote',
        '--base-url',
        sandbox.url,
        '--report',
        remoteReport,
        // Not flags a team should use, but a command line is scrubbed as if it might hold a secret anyway.
        '--import-supplier',
        secretKey,
      ],
      { env: { KRAKEN_API_KEY: secretKey, OTHER_SETTING: 'env-value-never-recorded' } },
    );
    expect(run.code).toBe(1);
    const text = readFileSync(`${remoteReport}.manifest.json`, 'utf8');
    expect(text).not.toContain(secretKey);
    expect(text).not.toContain('env-value-never-recorded');
    const manifest = JSON.parse(text) as RunManifest;
    expect(manifest.command_line).toContain('[secret]');
    expect(manifest.settings).toMatchObject({ remote: true, base_url: sandbox.url, auth: 'token', concurrency: 8 });
  });
});

describe('the audit manifest of push', () => {
  const env = { KRAKEN_API_KEY: secretKey };

  it('follows the report through a push, status --from and --resume, and verify passes after each', async () => {
    const input = join(dir, 'push.ndjson');
    const report = join(dir, 'pushed.ndjson');
    writeSeedAccounts(input, ['7100000001', '7100000002', '7100000003']);
    const pushArgs = ['push', input, '--base-url', sandbox.url, '--report', report];
    const first = await runCli([...pushArgs, '--no-wait', '--concurrency', '2'], { env });
    expect(first.code).toBe(0);
    const submitted = manifestOf(report);
    expect(submitted.report.counts).toEqual({ submitted: 3 });
    expect(submitted.settings).toMatchObject({ wait: false, concurrency: 2, dry_run: false, resume: false });
    expect((await runCli(['report', 'verify', report])).code).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, 200));
    const settled = await runCli(['status', '--from', report, '--base-url', sandbox.url], { env });
    expect(settled.code).toBe(0);
    const afterStatus = manifestOf(report);
    expect(afterStatus.report).toMatchObject({ sha256: sha256(report), counts: { processed: 3 } });
    expect(afterStatus.runs.map((run) => [run.command, run.exit_code, run.counts])).toEqual([
      ['push', 0, { submitted: 3 }],
      ['status', 0, { processed: 3 }],
    ]);
    expect(afterStatus.started_at).toBe(submitted.started_at);
    expect((await runCli(['report', 'verify', report])).code).toBe(0);

    const resumed = await runCli([...pushArgs, '--resume'], { env });
    expect(resumed.code).toBe(0);
    const afterResume = manifestOf(report);
    expect(afterResume.runs.map((run) => run.command)).toEqual(['push', 'status', 'push']);
    expect(afterResume.settings).toMatchObject({ resume: true });
    expect(afterResume.report).toMatchObject({ sha256: sha256(report), lines: 3, counts: { skipped: 3 } });
    expect(afterResume.started_at).toBe(submitted.started_at);
    expect((await runCli(['report', 'verify', report])).code).toBe(0);
  });

  it('leaves no manifest behind a push refused before any record', async () => {
    const report = join(dir, 'refused.ndjson');
    const csv = join(dir, 'bad-header.csv');
    writeFileSync(csv, 'not_a_path\n1\n');
    const run = await runCli(['push', csv, '--base-url', sandbox.url, '--report', report], { env });
    expect(run.code).toBe(2);
    expect(existsSync(`${report}.manifest.json`)).toBe(false);
    expect(existsSync(report)).toBe(false);
  });
});
