// Run by the push benchmark: `node scripts/push-harness.mjs push <file> ...` runs the CLI in this process,
// then prints one JSON line: the process's CPU time, and the end of the push as the client saw it, from undici's
// diagnostics channels: when the last create left, when the last status answer came back, and the median round
// trip of the status requests (sent to answered).
import { subscribe } from 'node:diagnostics_channel';
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const createPath = '/v2/data-import/accounts/';
const statusPrefix = '/v2/data-import/accounts/';
const sentAt = new WeakMap();
let lastCreateSent = 0;
let lastStatusAnswered = 0;
let lastCreateAnswered = 0;
const statusSent = [];
const statusRoundTrips = [];
const now = () => performance.now();

subscribe('undici:client:sendHeaders', ({ request }) => {
  const at = now();
  sentAt.set(request, at);
  if (request.method === 'POST' && request.path === createPath) lastCreateSent = Math.max(lastCreateSent, at);
  if (request.method === 'GET' && request.path.startsWith(statusPrefix)) statusSent.push(at);
});
subscribe('undici:request:headers', ({ request }) => {
  if (request.method === 'POST' && request.path === createPath)
    lastCreateAnswered = Math.max(lastCreateAnswered, now());
  if (request.method !== 'GET' || !request.path.startsWith(statusPrefix)) return;
  const at = now();
  lastStatusAnswered = Math.max(lastStatusAnswered, at);
  const sent = sentAt.get(request);
  if (sent !== undefined) statusRoundTrips.push(at - sent);
});

// The binary as users run it (bin/kraken-import.cjs: the bundle with its code cache) runs main() on process.argv.slice(2):
// the arguments after this script are the CLI's. Its line is written as the process exits, once main() is done.
process.once('exit', () => {
  const cpu = process.cpuUsage();
  const sorted = statusRoundTrips.sort((a, b) => a - b);
  writeSync(
    1,
    `${JSON.stringify({
      cpu_ms: (cpu.user + cpu.system) / 1000,
      last_create_to_last_status_ms: lastStatusAnswered - lastCreateSent,
      last_create_round_trip_ms: lastCreateAnswered - lastCreateSent,
      status_requests_after_last_create: statusSent.filter((at) => at > lastCreateSent).length,
      status_round_trip_median_ms: sorted[Math.floor(sorted.length / 2)] ?? null,
    })}\n`,
  );
});
createRequire(import.meta.url)(join(root, 'bin/kraken-import.cjs'));
