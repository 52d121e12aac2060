// The progress line fits the terminal (counts first when short) and its ETA is smoothed.
import { describe, expect, it } from '@jest/globals';
import { EtaEstimator, progressLine, type ProgressState } from '../../src/report/progress.js';

const state: ProgressState = {
  label: 'push',
  done: 1234,
  total: 100_000,
  counts: { processed: 1200, invalid: 20, already_imported: 10, failed: 4 },
  recordsPerSecond: 41.5,
  secondsLeft: 2380,
};

describe('progressLine', () => {
  it('shows everything, with a bar, at 120 columns', () => {
    const line = progressLine(state, 120);
    expect(line.length).toBeLessThan(120);
    expect(line).toMatch(
      /^push [█░]{10,40} 1234\/100000 \| processed 1200, invalid 20, already_imported 10, failed 4 \| 41\.5\/s \| ETA 39m40s$/,
    );
  });

  it('keeps every count, the count done and the ETA with its unit at 80 columns', () => {
    const line = progressLine({ ...state, counts: { processed: 1200, invalid: 20, failed: 4 } }, 80);
    expect(line.length).toBeLessThan(80);
    expect(line).toBe('push 1234/100000 | processed 1200, invalid 20, failed 4 | 41.5/s | ETA 39m40s');
  });

  it('shows the outcome counts first when space is short', () => {
    const line = progressLine(state, 60);
    expect(line.length).toBeLessThan(60);
    expect(line).toContain('processed 1200, invalid 20, already_imported 10, failed 4');
    expect(line).not.toContain('█');
  });

  it('cuts the counts themselves only on a very narrow terminal', () => {
    const line = progressLine(state, 30);
    expect(line.length).toBeLessThan(30);
    expect(line.startsWith('processed 1200, invalid 20')).toBe(true);
    expect(line.endsWith('…')).toBe(true);
  });
});

describe('EtaEstimator', () => {
  it('smooths bursts: the estimate moves far less than the raw rate does', () => {
    const eta = new EtaEstimator(0);
    let done = 0;
    for (let second = 1; second <= 30; second += 1) {
      done += 10;
      eta.observe(done, second * 1000);
    }
    const steady = eta.secondsLeft(1000);
    expect(steady).toBeCloseTo(100, 0);
    // A burst of 50 answers in one second (5x the rate) moves the estimate by at most a fifth of the way.
    done += 50;
    eta.observe(done, 31_000);
    expect(eta.secondsLeft(1000)).toBeGreaterThan(steady * 0.5);
    expect(eta.secondsLeft(1000)).toBeLessThan(steady);
  });

  it('knows no ETA before anything finished', () => {
    expect(new EtaEstimator(0).secondsLeft(10)).toBe(Infinity);
  });
});
