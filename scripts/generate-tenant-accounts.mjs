// Generates accounts valid under a tenant's published schema, for the validate benchmark's tenant run (issue #14
// item 4): the test suite's instance generator (test/validation/generate-instance.ts: every optional field filled,
// to a depth) on the schema as the tool reads it, one account a line, each with an account number of its own.
//
// Usage: node scripts/generate-tenant-accounts.mjs <tenant.yml> <out.ndjson> [count] [depth]
// The generator and the schema loader are TypeScript: esbuild (a development dependency, as for `npm run build`)
// bundles them into a scratch module beside the output, which is removed once it has run.
import { build } from 'esbuild';
import { once } from 'node:events';
import { copyFileSync, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes `count` accounts valid under the schema at `schemaPath` to `path` (depth 4: about 13 kB each, 2: 5.6 kB). */
export async function writeTenantAccounts(schemaPath, path, count, depth = 4) {
  const bundled = await build({
    absWorkingDir: root,
    stdin: {
      contents: [
        "export { generateInstance } from './test/validation/generate-instance.ts';",
        "export { loadAccountSchema } from './src/validation/account-schema.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    write: false,
    logLevel: 'warning',
  });
  // Beside the output's folder's node_modules reach (the packages stay outside the scratch bundle).
  const scratch = join(root, `.generate-tenant-${process.pid}.mjs`);
  // Loading a schema keeps its conversion beside the file: a copy keeps that out of ../shared.
  const schemaCopy = join(mkdtempSync(join(tmpdir(), 'kraken-tenant-schema-')), 'tenant.yml');
  copyFileSync(schemaPath, schemaCopy);
  try {
    writeFileSync(scratch, bundled.outputFiles[0].text);
    const { generateInstance, loadAccountSchema } = await import(pathToFileURL(scratch).href);
    const instance = generateInstance(loadAccountSchema(schemaCopy).document, 'all', depth);
    // A business rule no schema states: a note needs a body or a document path (a shallow instance may have neither).
    for (const note of Array.isArray(instance.notes) ? instance.notes : [])
      note.body ||= 'Moved from the legacy system.';
    const out = createWriteStream(path);
    for (let index = 1; index <= count; index += 1) {
      const line = `${JSON.stringify({ ...instance, external_account_number: `T${String(index).padStart(9, '0')}` })}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  } finally {
    rmSync(scratch, { force: true });
    rmSync(dirname(schemaCopy), { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [schemaPath, path, count = '1000', depth = '4'] = process.argv.slice(2);
  if (schemaPath === undefined || path === undefined) {
    process.stderr.write(
      'usage: node scripts/generate-tenant-accounts.mjs <tenant.yml> <out.ndjson> [count] [depth]\n',
    );
    process.exit(2);
  }
  await writeTenantAccounts(schemaPath, path, Number(count), Number(depth));
}
