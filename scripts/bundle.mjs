// `npm run build`, second step: bundles the CLI into one CommonJS file, dist/cli/kraken-import.cjs (and its worker
// threads beside it), then makes V8's code cache for it. Starting the tool then reads two files and compiles almost
// nothing, where the tsc output took a few hundred module loads (issue #14: `validate` of one record under 0.2 s).
// The tsc output in dist/ stays, for the scripts that import single modules.
//
// CommonJS, because Node 20 keeps no compile cache for ES modules and bin/code-cache.cjs can hand a CommonJS file's
// code cache to V8 (`vm.Script` cachedData). undici is a bundle of its own beside it, dist/cli/undici.cjs with its
// own code cache, run on the first import by a command that talks HTTP: a run that only validates does not read it.
// graphql stays outside (the sandbox loads it from node_modules).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// How phone metadata is laid out beside the bundle, from the tsc output that `npm run build` has just made.
import { bundledPhoneMetadataFiles, bundledPhoneMetadataFolder } from '../dist/validation/phone-metadata.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Node's built-in modules that a short run may not need, loaded on first use instead of at start: together about
// 7 ms of a 0.1 s start (commander requires child_process, which requires net; worker_threads, zlib, readline and v8
// serve only some runs). Each import of one becomes an object whose prototype has a getter for each name the module
// exports, which requires it on the first read. On the prototype, not the object: esbuild's interop (__toESM) gives
// each importing module an object that inherits from that same prototype and copies only own properties, one
// getter at a time (779 of them in a one-record validate, about 1 ms), so nothing is copied and nothing read early.
// So such a module has no own keys: code may read its names, never enumerate it (Object.keys, spread).
const lazyBuiltins = [
  'child_process',
  'crypto',
  'net',
  'readline',
  'stream/promises',
  'string_decoder',
  'v8',
  'worker_threads',
  'zlib',
];
const lazyBuiltinsPlugin = {
  name: 'lazy-builtins',
  setup(esbuild) {
    const names = lazyBuiltins.map((name) => name.replace('/', '\\/')).join('|');
    esbuild.onResolve({ filter: new RegExp(`^(node:)?(${names})$`) }, (args) =>
      // The getters' own require is of Node's module itself.
      args.namespace === 'lazy-builtin'
        ? { path: args.path, external: true }
        : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      // Non-enumerable exports too (zlib's legacy constants, crypto's deprecated functions).
      const exported = Object.getOwnPropertyNames(createRequire(import.meta.url)(`node:${args.path}`));
      return {
        loader: 'js',
        contents: [
          'let loaded;',
          `const load = () => (loaded ??= require(${JSON.stringify(`node:${args.path}`)}));`,
          'const getters = {};',
          `for (const name of ${JSON.stringify(exported)})`,
          '  Object.defineProperty(getters, name, { enumerable: true, get: () => load()[name] });',
          'module.exports = Object.create(getters);',
        ].join('\n'),
      };
    });
  },
};

// chalk finds out at import whether stdout and stderr are terminals that take colour (its vendored supports-color),
// which loads node:tty and with it node:net: about 4 ms of a start whose output goes to a file. The tool never uses
// that answer: every chalk it makes is `new Chalk({ level })` with the level from src/report/terminal.ts, which
// looks at the stream it writes to. So the bundle gives chalk a supports-color that says "no colour" at once.
const chalkDetectionPlugin = {
  name: 'chalk-without-detection',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^#supports-color$/ }, (args) =>
      /[\\/]node_modules[\\/]chalk[\\/]/.test(args.importer)
        ? { path: 'supports-color', namespace: 'chalk-without-detection' }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'chalk-without-detection' }, () => ({
      loader: 'js',
      contents: 'export default { stdout: false, stderr: false };',
    }));
  },
};

// undici as the CLI's bundles import it: its own bundle beside them, run with its code cache on first use. From
// node_modules, its hundred-odd modules took about 160 ms of CPU to load (`node -e "require('undici')"`, against
// 45 ms for `node -e 0`); bundled with its cache, 70 ms. The tsc output in dist/ still imports the package itself.
const undiciBundlePlugin = {
  name: 'undici-bundle',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^undici$/ }, (args) =>
      args.namespace === 'undici-bundle' ? undefined : { path: 'undici', namespace: 'undici-bundle' },
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'undici-bundle' }, () => ({
      loader: 'js',
      contents: [
        "const { join } = require('node:path');",
        "const { runBundle } = require(join(__dirname, '../../bin/code-cache.cjs'));",
        "const file = join(__dirname, 'undici.cjs');",
        'try {',
        '  module.exports = runBundle(file);',
        '} catch (error) {',
        "  if (error?.code !== 'ENOENT' || error.path !== file) throw error;",
        '  throw new Error(`kraken-import is not fully built (${file} is missing): run npm run build`);',
        '}',
      ].join('\n'),
    }));
  },
};

// What every bundle is: one CommonJS file for Node 20 in dist/cli, ASCII only (esbuild's default, named here because
// bin/code-cache.cjs reads the bundles as Latin-1), smaller to read and parse; names are kept, so that stack traces
// stay readable.
const bundleOptions = {
  absWorkingDir: root,
  outdir: 'dist/cli',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
  logLevel: 'warning',
};

