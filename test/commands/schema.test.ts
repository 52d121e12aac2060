// `schema pull`, `schema show` and `schema diff` in process, pulling over HTTP from the real sandbox.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordResult } from '../../src/report/record-result.js';
import { readNdjsonFile, repoPath } from '../helpers.js';
import { runInProcess, useSandboxes } from '../in-process.js';
import { publishedDocumentPath } from '../sandbox/published-contract.js';

const startSandbox = useSandboxes();
const published = readFileSync(publishedDocumentPath);
let dir: string;
let origin: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kraken-import-schema-'));
  origin = join(dir, 'origin.yml');
  copyFileSync(publishedDocumentPath, origin);
});

describe('schema pull', () => {
  it("saves the tenant's document as published, with its checksum, and sums it up", async () => {
    const server = await startSandbox({
      schemaDocument: { bytes: published, contentType: 'application/vnd.oai.openapi' },
    });
    const output = join(dir, 'pulled.yml');
    const result = await runInProcess(['schema', 'pull', '--base-url', server.url, '--output', output]);
    expect(result.code).toBe(0);
    expect(readFileSync(output).equals(published)).toBe(true);
    const checksum = createHash('sha256').update(published).digest('hex');
    expect(readFileSync(`${output}.sha256`, 'utf8')).toBe(`${checksum}  pulled.yml\n`);
    expect(result.stdout).toContain(`Saved ${output} (sha256 ${checksum}`);
    expect(result.stdout).toContain('Tenant: Kraken v1');
    expect(result.stdout).toMatch(/✓ validate +POST \/v2\/data-import\/accounts\/validate\//);
    expect(result.stdout).toMatch(/✓ create +POST \/v2\/data-import\/accounts\//);
    expect(result.stdout).toMatch(/✓ status +GET \/v2\/data-import\/accounts\/\{import_supplier_code\}/);
    expect(result.stdout).toMatch(/Account payload: OriginAccount, 69 top-level fields, \d{4} fields in all/);
    expect(result.stdout).toMatch(/\n {2}account_type: DOMESTIC, BUSINESS, MANAGED,/);
    expect(server.requestCounts['schema']).toBe(1);
    // The conversion is kept beside it, so that runs with --schema skip the YAML parse.
    expect(existsSync(`${output}.converted.json`)).toBe(true);
  });

  it('prints the summary as JSON, and renders the built-in schema when the sandbox has no document', async () => {
    const server = await startSandbox();
    const result = await runInProcess(['schema', 'pull', '--base-url', server.url, '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ path: join(dir, 'tenant-schema.json'), payloadSchema: 'Account' });
    expect((summary['operations'] as { present: boolean }[]).map((operation) => operation.present)).toEqual([
      true,
      true,
      true,
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'tenant-schema.json'), 'utf8'))).toMatchObject({ openapi: '3.0.3' });
    // Pulled again: the file is kept unless --force.
    const again = await runInProcess(['schema', 'pull', '--base-url', server.url], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('tenant-schema.json already exists: add --force');
    expect((await runInProcess(['schema', 'pull', '--base-url', server.url, '--force'], { cwd: dir })).code).toBe(0);
  });

  it('validates with a pulled document as with the schema it came from (tenant rules aside)', async () => {
    const server = await startSandbox();
    const pulled = join(dir, 'built-in-pulled.json');
    expect((await runInProcess(['schema', 'pull', '--base-url', server.url, '--output', pulled])).code).toBe(0);
    const demo = repoPath('fixtures/demo-accounts.ndjson');
    const builtIn = join(dir, 'built-in.ndjson');
    const tenant = join(dir, 'tenant.ndjson');
    expect((await runInProcess(['validate', demo, '--report', builtIn])).code).toBe(1);
    await runInProcess(['validate', demo, '--report', tenant, '--schema', pulled]);
    // Under a tenant's schema nothing is checked against the built-in tenant's region and lists.
    const tenantOnly = new Set([
      'invalid_phone_number',
      'invalid_postcode',
      'ledger_code_does_not_exist',
      'invalid_choice',
    ]);
    const codes = (path: string, drop: ReadonlySet<string>) =>
      readNdjsonFile<RecordResult>(path).map((result) =>
        result.errors.filter((error) => !drop.has(error.code)).map((error) => `${error.attr} ${error.code}`),
      );
    expect(codes(tenant, new Set())).toEqual(codes(builtIn, tenantOnly));
    expect(codes(builtIn, new Set()).flat()).toContain('customers.0.landline invalid_phone_number');
  });

  it.each([
    ['refused credentials', { KRAKEN_API_KEY: 'wrong-key' }, '', 3, /refused the credentials \(401\)/],
    [
      'a base URL with /v2',
      {},
      '/v2',
      3,
      /no schema document at .*\/v2\/data-import\/schema\/ \(404\): check KRAKEN_BASE_URL/,
    ],
  ])('refuses %s (exit 3) and saves nothing', async (_name, env, suffix, code, message) => {
    const server = await startSandbox();
    const output = join(dir, `refused-${suffix === '' ? 'key' : 'path'}.json`);
    const result = await runInProcess(['schema', 'pull', '--base-url', `${server.url}${suffix}`, '--output', output], {
      env,
    });
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('wrong-key');
    expect(existsSync(output)).toBe(false);
  });

  it('needs a base URL', async () => {
    const result = await runInProcess(['schema', 'pull'], { env: { KRAKEN_BASE_URL: '' }, cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no API base URL');
  });
});

describe('schema show', () => {
  it('lists the fields of a path with types, limits, choices and the server rules, saying which the tool checks', async () => {
    const result = await runInProcess(['schema', 'show', 'customers', '--schema', origin]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('customers  list of AusCustomer, optional');
    expect(result.stdout).toContain('  *.email  string (email), optional, nullable, max 254 characters');
    expect(result.stdout).toContain('  *.credit_score  integer, optional, nullable, 0 to 9999');
    expect(result.stdout).toContain('    choices: LOW, MID, HIGH, UNKNOWN, ""');
    expect(result.stdout).toMatch(
      /rule: Validate email address is not test address — .*\n +errors: possible_test_email_address\n +checked by kraken-import too: possible_test_email_address/,
    );
    expect(result.stdout).toMatch(/rule: Validate email is not internal — .*\n.*\n +checked by the server only/);
  });

  it('shows one field, list items by index or *, the variants of a polymorphic list, and decimals', async () => {
    const point = await runInProcess(['schema', 'show', 'supply_addresses.0.meter_points', '--schema', origin]);
    expect(point.stdout).toContain('supply_addresses.*.meter_points  list of MeterPoint, required');
    expect(point.stdout).toContain('  *.supply_type  choice, required, 8 choices');
    expect(point.stdout).toContain('  *(GAS).');
    const star = await runInProcess(['schema', 'show', 'supply_addresses.*.meter_points', '--schema', origin]);
    expect(star.stdout).toBe(point.stdout);
    const amount = await runInProcess(['schema', 'show', 'transfer_balance', '--schema', origin, '--json']);
    const field = (JSON.parse(amount.stdout) as { field: Record<string, unknown> }).field;
    expect(field).toMatchObject({ path: 'transfer_balance', type: 'string', format: 'decimal' });
    expect(typeof field['maxDigits']).toBe('number');
    const options = await runInProcess(['schema', 'show', 'account_billing_options', '--schema', origin]);
    expect(options.stdout).toContain(
      'shape set by the import supplier setting enforce_strict_billing_options (null, false, true; checked as when unset unless tenant.supplier_settings gives it)',
    );
  });

  it('lists the built-in schema by default, and refuses a path that is no field', async () => {
    const top = await runInProcess(['schema', 'show']);
    expect(top.stdout).toContain('Schema: Account (built-in');
    expect(top.stdout).toContain('  import_supplier  string, required');
    const missing = await runInProcess(['schema', 'show', 'customers.0.nickname']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('"customers.0.nickname" is not a field of Account');
  });
});

describe('schema diff', () => {
  it('lists fields and choices added, removed and changed (exit 1), and nothing for the same payload (exit 0)', async () => {
    const changed = join(dir, 'changed.yml');
    const text = readFileSync(origin, 'utf8')
      .replace('      - DOMESTIC_VACANT\n', '      - DOMESTIC_LEASED\n')
      .replace(/( {8}billing_address1:\n(?: {10}.*\n)*? {10}maxLength: )512/, '$1100');
    expect(text).toContain('DOMESTIC_LEASED');
    writeFileSync(changed, text);
    const result = await runInProcess(['schema', 'diff', origin, changed]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('~ account_type  choices + DOMESTIC_LEASED; - DOMESTIC_VACANT');
    expect(result.stdout).toContain('~ billing_address1  max_length: 512 → 100');
    const same = await runInProcess(['schema', 'diff', origin, origin]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('The account payloads are the same.');
    const json = await runInProcess(['schema', 'diff', 'built-in', origin, '--json']);
    expect(json.code).toBe(1);
    const changes = (JSON.parse(json.stdout) as { changes: { kind: string; path: string }[] }).changes;
    expect(changes).toContainEqual(
      expect.objectContaining({ kind: 'removed', path: 'ledgers.*.billing_document_type' }),
    );
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'added', path: 'account_type' }));
  });
});
