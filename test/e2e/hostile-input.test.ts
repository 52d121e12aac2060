// Hostile inputs (fixtures/hostile/expected.json) through the built binary: each record's verdict and the exit code.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from '../helpers.js';
import { runCli } from './run-cli.js';

interface Case {
  file: string;
  flags: string[];
  exit: number;
  lines?: [number, string, string[]][];
  stderr?: string;
}

const cases = JSON.parse(readFileSync(repoPath('fixtures/hostile/expected.json'), 'utf8')) as Case[];

function verdicts(stdout: string): [number, string, string[]][] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{"source"'))
    .map((line) => JSON.parse(line) as { line: number; outcome: string; errors: { code: string }[] })
    .map((result) => [result.line, result.outcome, result.errors.map((error) => error.code)]);
}

describe('validate on hostile input', () => {
  it.each(cases.map((entry) => [`${entry.file} ${entry.flags.join(' ')}`.trim(), entry] as const))(
    '%s',
    async (_name, entry) => {
      const run = await runCli(['validate', `fixtures/hostile/${entry.file}`, '--json', ...entry.flags]);
      expect(run.code).toBe(entry.exit);
      if (entry.lines !== undefined) expect(verdicts(run.stdout)).toEqual(entry.lines);
      if (entry.stderr !== undefined) {
        expect(run.stderr).toContain(entry.stderr);
        expect(run.stderr).not.toMatch(/TypeError/);
        expect(run.stdout).toBe('');
      }
    },
    30_000,
  );

  it('reports a line over --max-record-bytes and reads the next one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
    const file = join(dir, 'huge.ndjson');
    const small = readFileSync(repoPath('fixtures/hostile/nul-surrogate.ndjson'), 'utf8').split('\n')[2] ?? '';
    writeFileSync(file, `{"pad":"${'x'.repeat(8 * 1024 * 1024)}"}\n${small}\n`);
    const run = await runCli(['validate', file, '--json', '--max-record-bytes', '1048576']).finally(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    expect(run.code).toBe(1);
    expect(verdicts(run.stdout)).toEqual([
      [1, 'invalid', ['record_too_large']],
      [2, 'valid', []],
    ]);
  }, 30_000);
});
