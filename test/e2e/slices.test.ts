// End to end: the built binary taking a slice of its input (--shard, --sample, --limit) and stopping on an error
// budget (--max-errors), against the sandbox; exit code, summary and report checked together.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shardOf } from '../../src/checking/record-slice.js';
import { shareOfRate } from '../../src/commands/run-slice.js';
import type { RecordResult } from '../../src/report/record-result.js';
import { defaultSandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/sandbox-server.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { readNdjsonFile, repoPath, writeSeedAccounts } from '../helpers.js';
import { runInProcess } from '../in-process.js';
import { runCli } from './run-cli.js';

let sandbox: Sandbox;
let dir: string;
let input: string;
const numbers = Array.from({ length: 60 }, (_, index) => `SL${1000 + index}`);

beforeAll(async () => {
  sandbox = await startSandbox({ ...defaultSandboxOptions(defaultTenantRules), port: 0, processingMs: 20 });
  dir = mkdtempSync(join(tmpdir(), 'kraken-slices-'));
  input = join(dir, 'accounts.ndjson');
  // Every fifth account is invalid: an email Kraken refuses.
  writeSeedAccounts(input, numbers, (account, number) => {
    if (Number(number.slice(2)) % 5 === 0) account['customers'] = [{ given_name: 'A', email: 'not-an-email' }];
  });
});
afterAll(async () => {
  await sandbox.close();
});

const env = () => ({ KRAKEN_API_KEY: 'sandbox-key', KRAKEN_BASE_URL: sandbox.url });
const accountsOf = (report: string) =>
  readNdjsonFile<RecordResult>(report).map((result) => result.external_account_number ?? '');

describe('slices', () => {
  it('validate --shard with --workers: records checked on the main thread keep to the shard too', async () => {
    // Enough 256 kB chunks that the main thread checks some of them while the worker is busy.
    const many = join(dir, 'many.ndjson');
    const manyNumbers = Array.from({ length: 3000 }, (_, index) => `WK${10000 + index}`);
    writeSeedAccounts(many, manyNumbers);
    const expected = manyNumbers.filter(
      (number, index) => shardOf({ importSupplier: 'ACME', externalAccountNumber: number, line: index + 1 }, 3) === 2,
    );
    for (const workers of ['0', '1']) {
      const report = join(dir, `workers-${workers}.ndjson`);
      const run = await runCli(['validate', many, '--shard', '2/3', '--workers', workers, '--report', report]);
      expect(run.code).toBe(0);
      expect(accountsOf(report).sort()).toEqual([...expected].sort());
    }
  });

  it('validate --shard i/n: the shards are disjoint and cover every record once, each saying it is a slice', async () => {
    const seen: string[] = [];
    const runs = await Promise.all(
      [1, 2, 3].map((index) =>
        runCli([
          'validate',
          input,
          '--shard',
          `${index}/3`,
          '--report',
          join(dir, `validate-shard-${index}.ndjson`),
          '--json',
        ]),
      ),
    );
    for (const [at, run] of runs.entries()) {
      const index = at + 1;
      const report = join(dir, `validate-shard-${index}.ndjson`);
      expect([1, 0]).toContain(run.code);
      const summary = (JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { summary: Record<string, unknown> })
        .summary;
      const results = readNdjsonFile<RecordResult>(report);
      expect(summary['slice']).toBe(`shard ${index}/3`);
      expect(summary['records']).toBe(results.length);
      expect(summary['skipped_by_shard']).toBe(60 - results.length);
      for (const result of results) expect(result['slice']).toBe(`shard ${index}/3`);
      seen.push(...results.map((result) => result.external_account_number ?? ''));
    }
    expect(seen.sort()).toEqual([...numbers].sort());

    // Their manifests say which shard each is: `report merge` names a missing one, and combines all three.
    const shardReport = (index: number) => join(dir, `validate-shard-${index}.ndjson`);
    const partial = await runCli([
      'report',
      'merge',
      shardReport(1),
      shardReport(3),
      '--output',
      join(dir, 'm13.ndjson'),
    ]);
    expect(partial.code).toBe(1);
    expect(partial.stdout + partial.stderr).toContain('Missing shards: 2/3');
    const whole = await runCli([
      'report',
      'merge',
      shardReport(1),
      shardReport(2),
      shardReport(3),
      '--output',
      join(dir, 'merged.ndjson'),
    ]);
    expect(whole.stderr).toBe('');
    expect(whole.code).toBe(0);
    expect(accountsOf(join(dir, 'merged.ndjson')).sort()).toEqual([...numbers].sort());
  });

  it('--sample n --seed s takes the same n accounts on each run, whatever the order of the file', async () => {
    const reversed = join(dir, 'reversed.ndjson');
    writeSeedAccounts(reversed, [...numbers].reverse());
    const report = (name: string) => join(dir, `sample-${name}.ndjson`);
    const run = await runCli(['validate', input, '--sample', '12', '--seed', '42', '--report', report('a')]);
    expect(run.stdout).toContain('A slice, not the whole input: sample 12 (seed 42); skipped (no line): 48 records');
    // The same selection again, from the file reversed, and another seed: in process, to keep the suite quick.
    await runInProcess(['validate', input, '--sample', '12', '--seed', '42', '--report', report('b')]);
    await runInProcess(['validate', reversed, '--sample', '12', '--seed', '42', '--report', report('c')]);
    await runInProcess(['validate', input, '--sample', '12', '--seed', '43', '--report', report('d')]);
    const first = accountsOf(report('a')).sort();
    expect(first).toHaveLength(12);
    expect(accountsOf(report('b')).sort()).toEqual(first);
    expect(accountsOf(report('c')).sort()).toEqual(first);
    expect(accountsOf(report('d')).sort()).not.toEqual(first);
  });

  it('push --limit n pushes the first n records and says the rest was not read', async () => {
    const report = join(dir, 'push-limit.ndjson');
    const limited = join(dir, 'limited.ndjson');
    writeSeedAccounts(limited, ['LIM1', 'LIM2', 'LIM3', 'LIM4', 'LIM5', 'LIM6']);
    const run = await runCli(['push', limited, '--limit', '4', '--report', report], { env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // A push reports records as they end, not in input order.
    expect(accountsOf(report).sort()).toEqual(['LIM1', 'LIM2', 'LIM3', 'LIM4']);
    expect(run.stdout).toContain('Pushed 4 records');
    expect(run.stdout).toContain('A slice, not the whole input: limit 4; reading stopped at --limit 4.');
  });

  it('push --shards n takes its shard from JOB_COMPLETION_INDEX and its share of --rate', async () => {
    const reports = [0, 1].map((index) => join(dir, `push-indexed-${index}.ndjson`));
    const runs = await Promise.all(
      reports.map((report, index) =>
        runCli(['push', input, '--shards', '2', '--rate', '50', '--skip-remote-validate', '--report', report], {
          env: { ...env(), JOB_COMPLETION_INDEX: String(index) },
        }),
      ),
    );
    for (const [index, run] of runs.entries()) {
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`shard ${index + 1}/2: at most 25 requests/s, its share of --rate 50`);
    }
    const pushed = reports.flatMap(accountsOf);
    expect(pushed.sort()).toEqual([...numbers].sort());
  });

  it.each([
    [['--shards', '3'], {}, 'JOB_COMPLETION_INDEX'],
    [['--shards', '3'], { JOB_COMPLETION_INDEX: '3' }, 'JOB_COMPLETION_INDEX=3: expected 0 to 2'],
    [['--shard', '4/3'], {}, 'expected i/n'],
    [[], { KRAKEN_SHARD: '0/2' }, 'KRAKEN_SHARD=0/2'],
    [['--shard', '1/2', '--shards', '3'], {}, '--shards 3 disagrees with shard 1/2'],
    [['--seed', '3'], {}, '--seed is the seed of --sample'],
    [['--sample', '0'], {}, 'a whole number of at least 1, or a percentage'],
  ])('refuses %j (env %j) with exit 2: %s', async (flags, extraEnv, message) => {
    const run = await runInProcess(['validate', input, ...flags], { env: extraEnv });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('KRAKEN_SHARD=i/n picks the shard like --shard', async () => {
    const byEnv = join(dir, 'env-shard.ndjson');
    const byFlag = join(dir, 'flag-shard.ndjson');
    await runInProcess(['validate', input, '--report', byEnv], { env: { KRAKEN_SHARD: '2/3' } });
    await runInProcess(['validate', input, '--shard', '2/3', '--report', byFlag]);
    expect(accountsOf(byEnv)).toEqual(accountsOf(byFlag));
    expect(accountsOf(byEnv).length).toBeLessThan(60);
  });
});

describe('shards end to end: pushed into the sandbox, then merged', () => {
  it('push --shard 1/2 and 2/2, then report merge: every account once, no gap, no overlap, each created once', async () => {
    const sharded = join(dir, 'sharded.ndjson');
    const accounts = Array.from({ length: 30 }, (_, index) => `SHM${index}`);
    writeSeedAccounts(sharded, accounts);
    const reports = [1, 2].map((index) => join(dir, `push-shard-${index}.ndjson`));
    const runs = await Promise.all(
      reports.map((report, at) =>
        runCli(['push', sharded, '--shard', `${at + 1}/2`, '--report', report], { env: env() }),
      ),
    );
    for (const run of runs) expect(run.code).toBe(0);
    const manifest = JSON.parse(readFileSync(`${reports[1] ?? ''}.manifest.json`, 'utf8')) as {
      settings: Record<string, unknown>;
    };
    expect(manifest.settings).toMatchObject({ slice: 'shard 2/2', shard: { index: 2, count: 2 }, sample: null });

    const merged = join(dir, 'push-merged.ndjson');
    const merge = await runCli(['report', 'merge', ...reports, '--output', merged]);
    expect(merge.stdout).toContain('Merged 2 reports (shards 1/2, 2/2)');
    expect(merge.code).toBe(0);
    expect(accountsOf(merged).sort()).toEqual([...accounts].sort());
    // Each account was created once, by the one shard that owns it.
    for (const number of accounts)
      expect([number, sandbox.store.commits.get(`ACME\u0000${number}`)]).toEqual([number, 1]);

    const alone = await runCli(['report', 'merge', reports[0] ?? '', '--output', join(dir, 'half.ndjson')]);
    expect(alone.code).toBe(1);
    expect(alone.stdout).toContain('Missing shards: 2/2');
  });

  it('a relational export (--mapping) is sharded by account number: disjoint shards that cover the whole, merged', async () => {
    const mapping = repoPath('fixtures/relational/export.yaml');
    const whole = join(dir, 'relational-whole.ndjson');
    await runInProcess(['validate', '--mapping', mapping, '--report', whole]);
    const reports = [1, 2].map((index) => join(dir, `relational-shard-${index}.ndjson`));
    for (const [at, report] of reports.entries()) {
      const run = await runCli(['validate', '--mapping', mapping, '--shard', `${at + 1}/2`, '--report', report]);
      expect(run.stdout).toContain(`A slice, not the whole input: shard ${at + 1}/2`);
    }
    const key = (result: RecordResult) => `${result.source}:${result.line}:${result.external_account_number ?? ''}`;
    const shardLines = reports.flatMap((report) => readNdjsonFile<RecordResult>(report).map(key));
    expect(shardLines.sort()).toEqual(readNdjsonFile<RecordResult>(whole).map(key).sort());
    // An account lands in the shard its number hashes to, as it would from an NDJSON file.
    for (const [at, report] of reports.entries()) {
      for (const result of readNdjsonFile<RecordResult>(report)) {
        if (result.external_account_number === null) continue;
        const account = {
          importSupplier: 'ACME_ENERGY',
          externalAccountNumber: result.external_account_number,
          line: 0,
        };
        expect(shardOf(account, 2)).toBe(at + 1);
      }
    }
    const merged = join(dir, 'relational-merged.ndjson');
    const merge = await runCli(['report', 'merge', ...reports, '--output', merged]);
    expect(merge.stdout).toContain('Merged 2 reports (shards 1/2, 2/2)');
    expect(merge.stdout).not.toContain('Missing shards');
    expect(readNdjsonFile<RecordResult>(merged).map(key).sort()).toEqual(shardLines.sort());
  });

  it('--sample and --max-errors take a relational export too', async () => {
    const mapping = repoPath('fixtures/relational/export.yaml');
    const sampled = await runInProcess(['validate', '--mapping', mapping, '--sample', '2', '--json']);
    const summary = (
      JSON.parse(sampled.stdout.trim().split('\n').at(-1) ?? '{}') as { summary: Record<string, unknown> }
    ).summary;
    expect(summary['records']).toBe(2);
    expect(summary['skipped_by_sample']).toBe(4);
    const stopped = await runInProcess(['validate', '--mapping', mapping, '--max-errors', '1']);
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toContain('Stopped early: 2 records failed, more than --max-errors 1 allows');
  });
});

describe('--max-errors', () => {
  it('push stops once more records failed than the budget: exit 1, why, the resume command, no line for the rest', async () => {
    const report = join(dir, 'push-budget.ndjson');
    const budgeted = join(dir, 'budgeted.ndjson');
    const accounts = Array.from({ length: 60 }, (_, index) => `BUD${index}`);
    writeSeedAccounts(budgeted, accounts, (account, number) => {
      if (Number(number.slice(3)) % 5 === 0) account['customers'] = [{ given_name: 'A', email: 'not-an-email' }];
    });
    const run = await runCli(['push', budgeted, '--max-errors', '2', '--concurrency', '2', '--report', report], {
      env: env(),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Stopped early: 3 records failed, more than --max-errors 2 allows.');
    expect(run.stderr).toContain('the run stopped: 3 records failed, more than --max-errors 2 allows');
    expect(run.stdout).toMatch(/Next:\n {2}kraken-import push .* --resume/);
    const results = readNdjsonFile<RecordResult>(report);
    expect(results.filter((result) => result.outcome === 'invalid')).toHaveLength(3);
    // The third invalid record is line 11; reading stopped there, so far fewer than 60 records have a line.
    expect(results.length).toBeLessThan(20);
    for (const result of results)
      expect(['processed', 'invalid', 'interrupted', 'submitted']).toContain(result.outcome);
  });

  it('validate stops at a percentage after its minimum sample, and never on a run under it', async () => {
    const many = join(dir, 'many.ndjson');
    const accounts = Array.from({ length: 400 }, (_, index) => `MANY${index}`);
    writeSeedAccounts(many, accounts, (account, number) => {
      if (Number(number.slice(4)) >= 100) account['customers'] = [{ given_name: 'A', email: 'bad' }];
    });
    const stopped = await runCli(['validate', many, '--max-errors', '10%', '--json']);
    expect(stopped.code).toBe(1);
    const summary = (
      JSON.parse(stopped.stdout.trim().split('\n').at(-1) ?? '{}') as { summary: Record<string, unknown> }
    ).summary;
    // 100 good records, then bad ones: 12 of 112 is the first share over 10%.
    expect(summary['records']).toBe(112);
    expect(summary['stopped']).toEqual({
      reason: 'max_errors',
      detail: '12 of the last 112 records failed, more than --max-errors 10% allows',
    });
    const whole = await runInProcess(['validate', input, '--max-errors', '25%']);
    expect(whole.stdout).toContain('Checked 60 records');
  });
});

describe('shareOfRate', () => {
  it.each([
    [40, undefined, 40],
    [40, { index: 1, count: 4 }, 10],
    [10, { index: 3, count: 3 }, 10 / 3],
    [undefined, { index: 1, count: 2 }, undefined],
  ])('--rate %p with shard %j sends %p a second', (rate, shard, expected) => {
    const run = {
      slice: shard === undefined ? undefined : { shard, seed: 0 },
      limit: undefined,
      tally: { otherShard: 0, notSampled: 0, limitReached: false },
      label: undefined,
    };
    expect(shareOfRate(rate, run)).toBe(expected);
  });
});
