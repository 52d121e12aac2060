// Generates src/validation/settings-validators.ts: the config and mapping JSON Schemas compiled by AJV ahead of time
// (standalone code), so that a run never loads AJV's compiler nor compiles a schema to read its settings.
import { readFile, writeFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import prettier from 'prettier';

const standaloneCode = standaloneCodeModule.default;
const root = new URL('..', import.meta.url);
const outputPath = new URL('src/validation/settings-validators.ts', root);
const schemaNames = ['config', 'mapping'];

/** Returns the TypeScript source of the compiled settings schemas. */
export async function generateSettingsValidators() {
  // The same options as the run-time compiler in src/validation/load-schema.ts, so that errors look the same.
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    allowUnionTypes: true,
    code: { source: true, esm: true },
  });
  ajv.addKeyword('tsType');
  for (const name of schemaNames) {
    const schema = JSON.parse(await readFile(new URL(`schemas/${name}.schema.json`, root), 'utf8'));
    ajv.addSchema(schema, name);
  }
  // AJV's ES module output still `require`s its run-time helpers (e.g. ucs2length for minLength): made imports.
  const code = standaloneCode(ajv, Object.fromEntries(schemaNames.map((name) => [name, name]))).replace(
    /const (\w+) = require\("([\w/.-]+)"\)\.default;/g,
    (_, name, path) => `import ${name}Module from '${path}.js';\nconst ${name} = ${name}Module.default;`,
  );
  if (code.includes('require(')) throw new Error('the standalone code requires a module this script does not convert');
  const source = [
    '// Generated from schemas/config.schema.json and schemas/mapping.schema.json by scripts/compile-schemas.mjs',
    '// (`npm run generate:validators`; `npm run typecheck` checks it is up to date); do not edit by hand.',
    '// @ts-nocheck',
    code,
  ].join('\n');
  return prettier.format(source, { ...(await prettier.resolveConfig(outputPath)), filepath: outputPath.pathname });
}

if (process.argv[1] && new URL(`file://${process.argv[1]}`).href === import.meta.url) {
  const generated = await generateSettingsValidators();
  if (process.argv.includes('--check')) {
    const current = await readFile(outputPath, 'utf8').catch(() => '');
    if (current !== generated) {
      console.error(
        'src/validation/settings-validators.ts is out of date with the schemas: run npm run generate:validators',
      );
      process.exit(1);
    }
    console.error('settings validators match the schemas');
  } else {
    await writeFile(outputPath, generated);
    console.error(`wrote ${outputPath.pathname}`);
  }
}
