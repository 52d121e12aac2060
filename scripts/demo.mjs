// `npm run demo`: the main job end to end on the shipped fixtures, against the embedded Kraken sandbox.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const bin = new URL('../bin/kraken-import.cjs', import.meta.url).pathname;
const fixtures = new URL('../fixtures/', import.meta.url).pathname;
const workDir = mkdtempSync(join(tmpdir(), 'kraken-import-demo-'));
const report = join(workDir, 'push-report.ndjson');
const env = { ...process.env, KRAKEN_API_KEY: 'sandbox-key', KRAKEN_IMPORT_SUPPLIER: 'ACME_ENERGY' };
const problems = [];

// Bold headings only on a terminal, and never with NO_COLOR (https://no-color.org), like the tool itself.
const bold = process.stdout.isTTY === true && !process.env.NO_COLOR;

function heading(text) {
  process.stdout.write(bold ? `\n\x1b[1m== ${text}\x1b[0m\n` : `\n== ${text}\n`);
}

function step(title, args, expectedCode) {
  heading(title);
  process.stdout.write(`$ kraken-import ${args.join(' ')}   # in fixtures/\n`);
  const result = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit', cwd: fixtures, env });
  process.stdout.write(`(exit code ${result.status})\n`);
  if (result.status !== expectedCode) problems.push(`${args[0]} exited ${result.status}, expected ${expectedCode}`);
}

heading('Start the local Kraken sandbox (imports take 1 s; account 1000000020 is set up to fail)');
const sandbox = spawn(
  process.execPath,
  [
    bin,
    'sandbox',
    '--port',
    '0',
    '--processing-ms',
    '1000',
    '--latency-ms',
    '20',
    '--error-accounts',
    '20$',
    '--quiet',
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const [line] = await once(createInterface({ input: sandbox.stdout }), 'line');
process.stdout.write(`${line}\n`);
const url = line.replace('listening on ', '');

try {
  step(
    '1. Check the export locally: 4 of its 20 accounts are broken on purpose',
    ['validate', 'demo-accounts.ndjson'],
    1,
  );
  step(
    '2. Push it: remote validate, create, and follow each import to its end',
    ['push', 'demo-accounts.ndjson', '--base-url', url, '--report', report],
    1,
  );
  heading(`The report has one line per record (${report}); a processed one:`);
  const results = readFileSync(report, 'utf8')
    .trim()
    .split('\n')
    .map((text) => JSON.parse(text));
  process.stdout.write(
    `${JSON.stringify(
      results.find((result) => result.outcome === 'processed'),
      null,
      2,
    )}\n`,
  );
  step('3. Ask Kraken about two of the accounts', ['status', '1000000001', '1000000020', '--base-url', url], 1);
  step(
    '4. Run the same push again with --resume: nothing is created twice',
    ['push', 'demo-accounts.ndjson', '--base-url', url, '--report', report, '--resume'],
    1,
  );
  const resumed = readFileSync(report, 'utf8')
    .trim()
    .split('\n')
    .map((text) => JSON.parse(text));
  const skipped = resumed.filter((result) => result.outcome === 'skipped').length;
  process.stdout.write(
    `\n${skipped} records were skipped as already imported; the report still has ${resumed.length} lines.\n`,
  );
  if (skipped !== 15) problems.push(`expected 15 skipped records, found ${skipped}`);
  step(
    '5. Check a relational export (nine files joined by ACCT_NO): 2 of its 6 records are valid, the rest name file and line',
    ['validate', '--mapping', 'relational/export.yaml'],
    1,
  );
  step(
    '6. Where each value of account 8100000003 came from (file, line and column), and its error',
    ['mapping', 'explain', 'relational/export.yaml', '--account', '8100000003'],
    1,
  );
} finally {
  sandbox.kill('SIGTERM');
  await once(sandbox, 'exit');
}
if (problems.length > 0) {
  process.stderr.write(`\nThe demo did not go as expected:\n- ${problems.join('\n- ')}\n`);
  process.exit(1);
}
process.stdout.write('\nDemo finished as expected.\n');
