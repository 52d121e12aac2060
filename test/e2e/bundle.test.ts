// The bundled CLI that bin/kraken-import.cjs runs: its V8 code cache must be one V8 takes, or every start pays for
// compiling the whole bundle again (issue #14's start-up target) without any test noticing.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConvertSchemaAnswer } from '../../src/validation/account-schema.js';
import { bundledPhoneMetadataFolder } from '../../src/validation/phone-metadata.js';
import { publishedDocumentPath } from '../sandbox/published-contract.js';
import { readNdjsonFile, repoPath, seedAccount, useTempFolder, writeSeedAccounts } from '../helpers.js';

describe('the bundle', () => {
  const folder = useTempFolder('kraken-import-bundle-');

  it("has its workers and undici's bundle beside it, each bundle with a code cache that V8 accepts in a plain node process", () => {
    for (const file of [
      'kraken-import.cjs',
      'kraken-import.cjs.cache',
      'undici.cjs',
      'undici.cjs.cache',
      'check-worker.cjs',
      'convert-schema-worker.cjs',
      `${bundledPhoneMetadataFolder}/regions.json`,
      `${bundledPhoneMetadataFolder}/44.json`,
    ]) {
      expect(existsSync(repoPath(`dist/cli/${file}`))).toBe(true);
    }
    // The same compile as bin/kraken-import.cjs, in a child process without Jest's V8 flags (flags are part of
    // what a code cache is checked against).
    for (const bundle of ['kraken-import.cjs', 'undici.cjs']) {
      const probe = `
        const { readFileSync } = require('node:fs');
        const Module = require('node:module');
        const { Script } = require('node:vm');
        const file = ${JSON.stringify(repoPath(`dist/cli/${bundle}`))};
        const script = new Script(Module.wrap(readFileSync(file, 'latin1')), { filename: file, cachedData: readFileSync(file + '.cache') });
        process.stdout.write(String(script.cachedDataRejected));
      `;
      const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '' };
      const run = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env });
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('false');
    }
  });

  it("is ASCII only, as undici's bundle is, which bin/code-cache.cjs reads as Latin-1", () => {
    for (const bundle of ['kraken-import.cjs', 'undici.cjs']) {
      const bytes = readFileSync(repoPath(`dist/cli/${bundle}`));
      expect(bytes.length).toBeGreaterThan(100_000);
      expect(bytes.findIndex((byte) => byte > 0x7f)).toBe(-1);
    }
  });

  it("checks phone numbers with the part of the metadata beside it for the tenant's region, one that shares +44", () => {
    const input = join(folder(), 'phones.ndjson');
    const account = (number: string, mobile: string) => {
      const seed = seedAccount() as { customers: Record<string, unknown>[] };
      const customers = seed.customers.map((customer) => ({ ...customer, mobile, alternative_phone_numbers: [] }));
      return JSON.stringify({ ...seed, customers, import_supplier: 'ACME', external_account_number: number });
    };
    // A Jersey mobile, a Guernsey landline (valid: the rule asks for the region's calling code, +44, and Guernsey's
    // plan is in that part too) and a US number.
    writeFileSync(
      input,
      [account('P1', '+447797712345'), account('P2', '+441481256789'), account('P3', '+12015550123')].join('\n'),
    );
    const run = (region: string) => {
      const config = join(folder(), `${region}.yaml`);
      writeFileSync(config, `tenant:\n  region: ${region}\n`);
      return spawnSync(
        process.execPath,
        [repoPath('bin/kraken-import.cjs'), 'validate', input, '--config', config, '--report', '/dev/null', '--json'],
        { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' } },
      );
    };
    const jersey = run('JE');
    const codes = jersey.stdout
      .split('\n')
      .filter((line) => line.startsWith('{"source"'))
      .map((line) => JSON.parse(line) as { line: number; errors: { code: string }[] })
      .map((result) => [result.line, result.errors.map((error) => error.code)]);
    expect(codes).toEqual([
      [1, []],
      [2, []],
      [3, ['invalid_phone_number']],
    ]);
    const unknown = run('XX');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('tenant.region "XX" is not a region with known phone numbers');
  });

  /** Validates one seed record with these options after the file, listing the built-in modules Node loaded. */
  function validateOneRecord(options: string[]): { status: number | null; stdout: string; loaded: string[] } {
    const record = join(folder(), 'one.ndjson');
    writeSeedAccounts(record, ['8888888889']);
    // Preloaded, it lists every built-in module Node loaded, as the process exits.
    const listModules = join(folder(), 'list-modules.cjs');
    writeFileSync(
      listModules,
      "process.on('exit', () => require('node:fs').writeSync(2, JSON.stringify(process.moduleLoadList)));",
    );
    const run = spawnSync(
      process.execPath,
      ['-r', listModules, repoPath('bin/kraken-import.cjs'), 'validate', record, ...options],
      { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' } },
    );
    return { status: run.status, stdout: run.stdout, loaded: JSON.parse(run.stderr) as string[] };
  }

  it('validates one record without loading the Node.js modules that only some runs need, nor the ES module loader', () => {
    const report = join(folder(), 'report.ndjson');
    const { status, loaded } = validateOneRecord(['--report', report]);
    expect(status).toBe(0);
    // The record was checked (the phone numbers too, from the metadata cut per calling code beside the bundle).
    expect(readNdjsonFile(report).filter((line) => line['outcome'] === 'valid')).toHaveLength(1);
    // node:tty (and node:net with it) only for a stream that is a terminal: chalk's own look at the terminal is left out.
    // undici (its bundle loads node:http and node:tls) only for a command that talks HTTP.
    for (const module of [
      'http',
      'tls',
      'tty',
      'perf_hooks',
      'child_process',
      'worker_threads',
      'zlib',
      'readline',
      'internal/modules/esm/translators',
      'internal/modules/esm/resolve',
    ]) {
      expect(loaded).not.toContain(`NativeModule ${module}`);
    }
  });

  it("colours its messages by the tool's own look at the stream, FORCE_COLOR and NO_COLOR, not chalk's", () => {
    const missing = join(folder(), 'missing.ndjson');
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [repoPath('bin/kraken-import.cjs'), 'validate', missing], {
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '', ...env },
      }).stderr;
    expect(run({ FORCE_COLOR: '1' }).startsWith('\x1b[31merror:\x1b[39m cannot read ')).toBe(true);
    expect(run({})).toMatch(/^error: cannot read /);
    expect(run({ FORCE_COLOR: '1', NO_COLOR: '1' })).toMatch(/^error: cannot read /);
  });

  it('validates one record without a report file without loading node:crypto (nothing to hash for a manifest)', () => {
    const { status, stdout, loaded } = validateOneRecord(['--report', '/dev/null', '--json']);
    expect(status).toBe(0);
    expect(stdout).toContain('"outcome":"valid"');
    expect(loaded).toContain('NativeModule fs');
    expect(loaded).not.toContain('NativeModule crypto');
  });

  it.each([
    ['never settles (the event loop runs dry)', 'exports.main = () => new Promise(() => {});', 13],
    ['rejects', "exports.main = async () => { throw new Error('boom'); };", 1],
    ['sets its exit code', 'exports.main = async () => { process.exitCode = 3; };', 3],
    ['exits with its own code while pending', 'exports.main = () => new Promise(() => process.exit(141));', 141],
  ])('bin/kraken-import.cjs exits non-zero unless main() says otherwise: a main() that %s', (_, bundle, code) => {
    mkdirSync(join(folder(), 'bin'));
    mkdirSync(join(folder(), 'dist/cli'), { recursive: true });
    for (const file of ['kraken-import.cjs', 'code-cache.cjs']) {
      copyFileSync(repoPath(`bin/${file}`), join(folder(), `bin/${file}`));
    }
    writeFileSync(join(folder(), 'dist/cli/kraken-import.cjs'), bundle);
    const run = spawnSync(process.execPath, [join(folder(), 'bin/kraken-import.cjs')], { encoding: 'utf8' });
    expect(run.status).toBe(code);
  });

  /** A copy of the built tool in a folder of its own, without the named files of dist/cli. */
  function builtCopyWithout(missing: string[]): string {
    const copy = join(folder(), 'copy');
    mkdirSync(join(copy, 'bin'), { recursive: true });
    mkdirSync(join(copy, 'dist/cli'), { recursive: true });
    copyFileSync(repoPath('package.json'), join(copy, 'package.json'));
    for (const file of ['kraken-import.cjs', 'code-cache.cjs']) {
      copyFileSync(repoPath(`bin/${file}`), join(copy, `bin/${file}`));
    }
    cpSync(repoPath('dist/cli'), join(copy, 'dist/cli'), { recursive: true });
    for (const file of missing) rmSync(join(copy, 'dist/cli', file));
    return copy;
  }

  it('says how to build it when the bundle is missing (exit 2)', () => {
    const copy = builtCopyWithout(['kraken-import.cjs']);
    const run = spawnSync(process.execPath, [join(copy, 'bin/kraken-import.cjs'), '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('kraken-import is not built');
    expect(run.stderr).toContain('run npm run build');
  });

  it("says how to build it when undici's bundle is missing, for a command that talks HTTP", () => {
    const copy = builtCopyWithout(['undici.cjs']);
    const run = spawnSync(
      process.execPath,
      [
        join(copy, 'bin/kraken-import.cjs'),
        'status',
        'A-1',
        '--base-url',
        'http://127.0.0.1:9',
        '--import-supplier',
        'X',
      ],
      { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', KRAKEN_API_KEY: 'sandbox-key' } },
    );
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`kraken-import is not fully built (${join(copy, 'dist/cli/undici.cjs')} is missing)`);
    expect(run.stderr).toContain('run npm run build');
  });

  it("converts a tenant's YAML schema on its worker (convert-schema-worker.cjs), answering with the schema", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kraken-import-bundle-'));
    const path = join(dir, 'tenant.yml');
    copyFileSync(publishedDocumentPath, path);
    const worker = new Worker(repoPath('dist/cli/convert-schema-worker.cjs'), { workerData: { path } });
    const [answer] = (await once(worker, 'message')) as [ConvertSchemaAnswer];
    await worker.terminate();
    expect('schema' in answer && answer.schema.checksum).toBe(
      createHash('sha256').update(readFileSync(path)).digest('hex'),
    );
    expect('schema' in answer && answer.schema.document['x-payload-schema']).toBe('OriginAccount');
    rmSync(dir, { recursive: true, force: true });
  });
});
