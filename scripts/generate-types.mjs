// Generates src/validation/account-types.ts from schemas/account.schema.json, the one source of truth for payload types.
import { readFile, writeFile } from 'node:fs/promises';
import { compile } from 'json-schema-to-typescript';

const schemaPath = new URL('../schemas/account.schema.json', import.meta.url);
const outputPath = new URL('../src/validation/account-types.ts', import.meta.url);

/** Returns the TypeScript source generated from the account schema. */
export async function generateAccountTypes() {
  const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
  return compile(schema, 'Account', {
    bannerComment:
      '// Payload types generated from schemas/account.schema.json by `npm run generate:types`; do not edit by hand.',
    additionalProperties: false,
    unreachableDefinitions: false,
    style: { singleQuote: true },
  });
}

if (process.argv[1] && new URL(`file://${process.argv[1]}`).href === import.meta.url) {
  const generated = await generateAccountTypes();
  if (process.argv.includes('--check')) {
    const current = await readFile(outputPath, 'utf8');
    if (current !== generated) {
      console.error('src/validation/account-types.ts is out of date with the schema: run npm run generate:types');
      process.exit(1);
    }
    console.error('account types match the schema');
  } else {
    await writeFile(outputPath, generated);
    console.error(`wrote ${outputPath.pathname}`);
  }
}
