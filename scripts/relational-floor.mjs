// The floor under relational assembly: how long merely reading an export's files takes, three ways, for
// BENCHMARKS.md. Usage: node scripts/relational-floor.mjs <export-dir> [bare|lines|csv-parse ...]
// bare: the bytes read (256 KiB chunks); lines: decoded to text and cut into lines; csv-parse: each file through
// csv-parse (the library that reads single-file CSV input), cells as arrays.
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';

const [dir, ...wanted] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node scripts/relational-floor.mjs <export-dir> [bare|lines|csv-parse ...]');
  process.exit(2);
}
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.csv'))
  .map((name) => join(dir, name));
const ways = {
  async bare(path) {
    let bytes = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) bytes += chunk.length;
    return bytes;
  },
  async lines(path) {
    let lines = 0;
    let carry = '';
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
      const text = carry + chunk.toString('utf8');
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        if (text.slice(start, end).length >= 0) lines += 1;
        start = end + 1;
      }
      carry = text.slice(start);
    }
    return lines;
  },
  async 'csv-parse'(path) {
    let rows = 0;
    for await (const record of createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(parse())) {
      if (record.length > 0) rows += 1;
    }
    return rows;
  },
};
const result = {};
for (const name of wanted.length > 0 ? wanted : Object.keys(ways)) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let count = 0;
  for (const path of files) count += await ways[name](path);
  const { user, system } = process.cpuUsage(cpu);
  result[name] = {
    count,
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
    cpu_seconds: Number(((user + system) / 1e6).toFixed(2)),
  };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
