// Progress on standard error: a cli-progress bar on a terminal, otherwise one line at most every 10 seconds.
import cliProgress from 'cli-progress';
import type { ChalkInstance } from 'chalk';
import type { OutcomeCounts } from './record-result.js';
import type { OutputStream } from './terminal.js';

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

/** Creates the progress display for a run on `stream` (standard error). */
export function createProgress(
  stream: OutputStream,
  chalk: ChalkInstance,
  label: string,
  now: () => number = Date.now,
  intervalMs = 10_000,
): Progress {
  const started = now();
  let done = 0;
  let total: number | undefined;
  if (stream.isTTY === true) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} ${chalk.cyan('{bar}')} {value}/{total} | {speed}/s | ETA {eta_formatted} | {counts}`,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
        fps: 5,
        // Signals belong to the process boundary, not to the progress bar.
        gracefulExit: false,
        // Long failure lines printed above the bar must wrap, not be cut.
        linewrap: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(0, 0, { speed: '0', counts: '' });
    return {
      setTotal: (value) => {
        bar.setTotal(value);
      },
      tick(counts) {
        done += 1;
        if (total === undefined && bar.getTotal() < done) bar.setTotal(done);
        const seconds = (now() - started) / 1000;
        bar.update(done, { speed: (done / Math.max(seconds, 0.001)).toFixed(1), counts: describeCounts(counts) });
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
