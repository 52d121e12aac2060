// The progress bar on a real pseudo-terminal (util-linux `script`), 80 and 50 columns wide: every frame fits the
// width, and the outcome counts are never cut.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath, writeSeedAccounts } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kraken-pty-'));
const input = join(dir, 'accounts.ndjson');
writeSeedAccounts(
  input,
  Array.from({ length: 3000 }, (_, index) => String(5_000_000_000 + index)),
  (account, number) => {
    if (Number(number) % 10 === 0) (account['customers'] as { landline: string }[])[0]!.landline = 'abcde';
  },
);

/** The frames the bar drew on a terminal `columns` wide, colour and cursor codes taken out. */
function barFrames(columns: number): string[] {
  const command = `stty cols ${columns} rows 30; exec "${process.execPath}" "${repoPath('bin/kraken-import.cjs')}" validate "${input}" --report /dev/null`;
  const ran = spawnSync('script', ['-qec', command, '/dev/null'], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', TERM: 'xterm-256color' },
  });
  expect(ran.status).toBe(1); // a tenth of the accounts are invalid
  // cli-progress draws each frame as: cursor to column 1, the line, clear to the end of the line.
  // eslint-disable-next-line no-control-regex -- escape codes are what frames are cut by
  const frames = [...ran.stdout.matchAll(/\u001b\[1G(.*?)\u001b\[0K/gs)].map((match) => match[1] ?? '');
  // eslint-disable-next-line no-control-regex -- colour codes are what is taken out
  return frames.map((frame) => frame.replace(/\u001b\[[0-9;]*m/g, ''));
}

describe('the progress bar on a terminal', () => {
  it.each([80, 50])('fits %i columns in every frame and keeps the counts whole', (columns) => {
    const frames = barFrames(columns);
    expect(frames.length).toBeGreaterThan(2);
    // Every cell of the bar is one code point wide.
    for (const frame of frames) expect(Array.from(frame).length).toBeLessThan(columns);
    const last = frames.at(-1) ?? '';
    expect(last).toContain('invalid 300, valid 2700');
    expect(last).toContain('3000/3000');
  });
});
