// End to end with a real tenant's schema: the sandbox validating with it, pull from it, validate and push with it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { JsonObject } from '../../src/core/json.js';
import type { RecordResult } from '../../src/report/record-result.js';
import { loadAccountSchema } from '../../src/validation/account-schema.js';
import { readNdjsonFile, repoPath } from '../helpers.js';
import { publishedDocumentPath } from '../sandbox/published-contract.js';
import { generateInstance } from '../validation/generate-instance.js';
import { runCli } from './run-cli.js';

let dir: string;
let origin: string;
let sandbox: ChildProcess;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kraken-import-e2e-schema-'));
  origin = join(dir, 'origin.yml');
  copyFileSync(publishedDocumentPath, origin);
  const schema = loadAccountSchema(origin);
  const accounts = ['O-1', 'O-2'].map((number) => {
    const account = generateInstance(schema.document, 'all', 5) as JsonObject;
    account['external_account_number'] = number;
    return account;
  });
  // The second breaks one rule of the tenant's schema: a choice it does not list.
  (accounts[1] as JsonObject)['account_type'] = 'RESIDENTIAL';
  writeFileSync(join(dir, 'accounts.ndjson'), `${accounts.map((account) => JSON.stringify(account)).join('\n')}\n`);
  sandbox = spawn(
    process.execPath,
    [
      repoPath('bin/kraken-import.cjs'),
      'sandbox',
      '--port',
      '0',
      '--processing-ms',
      '0',
      '--quiet',
      '--schema',
      origin,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' } },
  );
  const [line] = (await once(createInterface({ input: sandbox.stdout! }), 'line')) as [string];
  url = line.replace('listening on ', '');
});

afterAll(async () => {
  sandbox.kill('SIGTERM');
  await once(sandbox, 'exit');
});

describe('a tenant schema, end to end', () => {
  it('pulls the document the sandbox serves, then validates and pushes with it', async () => {
    const env = { KRAKEN_API_KEY: 'sandbox-key', KRAKEN_BASE_URL: url };
    const pulled = await runCli(['schema', 'pull', '--output', 'pulled.yml'], { cwd: dir, env });
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain('Account payload: OriginAccount');

    const validated = await runCli(['validate', 'accounts.ndjson', '--schema', 'pulled.yml', '--report', 'v.ndjson'], {
      cwd: dir,
      env,
    });
    expect(validated.code).toBe(1);
    expect(validated.stdout).toContain('accounts.ndjson:2 O-2 account_type invalid_choice');
    expect(readNdjsonFile<RecordResult>(join(dir, 'v.ndjson')).map((result) => result.outcome)).toEqual([
      'valid',
      'invalid',
    ]);
    // The audit manifest names the schema the run checked against.
    const manifest = JSON.parse(readFileSync(join(dir, 'v.ndjson.manifest.json'), 'utf8')) as {
      schema: { source: string; title: string };
    };
    expect(manifest.schema).toMatchObject({ source: join(dir, 'pulled.yml'), title: 'Kraken v1' });

    // The config file names the schema this time; the sandbox judges what is sent with the same schema.
    const config = 'schema: pulled.yml\n';
    writeFileSync(join(dir, 'kraken-import.yaml'), config);
    const pushed = await runCli(['push', 'accounts.ndjson', '--report', 'p.ndjson'], { cwd: dir, env });
    expect(pushed.code).toBe(1);
    expect(
      readNdjsonFile<RecordResult>(join(dir, 'p.ndjson'))
        .map((result) => [result.external_account_number, result.outcome])
        .sort(),
    ).toEqual([
      ['O-1', 'processed'],
      ['O-2', 'invalid'],
    ]);
  });

  it('converts a YAML schema met for the first time on a worker thread, with the same verdicts', async () => {
    const fresh = join(dir, 'fresh');
    mkdirSync(fresh);
    copyFileSync(origin, join(fresh, 'tenant.yml'));
    expect(existsSync(join(fresh, 'tenant.yml.converted.json'))).toBe(false);
    const run = await runCli(
      ['validate', join(dir, 'accounts.ndjson'), '--schema', 'tenant.yml', '--report', 'r.ndjson'],
      {
        cwd: fresh,
      },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('accounts.ndjson:2 O-2 account_type invalid_choice');
    expect(readNdjsonFile<RecordResult>(join(fresh, 'r.ndjson')).map((result) => result.outcome)).toEqual([
      'valid',
      'invalid',
    ]);
    // The worker kept its conversion beside the file, as the main thread would have.
    expect(existsSync(join(fresh, 'tenant.yml.converted.json'))).toBe(true);

    // Check workers get the loaded schema from the main thread: same verdicts with the records checked on them.
    const threaded = await runCli(
      ['validate', join(dir, 'accounts.ndjson'), '--schema', 'tenant.yml', '--workers', '2', '--report', 'w.ndjson'],
      { cwd: fresh },
    );
    expect(threaded.code).toBe(1);
    expect(
      readNdjsonFile<RecordResult>(join(fresh, 'w.ndjson')).map((result) => result.errors.map((e) => e.code)),
    ).toEqual(readNdjsonFile<RecordResult>(join(fresh, 'r.ndjson')).map((result) => result.errors.map((e) => e.code)));
  });

  it('checks the serializer an import supplier setting picks (tenant.supplier_settings), and refuses an unknown one', async () => {
    const strict = join(dir, 'strict');
    const unknown = join(dir, 'unknown');
    for (const [folder, settings] of [
      [strict, '{enforce_strict_billing_options: true}'],
      [unknown, '{enforce_everything: true}'],
    ] as const) {
      mkdirSync(folder);
      writeFileSync(
        join(folder, 'kraken-import.yaml'),
        `schema: ${origin}\ntenant:\n  supplier_settings: ${settings}\n`,
      );
    }
    const account = generateInstance(loadAccountSchema(origin).document, 'all', 5) as JsonObject;
    account['account_billing_options'] = { ...(account['account_billing_options'] as JsonObject), period_start_day: 5 };
    writeFileSync(join(strict, 'one.ndjson'), `${JSON.stringify(account)}\n`);

    const strictRun = await runCli(['validate', 'one.ndjson'], { cwd: strict });
    expect(strictRun.stdout).toContain('account_billing_options.period_start_day max_value');
    expect(strictRun.code).toBe(1);
    const unsetRun = await runCli(['validate', join(strict, 'one.ndjson'), '--schema', origin], { cwd: dir });
    expect(unsetRun.code).toBe(0);

    const refused = await runCli(['validate', join(strict, 'one.ndjson')], { cwd: unknown });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('tenant.supplier_settings: enforce_everything picks no serializer of this schema');
  });
});
