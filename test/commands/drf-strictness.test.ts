// What Kraken accepts but reads differently: unknown fields and coercions are warnings by default, errors or
// warnings with --strict (or config `strict`), and push sends the input as given unless --normalize.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordResult } from '../../src/report/record-result.js';
import { readNdjsonFile, writeSeedAccounts } from '../helpers.js';
import { runInProcess, useSandboxes } from '../in-process.js';
import { startRecordingProxy, type RecordingProxy } from '../sandbox/recording-proxy.js';

const sandbox = useSandboxes();
const proxies: RecordingProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

/** Two accounts: one as published, one Kraken accepts only by coercing (and with a field it ignores). */
function writeInput(): { dir: string; input: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kraken-strict-'));
  const input = join(dir, 'accounts.ndjson');
  writeSeedAccounts(input, ['S-1', 'S-2'], (account, number) => {
    if (number !== 'S-2') return;
    account['legacy_id'] = 'OLD-2';
    const customers = account['customers'] as Record<string, unknown>[];
    (customers[0] as Record<string, unknown>)['family_name'] = ' Smith ';
    const addresses = account['supply_addresses'] as { supply_points: { meters: Record<string, unknown>[] }[] }[];
    const meter = addresses[0]?.supply_points[0]?.meters[0] as Record<string, unknown>;
    meter['voltage'] = '240';
  });
  return { dir, input };
}

describe('coercions and unknown fields', () => {
  it('accepts them and says so once, with each warning in the report', async () => {
    const { dir, input } = writeInput();
    const report = join(dir, 'report.ndjson');
    const run = await runInProcess(['validate', input, '--report', report]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Warnings (not errors): 1 unknown_field; see ${report}.`);
    const [first, second] = readNdjsonFile<RecordResult>(report);
    expect(first?.warnings).toBeUndefined();
    expect(second?.outcome).toBe('valid');
    expect(second?.warnings).toEqual([
      {
        code: 'unknown_field',
        attr: 'legacy_id',
        detail: '"legacy_id" is not a field of the account import schema; Kraken ignores it.',
      },
    ]);
  });

  it('refuses each coercion with --strict, warns with --strict warn, and reads config strict', async () => {
    const { dir, input } = writeInput();
    const strict = await runInProcess(['validate', input, '--strict', '--json']);
    expect(strict.code).toBe(1);
    const results = strict.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RecordResult & { summary?: Record<string, unknown> });
    expect(results[1]?.errors.map((error) => [error.code, error.attr])).toEqual([
      ['coerced', 'customers.0.family_name'],
      ['coerced', 'supply_addresses.0.supply_points.0.meters.0.voltage'],
    ]);
    expect(results[1]?.errors[1]?.detail).toBe('Kraken reads "240" as 240.');
    expect(results[2]?.summary).toMatchObject({ valid: 1, invalid: 1, warnings: { unknown_field: 1 } });

    const warned = await runInProcess(['validate', input, '--strict', 'warn']);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain('Warnings (not errors): 1 unknown_field, 2 coerced;');

    const config = join(dir, 'strict.yaml');
    writeFileSync(config, 'strict: error\ntenant:\n  unknown_fields: error\n');
    const configured = await runInProcess(['validate', input, '--config', config]);
    expect(configured.code).toBe(1);
    expect(configured.stdout).toContain('legacy_id unknown_field');
    expect(configured.stdout).toContain('supply_addresses.0.supply_points.0.meters.0.voltage coerced');
  });

  it("reads a date-time without an offset in the tenant's time zone, as Django does", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kraken-zone-'));
    const input = join(dir, 'accounts.ndjson');
    writeSeedAccounts(input, ['Z-1', 'Z-2'], (account, number) => {
      const notes = account['notes'] as Record<string, unknown>[];
      // 02:30 on 6 October 2024 never happened in Melbourne: clocks went from 02:00 to 03:00.
      (notes[1] as Record<string, unknown>)['created_at'] =
        number === 'Z-1' ? '2024-10-06T02:30:00' : '2024-10-06T03:30:00';
    });
    expect((await runInProcess(['validate', input])).code).toBe(0);
    const config = join(dir, 'zone.yaml');
    writeFileSync(config, 'tenant:\n  time_zone: Australia/Melbourne\n');
    const zoned = await runInProcess(['validate', input, '--config', config]);
    expect(zoned.code).toBe(1);
    expect(zoned.stdout).toContain(
      'Z-1 notes.1.created_at make_aware Invalid datetime for the timezone "Australia/Melbourne".',
    );
    expect(zoned.stdout).not.toContain('Z-2 ');
    writeFileSync(config, 'tenant:\n  time_zone: Mars/Olympus\n');
    const unknown = await runInProcess(['validate', input, '--config', config]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('tenant.time_zone "Mars/Olympus" is not a known time zone');
  });

  it('pushes the input as given, or as Kraken reads it with --normalize', async () => {
    const server = await sandbox({ processingMs: 20 });
    const proxy = await startRecordingProxy(server.url);
    proxies.push(proxy);
    const { dir, input } = writeInput();
    const sentAccounts = () =>
      proxy.exchanges
        .filter((exchange) => exchange.method === 'POST' && exchange.path.endsWith('/v2/data-import/accounts/'))
        .map((exchange) => (JSON.parse(exchange.requestBody) as { payload: Record<string, unknown> }).payload)
        .filter((payload) => payload['external_account_number'] === 'S-2');

    const asGiven = await runInProcess(['push', input, '--base-url', proxy.url, '--report', join(dir, 'r1.ndjson')]);
    expect(asGiven.code).toBe(0);
    const [given] = sentAccounts();
    expect(given?.['legacy_id']).toBe('OLD-2');
    expect(JSON.stringify(given)).toContain('"voltage":"240"');

    proxy.exchanges.length = 0;
    const args = ['push', input, '--base-url', proxy.url, '--report', join(dir, 'r2.ndjson'), '--normalize'];
    args.push('--dry-run');
    const normalized = await runInProcess(args);
    expect(normalized.code).toBe(0);
    const [read] = sentAccounts();
    expect(read).not.toHaveProperty('legacy_id');
    expect(JSON.stringify(read)).toContain('"voltage":240');
    expect(JSON.stringify(read)).toContain('"family_name":"Smith"');
  });
});
