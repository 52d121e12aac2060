// Loading kraken-import.yaml: discovery, precedence helpers, and readable refusals of bad files.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, pick } from '../../src/config/load-config.js';
import { UsageError } from '../../src/core/errors.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';

const dir = mkdtempSync(join(tmpdir(), 'kraken-import-config-'));
function configFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('uses defaults when there is no config file', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    expect(await loadConfig(undefined, empty)).toEqual({
      path: undefined,
      values: {},
      tenant: defaultTenantRules,
      schemaPath: undefined,
    });
  });

  it('finds ./kraken-import.yaml and lays tenant lists over the defaults', async () => {
    const project = mkdtempSync(join(dir, 'project-'));
    writeFileSync(
      join(project, 'kraken-import.yaml'),
      'concurrency: 4\ntenant:\n  ledger_codes: [A, B]\n  meter_phases: null\n',
    );
    const config = await loadConfig(undefined, project);
    expect(config.path).toBe(join(project, 'kraken-import.yaml'));
    expect(config.values.concurrency).toBe(4);
    expect(config.tenant.ledgerCodes).toEqual(['A', 'B']);
    expect(config.tenant.meterPhases).toBeNull();
    expect(config.tenant.registerTypes).toEqual(defaultTenantRules.registerTypes);
  });

  it.each([
    ['an unknown top-level key', 'concurency: 8\n', /concurency: unknown key/],
    ['an unknown tenant key', 'tenant:\n  ledger_code: [A]\n', /tenant\.ledger_code: unknown key/],
    ['a wrong type', 'concurrency: eight\n', /concurrency: A valid integer is required/],
    ['a value out of range', 'concurrency: 0\n', /concurrency: Ensure this value is greater than or equal to 1/],
    ['a bad choice', 'auth: basic\n', /auth: "basic" is not a valid choice/],
    ['broken YAML', 'tenant: [\n', /not valid YAML/],
    ['a repeated key', 'rate: 1\nrate: 2\n', /not valid YAML/],
    [
      'a postal code pattern that is not a regular expression',
      'tenant:\n  postal_code_pattern: "[0-9"\n',
      /tenant\.postal_code_pattern is not a regular expression/,
    ],
    ['a region without phone numbers', 'tenant:\n  region: ZZ\n', /tenant\.region "ZZ" is not a region/],
  ])('refuses %s, naming the file and the key', async (_name, text, message) => {
    const path = configFile(`bad-${Math.random()}.yaml`, text);
    const failure = loadConfig(path, dir);
    await expect(failure).rejects.toThrow(UsageError);
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.toThrow(path);
  });

  it('refuses an explicit config file that does not exist', async () => {
    await expect(loadConfig('missing.yaml', dir)).rejects.toThrow(/cannot read config file .*missing\.yaml: ENOENT/);
  });
});

describe('pick', () => {
  it('takes the first defined value: flag, then environment, then config', () => {
    expect(pick('flag', 'env', 'config')).toBe('flag');
    expect(pick(undefined, 'env', 'config')).toBe('env');
    expect(pick<string>(undefined, undefined, 'config')).toBe('config');
    expect(pick<string>(undefined, undefined)).toBeUndefined();
  });
});
