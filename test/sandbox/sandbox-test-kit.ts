// Shared by the sandbox's HTTP tests: a sandbox on port 0 on a test clock, requests over loopback, the seed account.
import { afterEach } from '@jest/globals';
import { request } from 'undici';
import type { JsonObject } from '../../src/core/json.js';
import {
  defaultSandboxOptions,
  startSandbox,
  type Sandbox,
  type SandboxOptions,
} from '../../src/sandbox/sandbox-server.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { seedAccount } from '../helpers.js';

/** The sandbox clock's start; tests move `testClock.now` on instead of waiting. */
export const testClock = { start: Date.parse('2026-11-27T12:00:00Z'), now: Date.parse('2026-11-27T12:00:00Z') };

const running: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** Starts a sandbox on port 0 whose clock is `testClock.now` (reset to its start), closed after the test. */
export async function startTestSandbox(overrides: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  testClock.now = testClock.start;
  const started = await startSandbox({
    ...defaultSandboxOptions(defaultTenantRules),
    port: 0,
    processingMs: 0,
    now: () => testClock.now,
    ...overrides,
  });
  running.push(started);
  return started;
}

/** One answer of the sandbox, its body parsed when it is JSON. */
export interface TestAnswer {
  status: number;
  body: JsonObject;
  headers: Record<string, string | string[] | undefined>;
}

/** Sends a request (a string body as it is, anything else as JSON) and reads the answer. */
export async function callSandbox(
  server: Sandbox,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: 'Token sandbox-key' },
): Promise<TestAnswer> {
  const response = await request(`${server.url}${path}`, {
    method: method as 'GET',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    body: text === '' ? {} : (JSON.parse(text) as JsonObject),
    headers: response.headers,
  };
}

/** The seed account as ACME's account `number`. */
export function acmeAccount(number = '8888888889'): JsonObject {
  return { ...seedAccount(), import_supplier: 'ACME', external_account_number: number };
}

/** The three account paths. */
export const paths = {
  validate: '/v2/data-import/accounts/validate/',
  create: '/v2/data-import/accounts/',
  status: (number: string, supplier = 'ACME') =>
    `/v2/data-import/accounts/${encodeURIComponent(supplier)}/${encodeURIComponent(number)}/`,
};
