// The client against a hostile API (the sandbox's --fault modes over loopback): wrong shapes, trickles, floods,
// silence, token endpoint failures, outages and the preflight's diagnoses.
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { KrakenClient, type ClientOptions } from '../../src/api/kraken-client.js';
import { RequestGate } from '../../src/api/request-gate.js';
import { ApiUnusableError, UsageError } from '../../src/core/errors.js';
import { serializeAccount } from '../../src/core/json.js';
import {
  defaultSandboxOptions,
  startSandbox,
  type Sandbox,
  type SandboxOptions,
} from '../../src/sandbox/sandbox-server.js';
import { defaultTenantRules } from '../../src/validation/tenant-rules.js';
import { seedAccount } from '../helpers.js';

const running: Sandbox[] = [];
const clients: KrakenClient[] = [];
const echoing: Server[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(running.splice(0).map((server) => server.close()));
  await Promise.all(
    echoing.splice(0).map(
      (server) =>
        new Promise<void>((resolve) =>
          server.close(() => {
            resolve();
          }),
        ),
    ),
  );
});

async function sandbox(overrides: Partial<SandboxOptions> = {}): Promise<{ server: Sandbox; options: SandboxOptions }> {
  const options = { ...defaultSandboxOptions(defaultTenantRules), port: 0, processingMs: 0, ...overrides };
  const server = await startSandbox(options);
  running.push(server);
  return { server, options };
}

function client(baseUrl: string, overrides: Partial<ClientOptions> = {}): KrakenClient {
  const created = new KrakenClient({
    baseUrl,
    apiKey: 'sandbox-key',
    auth: 'token',
    payloadWrapper: 'wrapped',
    gate: new RequestGate({ concurrency: 4, ratePerSecond: undefined }),
    retry: { maxAttempts: 3, maxElapsedMs: 10_000, baseDelayMs: 5, maxDelayMs: 20 },
    requestTimeoutMs: 2000,
    ...overrides,
  });
  clients.push(created);
  return created;
}

const quick = { maxAttempts: 3, maxElapsedMs: 10_000, baseDelayMs: 5, maxDelayMs: 20 };
const account = () =>
  serializeAccount({ ...seedAccount(), import_supplier: 'ACME', external_account_number: '8888888889' });
const noTask = { is_dry_run: false, schedule_window_start: null, schedule_window_end: null };

