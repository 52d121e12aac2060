// validate stopped by SIGINT: the records not yet checked still get their line, as `interrupted`, and exit 130.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/main.js';
import type { RecordResult } from '../../src/report/record-result.js';
import { readNdjsonFile, repoPath, testDeps } from '../helpers.js';

describe('validate interrupted', () => {
  it('writes every record and exits 130', async () => {
    const controller = new AbortController();
    controller.abort();
    const report = join(mkdtempSync(join(tmpdir(), 'kraken-validate-int-')), 'r.ndjson');
    const deps = testDeps({ signal: controller.signal });
    const code = await run(['validate', repoPath('fixtures/demo-accounts.ndjson'), '--report', report], deps);
    expect(code).toBe(130);
    const results = readNdjsonFile<RecordResult>(report);
    expect(results).toHaveLength(20);
    expect(new Set(results.map((result) => `${result.outcome}:${result.errors[0]?.code}`))).toEqual(
      new Set(['interrupted:interrupted']),
    );
    // Unfinished records are counted, not listed: a stop never floods the terminal.
    expect(deps.stdout.text()).not.toContain('demo-accounts.ndjson:');
    expect(deps.stdout.text()).toMatch(/Checked 20 records in 1 file in [\d.]+s: 20 interrupted \(0 errors\)/);
  });
});
