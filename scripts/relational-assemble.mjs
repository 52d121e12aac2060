// Assembles a relational export and nothing else (no validation): the throughput of the reader alone, for
// `npm run bench -- relational`. Usage: node scripts/relational-assemble.mjs <export.yaml>
// Prints one JSON line: records, seconds (wall), cpu_seconds (user + system: what the run costs on a loaded machine),
// the wall and CPU time of the sort phase, and each table's row count, runs and whether it came sorted.
import { loadAnyMapping } from '../dist/records/load-mapping.js';
import { readRelational } from '../dist/records/relational/read-relational.js';

const [path] = process.argv.slice(2);
if (!path) {
  console.error('usage: node scripts/relational-assemble.mjs <export.yaml>');
  process.exit(2);
}
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const started = performance.now();
const loaded = await loadAnyMapping(path);
if (loaded.kind !== 'relational') throw new Error(`${path} is not a relational mapping`);
let records = 0;
let invalid = 0;
let sorted;
let sortedCpu;
let tables;
for await (const record of readRelational(loaded.mapping, {}, (stats) => {
  sorted = performance.now();
  sortedCpu = cpuSeconds();
  tables = stats;
})) {
  records += 1;
  if (record.errors.length > 0) invalid += 1;
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({
    records,
    invalid,
    seconds,
    cpu_seconds: cpuSeconds(),
    sort_seconds: (sorted - started) / 1000,
    sort_cpu_seconds: sortedCpu,
    accounts_per_second: Math.round(records / seconds),
    tables,
  })}\n`,
);
