// `npm run demo`: shows the main job on the shipped fixtures, with nothing to set up.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../bin/kraken-import.js', import.meta.url).pathname;
const fixtures = new URL('../fixtures/', import.meta.url).pathname;
const workDir = mkdtempSync(join(tmpdir(), 'kraken-import-demo-'));

function step(title, args) {
  process.stdout.write(`\n\x1b[1m== ${title}\x1b[0m\n$ kraken-import ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit', cwd: fixtures });
  process.stdout.write(`(exit code ${result.status})\n`);
  return result.status;
}

const report = join(workDir, 'validate-report.ndjson');
const status = step('Validate an export of 20 accounts, 4 of them deliberately broken', [
  'validate',
  'demo-accounts.ndjson',
  '--report',
  report,
]);
const lines = readFileSync(report, 'utf8').trim().split('\n');
process.stdout.write(`\nThe report ${report} has one line per record (${lines.length} lines); the first invalid one:\n`);
process.stdout.write(`${lines.find((line) => line.includes('"invalid"'))}\n`);
step('The seed guide\'s example payload, as a CSV export with a legacy column mapping', [
  'validate',
  'csv/legacy-export.csv',
  '--mapping',
  'mappings/legacy-export.yaml',
]);
process.exit(status === 1 ? 0 : 1);
