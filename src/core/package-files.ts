// Files shipped beside the code (package.json, schemas/), found from the package root rather than from
// this module's own place: the same code runs from src/ (tests), dist/ (tsc output) and the bundled dist/cli/.
import { existsSync, readFileSync } from 'node:fs';

let root: URL | undefined;

/** The folder that holds this package's package.json, found once by walking up from this module. */
function packageRoot(): URL {
  if (root !== undefined) return root;
  let folder = new URL('.', import.meta.url);
  for (let depth = 0; depth < 4; depth += 1) {
    if (existsSync(new URL('package.json', folder))) return (root = folder);
    folder = new URL('..', folder);
  }
  throw new Error(`kraken-import's package.json was not found above ${import.meta.url}`);
}

/** The URL of a file in the package, given by its path from the package root (e.g. `schemas/account.schema.json`). */
export function packageFile(path: string): URL {
  return new URL(path, packageRoot());
}

/** Whether a module's URL is one of the bundle's files (dist/cli/, each with its own `.cjs` extension). */
export function isBundled(moduleUrl: string): boolean {
  return moduleUrl.endsWith('.cjs');
}

/**
 * The URL of a module beside the calling one, such as a worker thread's entry: `<name>.js` in the tsc output,
 * `<name>.cjs` beside the bundle (dist/cli/), where every module is one file with its own `.cjs` extension.
 */
export function siblingModule(name: string, callerUrl: string): URL {
  return new URL(`./${name}${isBundled(callerUrl) ? '.cjs' : '.js'}`, callerUrl);
}

let manifest: { readonly name: string; readonly version: string } | undefined;

/** This package's name and version, from its package.json. */
export function packageIdentity(): { readonly name: string; readonly version: string } {
  manifest ??= JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { name: string; version: string };
  return manifest;
}
