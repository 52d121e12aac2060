// The run-wide table of account numbers alone: `node scripts/bench-repeats-table.mjs [count]` (after `npm run build`)
// checks `count` new account numbers (default 1,000,000), then every 1,000th again, and prints time, runs on disk and
// memory every 2,000,000 keys. BENCHMARKS.md quotes it.
import { DuplicateAccountTracker } from '../dist/validation/duplicate-account-tracker.js';

const count = Number(process.argv[2] ?? 1_000_000);
const tracker = new DuplicateAccountTracker();
const megabytes = (bytes) => (bytes / 1e6).toFixed(0);
const started = performance.now();
let last = started;
const report = (done) => {
  const now = performance.now();
  const { rss, heapTotal, arrayBuffers } = process.memoryUsage();
  console.log(
    `${done} keys: ${(now - last).toFixed(0)} ms since the last line, ${tracker.spilledRuns} runs on disk, ` +
      `RSS ${megabytes(rss)} MB (V8 heap ${megabytes(heapTotal)} MB, buffers ${megabytes(arrayBuffers)} MB)`,
  );
  last = now;
};
for (let index = 0; index < count; index += 1) {
  tracker.check('ACME', `ACC-${1e9 + index}`, 'a.ndjson', index + 1);
  if ((index + 1) % 2_000_000 === 0) report(index + 1);
}
if (count % 2_000_000 !== 0) report(count);
let found = 0;
for (let index = 0; index < count; index += 1000) {
  if (tracker.check('ACME', `ACC-${1e9 + index}`, 'b.ndjson', 1) === `a.ndjson:${index + 1}`) found += 1;
}
console.log(
  `found again ${found} of ${Math.ceil(count / 1000)}; ${((performance.now() - started) / 1000).toFixed(1)} s in all`,
);
tracker.close();