/** A loopback port on which nothing listens. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) =>
    probe.close(() => {
      resolve();
    }),
  );
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('success needs the documented code and shape', () => {
  it.each<[string, Partial<SandboxOptions>, string]>([
    ['an HTML login page with 200', { fault: 'html', faultStatus: 200 }, 'unexpected_answer (http_200, text/html)'],
    ['a non-JSON 200', { fault: 'not-json' }, 'unexpected_answer (http_200, text/plain)'],
    ['a compressed binary 200', { fault: 'gzip' }, 'unexpected_answer (http_200, application/json)'],
    ['an empty 200', { fault: 'empty' }, 'unexpected_answer (http_200, application/json)'],
    ['an HTML 404', { fault: 'html', faultStatus: 404 }, 'unexpected_answer (http_404, text/html)'],
  ])('validate: %s is retried, then reported as unexpected, never valid', async (_name, fault, reason) => {
    const { server } = await sandbox(fault);
    const answer = await client(server.url).validate(account());
    expect(answer).toMatchObject({ kind: 'exhausted', reason, attempts: 3 });
    expect(server.requestCounts['validate']).toBe(3);
  });

  it.each<[string, Partial<SandboxOptions>, string]>([
    ['without status', { fault: 'no-status' }, 'unexpected_answer (http_200, application/json)'],
    ['with a number for status', { fault: 'status-number' }, 'unexpected_answer (http_200, application/json)'],
    ['an HTML 404 (not "no import")', { fault: 'html', faultStatus: 404 }, 'unexpected_answer (http_404, text/html)'],
  ])('status: a body %s is an unexpected answer', async (_name, fault, reason) => {
    const { server } = await sandbox({ ...fault, faultRoutes: ['status'] });
    expect(await client(server.url).status('ACME', '1')).toMatchObject({ kind: 'exhausted', reason, attempts: 3 });
  });

  it('create: an HTML 200 to the POST leaves the outcome unknown after one attempt', async () => {
    const { server } = await sandbox({ fault: 'html', faultStatus: 200, faultRoutes: ['create'] });
    const answer = await client(server.url).create(account(), noTask);
    expect(answer).toMatchObject({ kind: 'unknown', reason: 'unexpected_answer (http_200, text/html)', attempts: 1 });
  });

  it('still reads the documented answers', async () => {
    const { server } = await sandbox();
    const api = client(server.url);
    expect((await api.validate(account())).kind).toBe('valid');
    expect((await api.create(account(), noTask)).kind).toBe('created');
    expect((await api.status('ACME', '8888888889')).kind).toBe('found');
    expect((await api.status('ACME', 'none')).kind).toBe('not_found');
  });
});

describe('every request has one deadline, body included, and a bounded answer', () => {
  it('gives up on a body that trickles, and on a request never answered, at the deadline', async () => {
    const { server, options } = await sandbox({ fault: 'trickle', trickleMs: 20 });
    const api = client(server.url, { requestTimeoutMs: 150, retry: { ...quick, maxAttempts: 2 } });
    const started = Date.now();
    expect(await api.status('ACME', '1')).toMatchObject({ kind: 'exhausted', reason: 'request_timeout' });
    options.fault = 'hang';
    expect(await api.create(account(), noTask)).toMatchObject({ kind: 'unknown', reason: 'request_timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('stops reading an oversized body and treats it as unexpected', async () => {
    const { server } = await sandbox({ fault: 'oversized', oversizedBytes: 8 * 1024 * 1024 });
    const api = client(server.url, { maxResponseBytes: 64 * 1024, retry: { ...quick, maxAttempts: 2 } });
    expect(await api.status('ACME', '1')).toMatchObject({
      kind: 'exhausted',
      reason: 'unexpected_answer (http_200, body over the size limit)',
      attempts: 2,
    });
  });

  it('abandons requests in flight when the run stops, without retrying them', async () => {
    const { server } = await sandbox({ fault: 'hang' });
    const stop = new AbortController();
    const api = client(server.url, { signal: stop.signal, requestTimeoutMs: 10_000 });
    const pending = api.validate(account());
    setTimeout(() => {
      stop.abort();
    }, 50);
    expect(await pending).toMatchObject({ kind: 'exhausted', reason: 'interrupted', attempts: 1 });
  });
});

describe('the token endpoint (--auth jwt)', () => {
  it.each<[string, Partial<SandboxOptions>, RegExp]>([
    ['an HTML 502', { fault: 'html' }, /cannot obtain a token from .* after 3 attempts \(token_endpoint http_502\)/],
    [
      'an HTML 200',
      { fault: 'html', faultStatus: 200 },
      /cannot obtain a token .*\(token_endpoint unexpected_answer \(http_200, text\/html\)\)/,
    ],
    ['no answer', { fault: 'hang' }, /cannot obtain a token .*\(token_endpoint request_timeout\)/],
  ])('reports %s as what it is after retrying it, not as a refused key', async (_name, fault, message) => {
    const { server } = await sandbox({ ...fault, faultRoutes: ['graphql'] });
    const api = client(server.url, { auth: 'jwt', requestTimeoutMs: 200 });
    const failure = api.status('ACME', '1');
    await expect(failure).rejects.toThrow(ApiUnusableError);
    await expect(failure).rejects.toThrow(message);
    expect(server.requestCounts['graphql']).toBe(3);
    expect(api.requestCounts).toMatchObject({ auth: 3, status: 0 });
  });

  it('says the key was refused only when the API refuses it', async () => {
    const { server } = await sandbox();
    const api = client(server.url, { auth: 'jwt', apiKey: 'wrong-key' });
    await expect(api.status('ACME', '1')).rejects.toThrow('obtainKrakenToken refused the API key');
  });
});

describe('request counts', () => {
  it('count requests that left, not attempts refused before sending', async () => {
    const port = await closedPort();
    const api = client(`http://127.0.0.1:${port}`);
    await expect(api.status('ACME', '1')).rejects.toThrow(
      /cannot reach 127\.0\.0\.1:\d+ after 3 attempts \(ECONNREFUSED\)/,
    );
    expect(api.requestCounts).toEqual({ validate: 0, create: 0, status: 0, auth: 0 });
  });

  it('count a request whose body never finished once, not twice', async () => {
    const { server } = await sandbox({ fault: 'trickle', trickleMs: 20 });
    const api = client(server.url, { requestTimeoutMs: 100, retry: { ...quick, maxAttempts: 3 } });
    expect(await api.status('ACME', '1')).toMatchObject({ kind: 'exhausted', attempts: 3 });
    expect(api.requestCounts.status).toBe(3);
    expect(server.requestCounts['status']).toBe(3);
  });
});

describe('header values', () => {
  it.each(['SECRET1\nSECRET2', 'SECRET1 SECRET2', 'SECRET\u0000', 'SECRÉT'])(
    'refuses the key %j without echoing it',
    (key) => {
      const build = () => client('http://127.0.0.1:1', { apiKey: key });
      expect(build).toThrow(UsageError);
      let message = '';
      try {
        build();
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^the API key cannot be sent in a header: it holds/);
      expect(message).not.toContain('SECR');
    },
  );
});

describe('preflight', () => {
  it('passes against the API and sends one status request', async () => {
    const { server } = await sandbox();
    const api = client(server.url);
    await api.preflight('ACME');
    expect(server.requestCounts['status']).toBe(1);
  });

  it.each<[string, Partial<SandboxOptions>, RegExp]>([
    [
      'an HTML 404',
      { fault: 'html', faultStatus: 404 },
      /the base URL does not point at the Kraken API \(got an HTML 404 from 127\.0\.0\.1:\d+\/v2\/data-import\/accounts\/KRAKEN_IMPORT_PREFLIGHT\/kraken-import-preflight-[0-9a-f]+\/\): check KRAKEN_BASE_URL, it should be the API root without \/v2/,
    ],
    ['a text 404', { fault: 'not-json', faultStatus: 404 }, /got a non-JSON 404 from/],
    ['a 502 page', { fault: 'html' }, /the API answers 502 \(text\/html\)/],
    ['a status body', { fault: 'no-status' }, /unexpected answer to a status request \(http_200\)/],
  ])('names %s and its fix', async (_name, fault, message) => {
    const { server } = await sandbox(fault);
    const api = client(server.url, { sleep: () => Promise.resolve() });
    await expect(api.preflight()).rejects.toThrow(message);
  });

  it.each<[string, () => Promise<string>, RegExp]>([
    ['a closed port', async () => `http://127.0.0.1:${await closedPort()}`, /^nothing listens on 127\.0\.0\.1:\d+/],
    ['an unknown host', () => Promise.resolve('https://kraken-import-nonexistent.invalid'), /^cannot resolve host/],
    [
      'https to an http port',
      async () => (await sandbox()).server.url.replace('http:', 'https:'),
      /^TLS handshake failed with .*: is the URL http rather than https\?/,
    ],
  ])('diagnoses %s quickly', async (_name, url, message) => {
    const api = client(await url(), { sleep: () => Promise.resolve() });
    const started = Date.now();
    await expect(api.preflight()).rejects.toThrow(message);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops on refused credentials as a 401', async () => {
    const { server } = await sandbox();
    await expect(client(server.url, { apiKey: 'wrong' }).preflight()).rejects.toThrow(
      /refused the credentials \(401\)/,
    );
  });
});

describe('an outage', () => {
  it('stops every call once the API has failed for maxOutageMs, instead of retrying each record', async () => {
    const { server } = await sandbox({ fault: 'html' });
    const api = client(server.url, { maxOutageMs: 300, retry: { ...quick, maxAttempts: 8 } });
    const calls = Array.from({ length: 12 }, () => api.validate(account()));
    const settled = await Promise.allSettled(calls);
    expect(settled.every((result) => result.status === 'rejected')).toBe(true);
    const [first] = settled;
    expect(first?.status === 'rejected' ? String(first.reason) : '').toMatch(
      /the API has been failing for \d+ s \(last: http_502\)/,
    );
    // Without the pause, 12 records x 8 attempts = 96 requests would have been sent.
    expect(server.requestCounts['validate'] ?? 0).toBeLessThan(40);
    await expect(api.status('ACME', '1')).rejects.toThrow(ApiUnusableError);
  });

  it('pauses, probes, and lets every call through once the API is back', async () => {
    const { server, options } = await sandbox({ fault: 'html', faultRoutes: ['validate', 'status'] });
    const api = client(server.url, { maxOutageMs: 5000, retry: { ...quick, maxAttempts: 8 } });
    const calls = Array.from({ length: 6 }, () => api.validate(account()));
    setTimeout(() => {
      options.fault = undefined;
    }, 150);
    const answers = await Promise.all(calls);
    expect(answers.map((answer) => answer.kind)).toEqual(Array(6).fill('valid'));
  });

  it('ends the pause at once when the run stops, instead of waiting out maxOutageMs', async () => {
    const { server } = await sandbox({ fault: 'html' });
    const stop = new AbortController();
    const api = client(server.url, { maxOutageMs: 60_000, signal: stop.signal, retry: { ...quick, maxAttempts: 8 } });
    const calls = Array.from({ length: 6 }, () => api.validate(account()));
    setTimeout(() => {
      stop.abort();
    }, 300);
    const started = Date.now();
    const settled = await Promise.allSettled(calls);
    expect(Date.now() - started).toBeLessThan(5000);
    for (const result of settled) {
      const reason =
        result.status === 'fulfilled' ? (result.value as { reason?: string }).reason : String(result.reason);
      expect(reason).toMatch(/interrupted|stopping/);
    }
  });

  it('renews a JWT for its probe while every other request is held (no deadlock)', async () => {
    const { server, options } = await sandbox({
      fault: 'html',
      faultRoutes: ['validate', 'status'],
      jwtTtlSeconds: 1,
    });
    const api = client(server.url, { auth: 'jwt', maxOutageMs: 10_000, retry: { ...quick, maxAttempts: 8 } });
    expect((await api.validate(account())).kind).toBe('exhausted'); // a token is held from here on
    const calls = Array.from({ length: 4 }, () => api.validate(account()));
    setTimeout(() => {
      options.fault = undefined; // the API comes back after the token has expired
    }, 1500);
    const answers = await Promise.all(calls);
    expect(answers.map((answer) => answer.kind)).toEqual(Array(4).fill('valid'));
  });

  it('is not triggered by one record failing alone', async () => {
    const { server } = await sandbox({ fault: 'html', faultStatus: 503 });
    const api = client(server.url, { maxOutageMs: 1, retry: { ...quick, maxAttempts: 8 } });
    expect(await api.validate(account())).toMatchObject({ kind: 'exhausted', reason: 'http_503', attempts: 8 });
  });
});

describe('answers that echo the credentials', () => {
  const key = 'Zq9-SECRETKEY-77x';
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

  /** A loopback API that puts the Authorization header it got into every error it gives, as a careless one might. */
  async function echoingApi(): Promise<string> {
    const server = createHttpServer((request, response) => {
      const sent = String(request.headers.authorization);
      const answer = (status: number, body: object) => {
        response.writeHead(status, { 'content-type': 'application/json', 'x-kraken-correlation-id': `c ${sent}` });
        response.end(JSON.stringify(body));
      };
      request.resume();
      request.on('end', () => {
        if (request.url === '/v1/graphql/') {
          answer(200, { data: { obtainKrakenToken: { token: jwt, refreshToken: `refresh-${key}` } } });
        } else if (request.url?.includes('/ODD-1/') === true) {
          // Not a media type: a server's text where a header names one.
          response.writeHead(200, { 'content-type': `page for ${sent}` });
          response.end('<html></html>');
        } else if (request.url === '/v2/data-import/accounts/validate/') {
          answer(400, {
            errors: [{ code: 'weird', attr: 'customers.0.email', detail: `you sent Authorization: ${sent}` }],
          });
        } else if (request.method === 'POST') {
          answer(400, { detail: `Refused for ${sent}.`, code: 'import_process_failed_validation' });
        } else {
          answer(200, {
            status: 'ERRORED',
            kraken_identifier: null,
            latest_error: { code: 'errored', detail: `Header was ${sent}`, domain: sent },
          });
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    echoing.push(server);
    const address = server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  }

  it('hides a JWT renewed while a request that carried it was in flight', async () => {
    const issued: string[] = [];
    const held: (() => void)[] = [];
    const claims = Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
    const server = createHttpServer((request, response) => {
      const sent = String(request.headers.authorization);
      request.resume();
      request.on('end', () => {
        const answer = (body: object) => {
          response.writeHead(request.url === '/v1/graphql/' ? 200 : 400, { 'content-type': 'application/json' });
          response.end(JSON.stringify(body));
        };
        if (request.url === '/v1/graphql/') {
          issued.push(`eyJhbGciOiJIUzI1NiJ9.${claims}.token-number-${issued.length + 1}`);
          answer({ data: { obtainKrakenToken: { token: issued.at(-1), refreshToken: `refresh-${issued.length}` } } });
          return;
        }
        // The first validate is answered only once the second has come (with the renewed token).
        held.push(() => {
          answer({ errors: [{ code: 'weird', detail: `you sent ${sent}` }] });
        });
        if (held.length === 2) for (const release of held) release();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    echoing.push(server);
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    let time = Date.now();
    const api = client(url, { apiKey: key, auth: 'jwt', now: () => time });
    const first = api.validate(account());
    for (const started = Date.now(); held.length < 1 && Date.now() - started < 5000;) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    time += 2 * 3600 * 1000; // past the first token's expiry: the next request renews it
    const answers = await Promise.all([first, api.validate(account())]);
    expect(issued).toHaveLength(2);
    const shown = JSON.stringify(answers);
    for (const token of issued) expect(shown).not.toContain(token);
    expect(shown.split('you sent [secret]')).toHaveLength(3);
  });

  it.each(['token', 'jwt'] as const)('hides them in every answer a run shows (--auth %s)', async (auth) => {
    const api = client(await echoingApi(), { apiKey: key, auth });
    const answers = [
      await api.validate(account()),
      await api.create(account(), noTask),
      await api.status('ACME', '8888888889'),
    ];
    const shown = JSON.stringify(answers);
    expect(answers.map((answer) => answer.kind)).toEqual(['invalid', 'rejected', 'found']);
    expect(shown).not.toContain(key);
    expect(shown).not.toContain(jwt);
    // The whole header value sent is hidden (for a key: the scheme too).
    expect(shown).toContain('you sent Authorization: [secret]');
    const odd = await api.status('ACME', 'ODD-1');
    expect(odd).toMatchObject({ kind: 'exhausted', reason: 'unexpected_answer (http_200, other)' });
    expect(shown).toContain('Header was ');
  });
});