// Each entry point is a whole bundle of its own (no splitting). The workers are started from within the CLI's
// bundle by siblingModule() (src/core/package-files.ts), so they sit beside it.
await build({
  ...bundleOptions,
  entryPoints: {
    'kraken-import': 'src/main.ts',
    'check-worker': 'src/checking/check-worker.ts',
    'convert-schema-worker': 'src/validation/convert-schema-worker.ts',
  },
  external: ['graphql'],
  plugins: [lazyBuiltinsPlugin, chalkDetectionPlugin, undiciBundlePlugin],
  // The sources are ES modules: `import.meta.url` becomes the bundle's own file URL.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// undici's own bundle (the same package version as node_modules, npm's lock decides). Beside it, undici.cjs.LEGAL.txt:
// undici's license, then the notices of code it carries (not all ASCII), as esbuild collects them.
const undiciEntry = createRequire(import.meta.url).resolve('undici');
await build({ ...bundleOptions, entryPoints: { undici: undiciEntry }, legalComments: 'external' });
const undiciLegal = join(root, 'dist/cli/undici.cjs.LEGAL.txt');
writeFileSync(
  undiciLegal,
  `undici's license (node_modules/undici/LICENSE):\n\n${readFileSync(join(dirname(undiciEntry), 'LICENSE'), 'utf8')}\n${readFileSync(undiciLegal, 'utf8')}`,
);

// esbuild's charset escapes other characters in code, not in comments it keeps or the banner: anything else would be
// misread by bin/code-cache.cjs, which reads the bundles as Latin-1.
for (const name of ['kraken-import.cjs', 'undici.cjs']) {
  const bundled = readFileSync(join(root, 'dist/cli', name));
  const nonAscii = bundled.findIndex((byte) => byte > 0x7f);
  if (nonAscii !== -1) throw new Error(`dist/cli/${name} is not ASCII (byte ${nonAscii})`);
}
// The lazy built-ins' getters are found through the prototype that esbuild's interop gives each importer's object:
// an esbuild that stopped doing so would leave every name of them undefined.
if (!readFileSync(join(root, 'dist/cli/kraken-import.cjs'), 'latin1').includes('__create(__getProtoOf(mod))')) {
  throw new Error("esbuild's __toESM no longer inherits from the module's prototype: see lazyBuiltinsPlugin");
}

// libphonenumber-js's metadata, cut by calling code, beside the bundle: src/validation/phone-metadata.ts reads the
// index of regions and the one part a tenant needs, without resolving the package (about 5 ms of a one-record run)
// or parsing all 157 kB (about 4 ms).
const phoneFolder = join(root, 'dist/cli', bundledPhoneMetadataFolder);
mkdirSync(phoneFolder, { recursive: true });
const fullPhoneMetadata = createRequire(import.meta.url)('libphonenumber-js/metadata.max.json');
for (const [name, text] of bundledPhoneMetadataFiles(fullPhoneMetadata)) writeFileSync(join(phoneFolder, name), text);

// The code cache: bin/kraken-import.cjs writes it when KRAKEN_IMPORT_WRITE_CODE_CACHE names a file, after one
// validate of one record (so that it holds the functions a run compiles, not just the top level). V8 refuses a
// cache made by another Node.js version; the tool then compiles as usual.
const scratch = mkdtempSync(join(tmpdir(), 'kraken-import-build-'));
try {
  const record = join(scratch, 'one.ndjson');
  const seed = JSON.parse(readFileSync(join(root, 'fixtures/seed-example.json'), 'utf8'));
  writeFileSync(record, `${JSON.stringify({ ...seed, import_supplier: 'ACME' })}\n`);
  const cache = join(root, 'dist/cli/kraken-import.cjs.cache');
  rmSync(cache, { force: true });
  // V8 checks a cache against the flags it was made under: the warm-up runs without the builder's NODE_OPTIONS
  // (a --max-old-space-size there would make a cache that every plain start refuses).
  const warmUpEnv = { ...process.env, KRAKEN_IMPORT_WRITE_CODE_CACHE: cache };
  delete warmUpEnv.NODE_OPTIONS;
  const warm = spawnSync(
    process.execPath,
    [join(root, 'bin/kraken-import.cjs'), 'validate', record, '--report', join(scratch, 'report.ndjson')],
    {
      cwd: scratch,
      env: warmUpEnv,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  if (warm.status !== 0) throw new Error(`the warm-up run that makes the code cache failed: ${warm.stderr}`);

  // undici's: its bundle run as a command first imports it, then one request to a loopback server, so that the cache
  // holds what a request compiles too.
  const undiciCache = join(root, 'dist/cli/undici.cjs.cache');
  rmSync(undiciCache, { force: true });
  const undiciWarmUp = `
    const { createServer } = require('node:http');
    const { runBundle } = require(${JSON.stringify(join(root, 'bin/code-cache.cjs'))});
    const undici = runBundle(${JSON.stringify(join(root, 'dist/cli/undici.cjs'))}, ${JSON.stringify(undiciCache)});
    const server = createServer((request, response) => request.resume().on('end', () => response.end('{}')));
    server.listen(0, '127.0.0.1', async () => {
      const agent = new undici.Agent();
      const answer = await undici.request('http://127.0.0.1:' + server.address().port + '/', {
        dispatcher: agent, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
      });
      await answer.body.json();
      await agent.close();
      server.close();
    });`;
  delete warmUpEnv.KRAKEN_IMPORT_WRITE_CODE_CACHE;
  const warmUndici = spawnSync(process.execPath, ['-e', undiciWarmUp], {
    cwd: scratch,
    env: warmUpEnv,
    stdio: ['ignore', 'ignore', 'pipe'],
    // One request to a loopback server: a minute means something is wrong, not slow.
    timeout: 60_000,
  });
  if (warmUndici.status !== 0 || !existsSync(undiciCache)) {
    const why = warmUndici.error?.message ?? String(warmUndici.stderr);
    throw new Error(`the warm-up run that makes undici's code cache failed: ${why}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
