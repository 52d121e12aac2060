// Connection settings: precedence, refusals of unsafe or missing values, and the key read from a file.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { UsageError } from '../../src/core/errors.js';
import { checkBaseUrl, resolveRemoteSettings } from '../../src/config/remote-settings.js';

describe('checkBaseUrl', () => {
  it.each([
    ['https://api.tenant.kraken.tech/', false, 'https://api.tenant.kraken.tech'],
    ['http://127.0.0.1:4010', false, 'http://127.0.0.1:4010'],
    ['http://localhost:4010/', false, 'http://localhost:4010'],
    ['http://[::1]:4010', false, 'http://[::1]:4010'],
    ['http://api.tenant.test', true, 'http://api.tenant.test'],
  ])('accepts %s (insecure allowed: %s)', (url, insecure, expected) => {
    expect(checkBaseUrl(url, insecure)).toBe(expected);
  });

  it.each([
    ['http://api.tenant.test', /refusing plain http/],
    ['http://10.0.0.1', /refusing plain http/],
    ['ftp://api.tenant.test', /must be https/],
    ['not a url', /is not a URL/],
    ['https://user:secret@api.tenant.test', /must not contain credentials/],
  ])('refuses %s', (url, message) => {
    expect(() => checkBaseUrl(url, false)).toThrow(UsageError);
    expect(() => checkBaseUrl(url, false)).toThrow(message);
  });
});

describe('resolveRemoteSettings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kraken-remote-settings-'));
  writeFileSync(join(dir, 'key.txt'), '  file-key\n');
  writeFileSync(
    join(dir, 'kraken-import.yaml'),
    'base_url: https://config.example\napi_key_file: key.txt\nconcurrency: 3\nimport_supplier: FROM_CONFIG\n',
  );

  it('takes flags over the environment over the config file', async () => {
    const config = await loadConfig(undefined, dir);
    const fromConfig = await resolveRemoteSettings({}, config, {}, dir);
    expect(fromConfig).toMatchObject({
      baseUrl: 'https://config.example',
      apiKey: 'file-key',
      concurrency: 3,
      importSupplier: 'FROM_CONFIG',
      auth: 'token',
    });
    const fromEnv = await resolveRemoteSettings(
      {},
      config,
      { KRAKEN_BASE_URL: 'https://env.example', KRAKEN_API_KEY: 'env-key', KRAKEN_AUTH: 'jwt' },
      dir,
    );
    expect(fromEnv).toMatchObject({ baseUrl: 'https://env.example', apiKey: 'env-key', auth: 'jwt' });
    const fromFlags = await resolveRemoteSettings(
      { baseUrl: 'https://flag.example', apiKeyFile: 'key.txt', concurrency: 9, importSupplier: 'FLAG' },
      config,
      { KRAKEN_BASE_URL: 'https://env.example', KRAKEN_API_KEY: 'env-key' },
      dir,
    );
    expect(fromFlags).toMatchObject({
      baseUrl: 'https://flag.example',
      apiKey: 'file-key',
      concurrency: 9,
      importSupplier: 'FLAG',
    });
  });

  it('refuses an empty or missing key file without echoing anything of the key', async () => {
    writeFileSync(join(dir, 'empty.txt'), '\n');
    const config = await loadConfig(undefined, mkdtempSync(join(tmpdir(), 'kraken-none-')));
    await expect(
      resolveRemoteSettings({ baseUrl: 'https://x.example', apiKeyFile: join(dir, 'empty.txt') }, config, {}, dir),
    ).rejects.toThrow(/is empty/);
    await expect(
      resolveRemoteSettings({ baseUrl: 'https://x.example', apiKeyFile: join(dir, 'nope.txt') }, config, {}, dir),
    ).rejects.toThrow(/ENOENT/);
  });
});

describe('API key and outage settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kraken-remote-key-'));
  writeFileSync(join(dir, 'two-lines.txt'), 'SECRET-ONE\nSECRET-TWO\n');
  writeFileSync(join(dir, 'kraken-import.yaml'), 'base_url: https://config.example\nmax_outage: 30\n');

  it.each<[string, Record<string, string>, { apiKeyFile?: string }]>([
    ['a key file with two lines', {}, { apiKeyFile: 'two-lines.txt' }],
    ['KRAKEN_API_KEY with a line break', { KRAKEN_API_KEY: 'SECRET-ONE\nSECRET-TWO' }, {}],
    ['KRAKEN_API_KEY with a space', { KRAKEN_API_KEY: 'SECRET-ONE SECRET-TWO' }, {}],
  ])('refuses %s with a usage error that never shows the key', async (_name, env, flags) => {
    const config = await loadConfig(undefined, dir);
    const settings = resolveRemoteSettings(flags, config, env, dir);
    await expect(settings).rejects.toThrow(UsageError);
    await expect(settings).rejects.toThrow(/does not hold one API key: it holds a (line break|space) at character 11/);
    await expect(settings).rejects.not.toThrow(/SECRET/);
  });

  it('takes --max-outage over max_outage over the default', async () => {
    const config = await loadConfig(undefined, dir);
    const env = { KRAKEN_API_KEY: 'k' };
    expect((await resolveRemoteSettings({}, config, env, dir)).maxOutageMs).toBe(30_000);
    expect((await resolveRemoteSettings({ maxOutage: 5 }, config, env, dir)).maxOutageMs).toBe(5000);
    const none = await loadConfig(undefined, tmpdir());
    const fallback = await resolveRemoteSettings({ baseUrl: 'https://x.example' }, none, env, dir);
    expect(fallback.maxOutageMs).toBe(180_000);
  });
});
