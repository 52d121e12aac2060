// Assembles a relational export and nothing else (no validation): the throughput of the reader alone, for
// `npm run bench -- relational`. Usage: node scripts/relational-assemble.mjs <export.yaml>
// Prints one JSON line: records, seconds, the time the sort phase took and each table's row count and runs.
import { loadAnyMapping } from '../dist/records/load-mapping.js';
import { readRelational } from '../dist/records/relational/read-relational.js';

const [path] = process.argv.slice(2);
if (!path) {
  console.error('usage: node scripts/relational-assemble.mjs <export.yaml>');
  process.exit(2);
}
const started = performance.now();
const loaded = await loadAnyMapping(path);
if (loaded.kind !== 'relational') throw new Error(`${path} is not a relational mapping`);
let records = 0;
let invalid = 0;
let sorted;
let tables;
for await (const record of readRelational(loaded.mapping, {}, (stats) => {
  sorted = performance.now();
  tables = stats;
})) {
  records += 1;
  if (record.errors.length > 0) invalid += 1;
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ records, invalid, seconds, sort_seconds: (sorted - started) / 1000, tables })}\n`,
);
