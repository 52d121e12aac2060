// The bundled CLI that bin/kraken-import.js runs: its V8 code cache must be one V8 takes, or every start pays for
// compiling the whole bundle again (issue #14's start-up target) without any test noticing.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConvertSchemaAnswer } from '../../src/validation/account-schema.js';
import { publishedDocumentPath } from '../sandbox/published-contract.js';
import { repoPath } from '../helpers.js';

describe('the bundle', () => {
  it('has its workers beside it and a code cache that V8 accepts in a plain node process', () => {
    for (const file of [
      'kraken-import.cjs',
      'kraken-import.cjs.cache',
      'check-worker.cjs',
      'convert-schema-worker.cjs',
    ]) {
      expect(existsSync(repoPath(`dist/cli/${file}`))).toBe(true);
    }
    // The same compile as bin/kraken-import.js, in a child process without Jest's V8 flags (flags are part of
    // what a code cache is checked against).
    const probe = `
      const { readFileSync } = require('node:fs');
      const Module = require('node:module');
      const { Script } = require('node:vm');
      const file = ${JSON.stringify(repoPath('dist/cli/kraken-import.cjs'))};
      const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: readFileSync(file + '.cache') });
      process.stdout.write(String(script.cachedDataRejected));
    `;
    const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '' };
    const run = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('false');
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
