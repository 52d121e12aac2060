#!/usr/bin/env node
// Starts the bundled CLI (dist/cli/kraken-import.cjs, made by `npm run build`) with the V8 code cache made beside it
// at build time (code-cache.cjs).
// CommonJS, not an ES module: an ES module entry starts Node's ES module loader, about 8 ms of a 0.1 s start.
'use strict';
const { join } = require('node:path');
const { runBundle } = require('./code-cache.cjs');

const file = join(__dirname, '../dist/cli/kraken-import.cjs');
let bundle;
try {
  // `npm run build` only (scripts/bundle.mjs): keeps the cache after a warm-up run.
  bundle = runBundle(file, process.env.KRAKEN_IMPORT_WRITE_CODE_CACHE);
} catch (error) {
  if (error?.code !== 'ENOENT' || error.path !== file) throw error;
  process.stderr.write(`kraken-import is not built (${file} is missing): run npm run build\n`);
  process.exit(2);
}

// main() sets the exit code and reports its own errors; anything it lets through is a bug, shown as Node shows one.
// A main() that never settles (the event loop ran dry while it waited) exits 13, as an ES module's unsettled
// top-level await does: never 0, which CI would take for success. An exit with its own code (process.exit(141) on a
// closed pipe) keeps it.
let settled = false;
process.once('exit', () => {
  if (!settled) process.exitCode ??= 13;
});
bundle.main().then(
  () => {
    settled = true;
  },
  (error) => {
    settled = true;
    process.exitCode = 1;
    throw error;
  },
);
