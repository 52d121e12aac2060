// `kraken-import schema pull`: fetches the tenant's OpenAPI document, saves it with its checksum and sums it up.
import { rename, stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fetchDocument } from '../api/fetch-document.js';
import { apiUrl } from '../api/kraken-client.js';
import type { SchemaPullFlags } from '../cli-options.js';
import { loadConfig, pick, type LoadedConfig } from '../config/load-config.js';
import { checkBaseUrl, createClient, resolveRemoteSettings } from '../config/remote-settings.js';
import { ApiUnusableError, ExitCode, UsageError } from '../core/errors.js';
import { isJsonObject, type JsonObject } from '../core/json.js';
import { plural } from '../report/format-result.js';
import { checkOutputPath } from '../report/output-path.js';
import { visible } from '../report/terminal.js';
import {
  accountSchemaFromDocument,
  parseSchemaText,
  rememberConversion,
  sha256,
} from '../validation/account-schema.js';
import { isOpenApiDocument, payloadSchemaName, v2Operations } from '../validation/openapi-schema.js';
import { listFields } from '../validation/schema-fields.js';
import type { CommandDeps, CommandResult } from './deps.js';
import { choiceList } from './schema-text.js';

/** Where tenants publish their document, under the API root. */
export const schemaDocumentPath = '/data-import/schema/';

// drf-spectacular answers JSON when asked (smaller, and parsed far faster than YAML); YAML is its default.
const accept = 'application/vnd.oai.openapi+json, application/json;q=0.9, application/vnd.oai.openapi;q=0.8, */*;q=0.1';

/** The Authorization header when credentials are configured (the document may be public); undefined otherwise. */
async function authorizationFor(
  flags: SchemaPullFlags,
  config: LoadedConfig,
  deps: CommandDeps,
): Promise<string | undefined> {
  const configured = flags.apiKeyFile ?? (deps.env['KRAKEN_API_KEY'] || undefined) ?? config.values.api_key_file;
  if (configured === undefined) return undefined;
  const settings = await resolveRemoteSettings(flags, config, deps.env, deps.cwd);
  const client = createClient(settings, deps.signal);
  try {
    return await client.authorization();
  } catch (error) {
    throw new ApiUnusableError(`no token for the API key: ${(error as Error).message}`);
  } finally {
    await client.close();
  }
}

/** Explains an answer that is not the document, as a fix in words. */
function refusal(url: string, status: number, contentType: string): ApiUnusableError {
  if (status === 401 || status === 403) {
    return new ApiUnusableError(`${url} refused the credentials (${status}): check KRAKEN_API_KEY and --auth`);
  }
  if (status === 404) {
    return new ApiUnusableError(
      `no schema document at ${url} (404): check KRAKEN_BASE_URL, it should be the API root without /v2`,
    );
  }
  return new ApiUnusableError(`${url} answered http_${status} (${contentType}) instead of the schema document`);
}

/** A summary of a tenant document: title, v2 operations, payload schema, fields and choice lists. */
export function summariseDocument(document: JsonObject, schemaFields: ReturnType<typeof listFields>) {
  const paths = isJsonObject(document['paths']) ? document['paths'] : {};
  const operations = v2Operations.map(([name, method, path]) => {
    const item = paths[path];
    return { name, method: method.toUpperCase(), path, present: isJsonObject(item) && isJsonObject(item[method]) };
  });
  const info = isJsonObject(document['info']) ? document['info'] : {};
  const choices = new Map<string, { values: unknown[]; fields: string[] }>();
  for (const field of schemaFields) {
    if (field.enum === undefined || field.path.includes('(')) continue;
    const key = JSON.stringify(field.enum);
    const entry = choices.get(key) ?? { values: field.enum, fields: [] };
    entry.fields.push(field.path);
    choices.set(key, entry);
  }
  return {
    title: typeof info['title'] === 'string' ? info['title'] : 'untitled',
    version: typeof info['version'] === 'string' ? info['version'] : undefined,
    operations,
    payloadSchema: payloadSchemaName(document),
    topLevelFields: schemaFields.filter((field) => field.path !== '' && !field.path.includes('.')).length,
    fields: schemaFields.filter((field) => field.path !== '').length,
    choiceLists: [...choices.values()],
  };
}

