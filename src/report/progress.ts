// Progress on standard error: a cli-progress bar on a terminal, otherwise one line at most every 10 seconds.
import { createRequire } from 'node:module';
import type cliProgressModule from 'cli-progress';
import type { OutcomeCounts } from './record-result.js';
import type { OutputStream } from './terminal.js';

// cli-progress draws the bar on a terminal only: loaded then, so that a run in a pipe or CI starts without it.
const require = createRequire(import.meta.url);

/** Shows how far a run is. */
export interface Progress {
  /** Sets the number of records once it is known (counting runs in the background). */
  setTotal(total: number): void;
  /** One more record finished. */
  tick(counts: OutcomeCounts): void;
  /** Prints a result line on `out` without breaking the bar. */
  print(out: OutputStream, text: string): void;
  stop(): void;
}

function describeCounts(counts: OutcomeCounts): string {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${outcome} ${count}`)
    .join(', ');
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${Math.round(seconds % 60)}s` : `${Math.floor(minutes / 60)}h${minutes % 60}m`;
}

/** Estimates the time left from a smoothed rate, so that the ETA does not jump with every burst of answers. */
export class EtaEstimator {
  private rate: number | undefined;
  private sampled = false;
  private lastTime: number;
  private lastDone = 0;

  /** `smoothing` is the weight of the newest rate sample (0..1); samples are taken at most every `sampleMs`. */
  constructor(
    private readonly started: number,
    private readonly smoothing = 0.2,
    private readonly sampleMs = 1000,
  ) {
    this.lastTime = started;
  }

  /** Records that `done` records had finished at `time`. */
  observe(done: number, time: number): void {
    const elapsed = time - this.lastTime;
    if (elapsed < this.sampleMs) {
      // Until a first sample exists, the average since the start is the best guess, kept up to date.
      if (!this.sampled && time > this.started) this.rate = done / ((time - this.started) / 1000);
      return;
    }
    const sample = (done - this.lastDone) / (elapsed / 1000);
    // The first full sample replaces the guess; later ones are blended in.
    this.rate =
      !this.sampled || this.rate === undefined ? sample : this.smoothing * sample + (1 - this.smoothing) * this.rate;
    this.sampled = true;
    this.lastTime = time;
    this.lastDone = done;
  }

  /** Records per second, smoothed; 0 before anything finished. */
  get recordsPerSecond(): number {
    return this.rate ?? 0;
  }

  /** Seconds left for `remaining` records; Infinity while the rate is unknown. */
  secondsLeft(remaining: number): number {
    return this.rate === undefined || this.rate <= 0 ? Infinity : remaining / this.rate;
  }
}

/** What the terminal line shows. */
export interface ProgressState {
  label: string;
  done: number;
  total: number | undefined;
  counts: OutcomeCounts;
  recordsPerSecond: number;
  secondsLeft: number;
}

/**
 * Lays out the progress line to fit `width` columns. When space is short the parts go in this order of need:
 * outcome counts, the count done, the ETA, the rate, the label; the bar takes what is left (none below 10 cells).
 */
export function progressLine(state: ProgressState, width: number): string {
  const room = Math.max(10, width - 1);
  const counts = describeCounts(state.counts);
  const parts = {
    of: state.total === undefined ? `${state.done}` : `${state.done}/${state.total}`,
    counts: counts.length > room ? `${counts.slice(0, room - 1)}…` : counts,
    eta: state.total === undefined ? '' : `ETA ${formatSeconds(state.secondsLeft)}`,
    rate: `${state.recordsPerSecond.toFixed(1)}/s`,
  };
  const kept = new Set<keyof typeof parts>();
  let used = 0;
  for (const name of ['counts', 'of', 'eta', 'rate'] as const) {
    const cost = parts[name].length + (used > 0 ? 3 : 0);
    if (parts[name] === '' || used + cost > room) continue;
    kept.add(name);
    used += cost;
  }
  const label = used + state.label.length + 1 <= room ? state.label : '';
  if (label !== '') used += label.length + 1;
  const tail = (['of', 'counts', 'rate', 'eta'] as const)
    .filter((name) => kept.has(name))
    .map((name) => parts[name])
    .join(' | ');
  const cells = Math.min(40, room - used - 1);
  const showBar = cells >= 10 && state.total !== undefined && state.total > 0;
  const filled = showBar ? Math.round((Math.min(state.done, state.total ?? 0) / (state.total ?? 1)) * cells) : 0;
  const bar = showBar ? '█'.repeat(filled) + '░'.repeat(cells - filled) : '';
  return [label, bar, tail].filter((piece) => piece !== '').join(' ');
}

/** Creates the progress display for a run on `stream` (standard error). */
export function createProgress(
  stream: OutputStream,
  label: string,
  now: () => number = Date.now,
  intervalMs = 10_000,
): Progress {
  const started = now();
  let done = 0;
  let total: number | undefined;
  let counts: OutcomeCounts = {};
  const eta = new EtaEstimator(started);
  if (stream.isTTY === true) {
    // The line is laid out anew at each render, for the terminal's width at that moment (so it follows a resize).
    // It is drawn without colour: cli-progress cuts the line at the terminal's width counting colour codes as text.
    const format = () =>
      progressLine(
        {
          label,
          done,
          total,
          counts,
          recordsPerSecond: eta.recordsPerSecond,
          secondsLeft: eta.secondsLeft((total ?? done) - done),
        },
        stream.columns ?? 80,
      );
    const cliProgress = require('cli-progress') as typeof cliProgressModule;
    const bar = new cliProgress.SingleBar({
      stream,
      format,
      hideCursor: true,
      clearOnComplete: false,
      fps: 5,
      // Signals belong to the process boundary, not to the progress bar.
      gracefulExit: false,
      // Long failure lines printed above the bar must wrap, not be cut; the bar's own line always fits.
      linewrap: true,
    });
    bar.start(0, 0);
    return {
      setTotal: (value) => {
        total = value;
        bar.setTotal(value);
      },
      tick(latest) {
        done += 1;
        counts = latest;
        eta.observe(done, now());
        if (total === undefined && bar.getTotal() < done) bar.setTotal(done);
        bar.update(done);
      },
      print(out, text) {
        // The bar and the results share one terminal: clear the bar's line, print, then draw the bar again below.
        // cli-progress returns to the position saved at start when it stops, so that position moves down too.
        stream.write('\r\u001b[2K');
        out.write(text);
        const internals = bar as unknown as { terminal: { cursorSave(): void }; render(force: boolean): void };
        internals.terminal.cursorSave();
        internals.render(true);
      },
      stop: () => {
        bar.stop();
      },
    };
  }
  let lastLine = started;
  return {
    setTotal(value) {
      total = value;
    },
    tick(counts) {
      done += 1;
      const time = now();
      if (time - lastLine < intervalMs) return;
      lastLine = time;
      const seconds = (time - started) / 1000;
      const rate = done / seconds;
      const of = total === undefined ? '' : `/${total} (${Math.floor((done / total) * 100)}%)`;
      const eta = total === undefined ? '' : `, ETA ${formatSeconds((total - done) / rate)}`;
      stream.write(`${label} ${done}${of}: ${describeCounts(counts)}; ${rate.toFixed(1)} records/s${eta}\n`);
    },
    print(out, text) {
      out.write(text);
    },
    stop() {
      // Nothing was drawn, so nothing is left to clear.
    },
  };
}
