// `--redact` end to end: reports, JUnit, --json and the terminal of validate and push, status --from on a redacted
// report, and `report --redact` (terminal and HTML) are free of the personal data that the errors would quote.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunManifest } from '../../src/report/manifest.js';
import type { RecordResult } from '../../src/report/record-result.js';
import { defaultSandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/sandbox-server.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { readNdjsonFile, seedAccount } from '../helpers.js';
import { runCli } from './run-cli.js';

/** The personal data planted in the input: it must never appear in redacted output. */
const personal = /zelda|quimby/i;

let sandbox: Sandbox;
const dir = mkdtempSync(join(tmpdir(), 'kraken-redact-'));
const input = join(dir, 'people.ndjson');

/** Accounts whose errors quote personal values (a phone, a test email, a postal code, a line of JSON). */
function writePeople(): void {
  const account = (
    number: string,
    change: (customer: Record<string, unknown>, account: Record<string, unknown>) => void,
  ) => {
    const seeded: Record<string, unknown> = {
      ...seedAccount(),
      import_supplier: 'ACME',
      external_account_number: number,
    };
    const customers = seeded['customers'] as Record<string, unknown>[];
    const customer = { ...customers[0], given_name: 'Zelda', family_name: 'Quimby' };
    change(customer, seeded);
    return JSON.stringify({ ...seeded, customers: [customer] });
  };
  writeFileSync(
    input,
    [
      account('R1', (customer) => (customer['landline'] = '555-ZELDA')),
      account('R2', (customer) => (customer['email'] = 'test@zelda-quimby.example')),
      account('R3', (_customer, whole) => {
        whole['billing_address'] = { ...(whole['billing_address'] as object), postal_code: 'QUIMBY' };
      }),
      '{"external_account_number": "R4", "given_name": Zelda Quimby}',
      account('R5', () => undefined),
      account('R9', () => undefined),
    ].join('\n') + '\n',
  );
}

beforeAll(async () => {
  writePeople();
  sandbox = await startSandbox({
    ...defaultSandboxOptions(defaultTenantRules),
    port: 0,
    processingMs: 50,
    errorAccounts: /R9$/,
  });
});
afterAll(async () => {
  await sandbox.close();
});

describe('validate --redact', () => {
  it('the same run without --redact quotes the personal values (what this test guards against)', async () => {
    const run = await runCli(['validate', input, '--json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(personal);
  });

  it('keeps personal data out of the report, JUnit, --json and the terminal; ids, attrs and codes stay', async () => {
    const report = join(dir, 'checked.ndjson');
    const junit = join(dir, 'checked.xml');
    const run = await runCli(['validate', input, '--redact', '--report', report, '--junit', junit]);
    expect(run.code).toBe(1);
    for (const text of [run.stdout, run.stderr, readFileSync(report, 'utf8'), readFileSync(junit, 'utf8')]) {
      expect(text).not.toMatch(personal);
    }
    expect(run.stdout).toContain('customers.0.landline invalid_phone_number The value is not a valid phone number.');
    const lines = readNdjsonFile<RecordResult>(report);
    expect(lines.map((line) => [line.external_account_number, line.outcome])).toEqual([
      ['R1', 'invalid'],
      ['R2', 'invalid'],
      ['R3', 'invalid'],
      [null, 'invalid'],
      ['R5', 'valid'],
      ['R9', 'valid'],
    ]);
    expect(lines[1]?.errors).toEqual([
      {
        code: 'possible_test_email_address',
        attr: 'customers.0.email',
        detail: 'The value looks like a test email address. [redacted]',
      },
    ]);
    expect(lines[3]?.errors[0]?.detail).toMatch(/^Line is not valid JSON: .*\[redacted\]$/);
    const manifest = JSON.parse(readFileSync(`${report}.manifest.json`, 'utf8')) as RunManifest;
    expect(manifest.redacted).toBe(true);

    const json = await runCli(['validate', input, '--redact', '--json']);
    expect(json.stdout).not.toMatch(personal);
    expect(json.stdout).toContain('"attr":"billing_address.postal_code","detail":"The value is not a valid postal');
  });
});

describe('push --redact', () => {
  const env = { KRAKEN_API_KEY: 'sandbox-key' };

  it("redacts Kraken's error details too, and status --from keeps a redacted report redacted", async () => {
    const report = join(dir, 'pushed.ndjson');
    const run = await runCli(
      ['push', input, '--redact', '--no-wait', '--base-url', sandbox.url, '--report', report, '--json'],
      { env },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(personal);
    expect(readFileSync(report, 'utf8')).not.toMatch(personal);
    await new Promise((resolve) => setTimeout(resolve, 150));

    const settled = await runCli(['status', '--from', report, '--base-url', sandbox.url], { env });
    expect(settled.code).toBe(1);
    const errored = readNdjsonFile<RecordResult>(report).find((line) => line.external_account_number === 'R9');
    expect(errored?.outcome).toBe('errored');
    expect(errored?.errors).toEqual([
      { code: 'account_import_failed', detail: 'Kraken could not import the account. [redacted]' },
    ]);
    expect(readFileSync(report, 'utf8')).not.toMatch(personal);
    const manifest = JSON.parse(readFileSync(`${report}.manifest.json`, 'utf8')) as RunManifest;
    expect(manifest.redacted).toBe(true);
    expect((await runCli(['report', 'verify', report])).code).toBe(0);

    // A resume without --redact keeps the report redacted, and says so.
    const resumed = await runCli(['push', input, '--resume', '--base-url', sandbox.url, '--report', report], { env });
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toContain('is redacted: this run redacts its lines too');
    expect(resumed.stdout + readFileSync(report, 'utf8')).not.toMatch(personal);
    expect((JSON.parse(readFileSync(`${report}.manifest.json`, 'utf8')) as RunManifest).redacted).toBe(true);
  });
});

describe('report --redact', () => {
  it('leaves the personal data of an unredacted report out of the summary, --json and the HTML page', async () => {
    const report = join(dir, 'plain.ndjson');
    expect((await runCli(['validate', input, '--report', report])).code).toBe(1);
    expect(readFileSync(report, 'utf8')).toMatch(personal);
    const html = join(dir, 'plain.html');
    const run = await runCli(['report', report, '--redact', '--html', html]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('invalid_phone_number');
    expect(run.stdout + readFileSync(html, 'utf8')).not.toMatch(personal);
    const json = await runCli(['report', report, '--redact', '--json']);
    expect(json.stdout).not.toMatch(personal);
  });
});