function summaryText(path: string, checksum: string, summary: ReturnType<typeof summariseDocument>): string {
  const lines = [
    `Saved ${visible(path)} (sha256 ${checksum}, in ${visible(basename(path))}.sha256)`,
    `Tenant: ${visible(summary.title)}${summary.version === undefined ? '' : ` ${visible(summary.version)}`}`,
    'Operations:',
    ...summary.operations.map(
      ({ name, method, path: operationPath, present }) =>
        `  ${present ? '✓' : '✗'} ${name.padEnd(8)} ${method} ${operationPath}${present ? '' : '  (missing)'}`,
    ),
    `Account payload: ${visible(summary.payloadSchema)}, ${plural(summary.topLevelFields, 'top-level field')}, ` +
      `${plural(summary.fields, 'field')} in all`,
    `Choice lists (${summary.choiceLists.length}):`,
  ];
  for (const { values, fields } of summary.choiceLists) {
    const shownFields = fields.slice(0, 3).map(visible).join(', ');
    const moreFields = fields.length > 3 ? ` and ${plural(fields.length - 3, 'other field')}` : '';
    const more = values.length > 12 ? ` … (${values.length} in all)` : '';
    lines.push(`  ${shownFields}${moreFields}: ${choiceList(values.slice(0, 12))}${more}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Fetches, checks and saves the tenant's schema document; exit 0, 2 for a usage error, 3 when the API is unusable. */
export async function schemaPull(flags: SchemaPullFlags, deps: CommandDeps): Promise<CommandResult> {
  const config = await loadConfig(flags.config, deps.cwd);
  const baseUrlText = pick(flags.baseUrl, deps.env['KRAKEN_BASE_URL'] || undefined, config.values.base_url);
  if (baseUrlText === undefined) {
    throw new UsageError(
      'no API base URL: pass --base-url, set KRAKEN_BASE_URL, or put base_url in kraken-import.yaml',
    );
  }
  const baseUrl = checkBaseUrl(
    baseUrlText,
    flags.allowInsecureHttp === true || config.values.allow_insecure_http === true,
  );
  if (flags.output !== undefined) await refuseToReplace(flags.output, flags.force === true, deps.cwd);
  const authorization = await authorizationFor(flags, config, deps);
  const url = apiUrl(baseUrl, schemaDocumentPath);
  let answer;
  try {
    answer = await fetchDocument(url, { authorization, accept, signal: deps.signal });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
    throw new ApiUnusableError(`cannot fetch ${url}: ${code}`);
  }
  if (answer.status !== 200) throw refusal(url, answer.status, answer.contentType);
  if (answer.bytes === undefined) throw new ApiUnusableError(`${url}: the document is larger than 20 MiB`);
  const bytes = answer.bytes;
  let parsed: unknown;
  try {
    parsed = parseSchemaText(bytes.toString('utf8'), url);
  } catch {
    throw new ApiUnusableError(`${url} answered ${answer.contentType}, not an OpenAPI document`);
  }
  if (!isOpenApiDocument(parsed))
    throw new ApiUnusableError(`${url} answered ${answer.contentType}, not an OpenAPI document`);
  const json = /^\s*\{/.test(bytes.subarray(0, 64).toString('utf8'));
  const output = resolve(deps.cwd, flags.output ?? (json ? 'tenant-schema.json' : 'tenant-schema.yaml'));
  if (flags.output === undefined) await refuseToReplace(output, flags.force === true, deps.cwd);
  const checksum = sha256(bytes);
  // Converted before saving: a document without the v2 create payload is refused, not saved.
  const { schema } = accountSchemaFromDocument(parsed, output, checksum);
  const summary = summariseDocument(parsed, listFields(schema));
  const temporary = `${output}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, output);
  await writeFile(`${output}.sha256`, `${checksum}  ${basename(output)}\n`);
  rememberConversion(schema);
  if (flags.json === true) {
    deps.stdout.write(`${JSON.stringify({ path: output, url, checksum, ...summary })}\n`);
  } else {
    deps.stdout.write(summaryText(output, checksum, summary));
  }
  return { exitCode: ExitCode.ok };
}

async function refuseToReplace(path: string, force: boolean, cwd: string): Promise<void> {
  await checkOutputPath('--output', path, cwd);
  const existing = await stat(resolve(cwd, path)).catch(() => undefined);
  if (existing !== undefined && !force) {
    throw new UsageError(`--output ${visible(path)} already exists: add --force to replace it, or choose another file`);
  }
}
