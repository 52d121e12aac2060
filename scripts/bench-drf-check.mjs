// The DRF check alone: `node scripts/bench-drf-check.mjs [file] [records] [rounds]` (after `npm run build`; it runs the
// tsc output in dist/, the same code as the bundle) parses the first `records` lines of an NDJSON file (default
// bench-data/accounts-seed-40000.ndjson, which `npm run bench -- validate` makes; 2,000 lines), then checks them all
// `rounds` times (default 4) with the built-in schema's serializer and prints µs a payload for each round.
// Counted in instructions, rounds 2 and on say what a change to src/validation/drf/ costs without the machine's noise:
// `valgrind --tool=callgrind --callgrind-out-file=/dev/null node --single-threaded scripts/bench-drf-check.mjs`
// with 1 and with 4 rounds, the difference over 3. BENCHMARKS.md quotes it.
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { builtInAccountSchema } from '../dist/validation/account-schema.js';
import { checkPayload } from '../dist/validation/drf/check-payload.js';

const file = process.argv[2] ?? new URL('../bench-data/accounts-seed-40000.ndjson', import.meta.url).pathname;
const records = Number(process.argv[3] ?? 2000);
const rounds = Number(process.argv[4] ?? 4);
if (!existsSync(file)) {
  console.error(`${file} is missing: make it with npm run bench -- validate, or name an NDJSON file of accounts`);
  process.exit(2);
}
const payloads = [];
for await (const line of createInterface({ input: createReadStream(file) })) {
  if (line.trim() === '') continue;
  payloads.push(JSON.parse(line));
  if (payloads.length === records) break;
}
const schema = builtInAccountSchema();
const options = { unknownFields: 'error', build: false };
let errors = 0;
for (let round = 1; round <= rounds; round += 1) {
  const started = performance.now();
  errors = 0;
  for (const payload of payloads) errors += checkPayload(schema, payload, options).errors.length;
  const micros = ((performance.now() - started) * 1000) / payloads.length;
  console.log(`round ${round}: ${micros.toFixed(1)} µs a payload`);
}
console.log(`${payloads.length} payloads, ${errors} errors found in each round`);
