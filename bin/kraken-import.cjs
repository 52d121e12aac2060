#!/usr/bin/env node
// Starts the bundled CLI (dist/cli/kraken-import.cjs, made by `npm run build`) with the V8 code cache made beside it
// at build time, so that almost nothing is compiled at start (Node 20 keeps no compile cache of its own). A cache
// from another Node.js version is refused by V8 and the code is compiled as usual.
// CommonJS, not an ES module: an ES module entry starts Node's ES module loader, about 8 ms of a 0.1 s start.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const { constants, Script } = require('node:vm');

const file = join(__dirname, '../dist/cli/kraken-import.cjs');
let cachedData;
try {
  cachedData = readFileSync(`${file}.cache`);
} catch {
  cachedData = undefined;
}
let source;
try {
  // The bundle is ASCII (`npm run build` checks it), which Latin-1 reads as it is, without UTF-8's checks: 1.7
  // against 2.4 ms for its 0.9 MB.
  source = readFileSync(file, 'latin1');
} catch {
  process.stderr.write(`kraken-import is not built (${file} is missing): run npm run build\n`);
  process.exit(2);
}
// import() inside the bundle (of a package left outside it) goes to Node's own loader, as in a module of its own.
const script = new Script(Module.wrap(source), {
  filename: file,
  cachedData,
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const bundle = { exports: {} };
script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, dirname(file));

// `npm run build` only (scripts/bundle.mjs): keeps the cache after a warm-up run.
const writeCacheTo = process.env.KRAKEN_IMPORT_WRITE_CODE_CACHE;
if (writeCacheTo !== undefined) process.once('exit', () => writeFileSync(writeCacheTo, script.createCachedData()));

// main() sets the exit code and reports its own errors; anything it lets through is a bug, shown as Node shows one.
// A main() that never settles (the event loop ran dry while it waited) exits 13, as an ES module's unsettled
// top-level await does: never 0, which CI would take for success. An exit with its own code (process.exit(141) on a
// closed pipe) keeps it.
let settled = false;
process.once('exit', () => {
  if (!settled) process.exitCode ??= 13;
});
bundle.exports.main().then(
  () => {
    settled = true;
  },
  (error) => {
    settled = true;
    process.exitCode = 1;
    throw error;
  },
);
