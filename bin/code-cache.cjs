// Runs a CommonJS bundle of dist/cli with the V8 code cache made beside it at build time (`<file>.cache`), so that
// almost nothing of it is compiled as it starts: bin/kraken-import.cjs runs the CLI's bundle with it, and the CLI's
// bundle runs undici's (dist/cli/undici.cjs) with it when a command talks HTTP. Node 20 keeps no compile cache of its
// own. A cache from another Node.js version (or none) is refused by V8 and the code is compiled as usual.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const { constants, Script } = require('node:vm');

/**
 * Runs the bundle at `file` as a CommonJS module and returns its exports. With `writeCacheTo` (`npm run build`
 * only), the code cache is written there as the process exits, holding every function the process compiled.
 */
function runBundle(file, writeCacheTo) {
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined;
  }
  // The bundles are ASCII (`npm run build` checks it), which Latin-1 reads as it is, without UTF-8's checks: 1.7
  // against 2.4 ms for the CLI's 0.9 MB.
  const source = readFileSync(file, 'latin1');
  // import() inside a bundle (of a package left outside it) goes to Node's own loader, as in a module of its own.
  const script = new Script(Module.wrap(source), {
    filename: file,
    cachedData,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const bundle = { exports: {} };
  script
    .runInThisContext()
    .call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, dirname(file));
  if (writeCacheTo !== undefined) process.once('exit', () => writeFileSync(writeCacheTo, script.createCachedData()));
  return bundle.exports;
}

module.exports = { runBundle };
