// Resolves what remote commands need (base URL, API key, auth, limits) by precedence, refusing unsafe or missing values.
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { KrakenClient } from '../api/kraken-client.js';
import { credentialProblem } from '../api/header-value.js';
import { RequestGate } from '../api/request-gate.js';
import { defaultRetryPolicy, type RetryPolicy } from '../api/retry-policy.js';
import { pick, type LoadedConfig } from './load-config.js';
import { UsageError } from '../core/errors.js';
import { remoteDefaults } from './defaults.js';

/** Flags shared by the commands that talk to the API. */
export interface RemoteFlags {
  baseUrl?: string;
  apiKeyFile?: string;
  auth?: 'token' | 'jwt';
  importSupplier?: string;
  concurrency?: number;
  rate?: number;
  allowInsecureHttp?: boolean;
  maxAttempts?: number;
  maxOutage?: number;
}

/** Checked settings of a remote command. */
export interface RemoteSettings {
  baseUrl: string;
  apiKey: string;
  auth: 'token' | 'jwt';
  importSupplier: string | undefined;
  concurrency: number;
  rate: number | undefined;
  payloadWrapper: 'wrapped' | 'bare';
  retry: RetryPolicy;
  /** How long every request may keep failing before the client throws ApiUnusableError. */
  maxOutageMs: number;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** Checks a base URL: https, or http only to a loopback host or when explicitly allowed. */
export function checkBaseUrl(value: string, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Not quoted: a URL that does not parse may still hold a user and password.
    const shape = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? 'does not parse' : 'does not start with https://';
    throw new UsageError(
      `the base URL is not a URL (it ${shape}): give the API root, e.g. https://api.example.kraken.tech`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`the base URL must be https:// (got ${url.protocol})`);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowInsecureHttp) {
    throw new UsageError(
      `refusing plain http to ${url.host}: the API key would travel unencrypted (use https, or --allow-insecure-http)`,
    );
  }
  if (url.username !== '' || url.password !== '') throw new UsageError('the base URL must not contain credentials');
  return url.href.replace(/\/+$/, '');
}

async function readApiKey(path: string, cwd: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    // The path is not repeated: a key typed where the path goes (`--api-key-file SECRET`) must not be shown.
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(
      `cannot read the file given as the API key file (${code}); it must be the path of a file holding the key ` +
        '(or set KRAKEN_API_KEY)',
    );
  }
  const key = text.trim();
  if (key === '') throw new UsageError(`the API key file ${path} is empty`);
  return checkedKey(key, `the API key file ${path}`);
}

/** Refuses a key that cannot travel in a header (two lines, a space, a control character), never quoting it. */
function checkedKey(key: string, source: string): string {
  const problem = credentialProblem(key);
  if (problem !== undefined) throw new UsageError(`${source} does not hold one API key: ${problem}`);
  return key;
}

/** Resolves remote settings: flag > environment > config file > default. */
export async function resolveRemoteSettings(
  flags: RemoteFlags,
  config: LoadedConfig,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<RemoteSettings> {
  const values = config.values;
  const baseUrl = pick(flags.baseUrl, env['KRAKEN_BASE_URL'] || undefined, values.base_url);
  if (baseUrl === undefined) {
    throw new UsageError(
      'no API base URL: pass --base-url, set KRAKEN_BASE_URL, or put base_url in kraken-import.yaml',
    );
  }
  const allowInsecure = flags.allowInsecureHttp === true || values.allow_insecure_http === true;
  const keyFile = flags.apiKeyFile ?? (env['KRAKEN_API_KEY'] ? undefined : values.api_key_file);
  const apiKey = keyFile !== undefined ? await readApiKey(keyFile, cwd) : env['KRAKEN_API_KEY']?.trim();
  if (apiKey === undefined || apiKey === '') {
    throw new UsageError(
      'no API key: set KRAKEN_API_KEY, or pass --api-key-file (or api_key_file in kraken-import.yaml)',
    );
  }
  if (keyFile === undefined) checkedKey(apiKey, 'KRAKEN_API_KEY');
  const authText = pick<string>(flags.auth, env['KRAKEN_AUTH'] || undefined, values.auth) ?? remoteDefaults.auth;
  if (authText !== 'token' && authText !== 'jwt')
    throw new UsageError(`unknown auth scheme "${authText}": use token or jwt`);
  return {
    baseUrl: checkBaseUrl(baseUrl, allowInsecure),
    apiKey,
    auth: authText,
    importSupplier: pick(flags.importSupplier, env['KRAKEN_IMPORT_SUPPLIER'] || undefined, values.import_supplier),
    concurrency: flags.concurrency ?? values.concurrency ?? remoteDefaults.concurrency,
    rate: flags.rate ?? values.rate,
    payloadWrapper: values.payload_wrapper ?? remoteDefaults.payloadWrapper,
    retry: { ...defaultRetryPolicy, maxAttempts: flags.maxAttempts ?? remoteDefaults.maxAttempts },
    maxOutageMs: (flags.maxOutage ?? values.max_outage ?? remoteDefaults.maxOutageSeconds) * 1000,
  };
}

/** Creates the API client and its request gate for a remote command; `signal` abandons requests in flight. */
export function createClient(settings: RemoteSettings, signal?: AbortSignal): KrakenClient {
  return new KrakenClient({
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    auth: settings.auth,
    payloadWrapper: settings.payloadWrapper,
    retry: settings.retry,
    maxOutageMs: settings.maxOutageMs,
    ...(signal === undefined ? {} : { signal }),
    gate: new RequestGate({ concurrency: settings.concurrency, ratePerSecond: settings.rate }),
  });
}
