// The baseline for the validate benchmark: read an NDJSON file line by line and JSON.parse each line, nothing else.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const lines = createInterface({
  input: createReadStream(process.argv[2], { highWaterMark: 256 * 1024 }),
  crlfDelay: Infinity,
});
let records = 0;
let keys = 0;
for await (const line of lines) {
  if (line.trim() === '') continue;
  keys += Object.keys(JSON.parse(line)).length;
  records += 1;
}
process.stdout.write(`${JSON.stringify({ records, keys })}\n`);
