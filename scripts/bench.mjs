// `npm run bench`: validate throughput and peak memory against a bare read-and-JSON.parse loop over the same file.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeAccounts } from './generate-accounts.mjs';

const root = new URL('..', import.meta.url).pathname;
const dataDir = join(root, 'bench-data');
const count = Number(process.env.BENCH_ACCOUNTS ?? 40_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);

/** Runs a node script, sampling the child's peak RSS (VmHWM) until it exits. */
function measure(args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    let peakKb = 0;
    const sample = () => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // the child has exited between two samples
      }
    };
    const timer = setInterval(sample, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ code, seconds, peakMb: peakKb / 1024 });
    });
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function best(label, args) {
  const results = [];
  for (let run = 0; run < runs; run += 1) results.push(await measure(args));
  const seconds = median(results.map((result) => result.seconds));
  const peakMb = Math.max(...results.map((result) => result.peakMb));
  process.stderr.write(`${label}: ${seconds.toFixed(2)} s (median of ${runs}), peak RSS ${peakMb.toFixed(0)} MB, exit ${results[0].code}\n`);
  return { seconds, peakMb, code: results[0].code };
}

mkdirSync(dataDir, { recursive: true });
const file = join(dataDir, `accounts-${count}.ndjson`);
if (!existsSync(file)) {
  process.stderr.write(`generating ${count} accounts into ${file} ...\n`);
  await writeAccounts(file, count);
}
const megabytes = statSync(file).size / 1e6;
process.stderr.write(`${count} accounts, ${megabytes.toFixed(0)} MB (${((megabytes * 1e3) / count).toFixed(1)} kB per account)\n`);

const bare = await best('bare read + JSON.parse loop', ['scripts/bare-parse-loop.mjs', file]);
const validate = await best('kraken-import validate', ['bin/kraken-import.js', 'validate', file, '--report', '/dev/null']);
if (validate.code !== 0) throw new Error(`validate exited ${validate.code}: the generated accounts should all be valid`);
const threaded = await best('kraken-import validate --workers 2', ['bin/kraken-import.js', 'validate', file, '--report', '/dev/null', '--workers', '2']);

const summary = {
  accounts: count,
  file_mb: Number(megabytes.toFixed(1)),
  bare_seconds: Number(bare.seconds.toFixed(2)),
  validate_seconds: Number(validate.seconds.toFixed(2)),
  ratio_to_bare: Number((validate.seconds / bare.seconds).toFixed(2)),
  accounts_per_second: Math.round(count / validate.seconds),
  mb_per_second: Number((megabytes / validate.seconds).toFixed(1)),
  validate_peak_rss_mb: Math.round(validate.peakMb),
  bare_peak_rss_mb: Math.round(bare.peakMb),
  workers_2_seconds: Number(threaded.seconds.toFixed(2)),
  workers_2_ratio_to_bare: Number((threaded.seconds / bare.seconds).toFixed(2)),
  workers_2_peak_rss_mb: Math.round(threaded.peakMb),
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
