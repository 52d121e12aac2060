#!/usr/bin/env node
// Starts the bundled CLI (dist/cli/kraken-import.cjs, made by `npm run build`) with the V8 code cache made beside it
// at build time, so that almost nothing is compiled at start (Node 20 keeps no compile cache of its own). A cache
// from another Node.js version is refused by V8 and the code is compiled as usual.
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, Script } from 'node:vm';

const file = fileURLToPath(new URL('../dist/cli/kraken-import.cjs', import.meta.url));
const cacheFile = `${file}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
let source;
try {
  source = readFileSync(file, 'utf8');
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
script.runInThisContext().call(bundle.exports, bundle.exports, createRequire(file), bundle, file, dirname(file));

// `npm run build` only (scripts/bundle.mjs): keeps the cache after a warm-up run.
const writeCacheTo = process.env.KRAKEN_IMPORT_WRITE_CODE_CACHE;
if (writeCacheTo !== undefined) process.once('exit', () => writeFileSync(writeCacheTo, script.createCachedData()));

await bundle.exports.main();
