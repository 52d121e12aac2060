// The local Kraken account-import emulator: the three v2 endpoints, token auth and JWTs, and seeded fault injection.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FieldError } from '../core/field-error.js';
import type { TenantRules } from '../validation/tenant-rules.js';
import { createAccountValidator } from '../validation/validate-account.js';
import { isJsonObject, type JsonObject } from '../core/json.js';
import { ImportStore, krakenIdentifierFor, statusAt } from './import-store.js';
import { TokenIssuer } from './jwt.js';
import { seededRandom } from './seeded-random.js';

/** How the sandbox behaves; every field has a default in `defaultSandboxOptions`. */
export interface SandboxOptions {
  host: string;
  port: number;
  /** The API key accepted as `Authorization: Token <key>` and by obtainKrakenToken. */
  token: string;
  /** A key that authenticates but lacks permission (403), to rehearse that failure. */
  forbiddenToken: string | undefined;
  jwtTtlSeconds: number;
  /** How long an import takes from its start to a terminal status. */
  processingMs: number;
  seed: number;
  latencyMs: number;
  jitterMs: number;
  /** Probabilities (0..1) of each injected fault per request. */
  rate429: number;
  rate5xx: number;
  rateReset: number;
  rateLostCreate: number;
  retryAfterSeconds: number;
  /** Requests in flight past this get 429, like Kraken's concurrency limit. */
  maxConcurrent: number | undefined;
  /** Account numbers matching this end ERRORED (or DRY_RUN_ERRORED). */
  errorAccounts: RegExp | undefined;
  /** Account numbers matching this end CANCELLED. */
  cancelAccounts: RegExp | undefined;
  /** For this long after a create, its status answers 404 (a tenant whose status lags behind). */
  statusLagMs: number;
  /** Account numbers that already exist in Kraken. */
  preimported: ReadonlySet<string>;
  statePath: string | undefined;
  /** `standard` errors list, or the raw `nested` form some tenants return. */
  errorFormat: 'standard' | 'nested';
  maxBodyBytes: number;
  tenant: TenantRules;
  /** One line per request; nothing when undefined. */
  log: ((line: string) => void) | undefined;
  now: () => number;
}

/** Defaults of the sandbox (what `kraken-import sandbox` uses without flags). */
export function defaultSandboxOptions(tenant: TenantRules): SandboxOptions {
  return {
    host: '127.0.0.1',
    port: 4010,
    token: 'sandbox-key',
    forbiddenToken: undefined,
    jwtTtlSeconds: 3600,
    processingMs: 2000,
    seed: 1,
    latencyMs: 0,
    jitterMs: 0,
    rate429: 0,
    rate5xx: 0,
    rateReset: 0,
    rateLostCreate: 0,
    retryAfterSeconds: 1,
    maxConcurrent: undefined,
    errorAccounts: undefined,
    cancelAccounts: undefined,
    statusLagMs: 0,
    preimported: new Set(),
    statePath: undefined,
    errorFormat: 'standard',
    maxBodyBytes: 5 * 1024 * 1024,
    tenant,
    log: undefined,
    now: () => Date.now(),
  };
}

/** A running sandbox. */
export interface Sandbox {
  url: string;
  server: Server;
  store: ImportStore;
  /** Requests counted per route, for tests and benchmarks. */
  requestCounts: Record<string, number>;
  close(): Promise<void>;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body['detail'] === 'string' ? body['detail'] : String(status));
  }
}

const notFound = { detail: 'The requested resource was not found.', code: 'not_found' };
const notAuthenticated = {
  detail: 'Authentication credentials were not provided or are invalid.',
  code: 'not_authenticated',
};
const permissionDenied = { detail: 'You do not have permission to perform this action.', code: 'permission_denied' };
const maxWindowAheadMs = 4 * 24 * 3600 * 1000;
const pastTolerance = 60_000;

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new HttpProblem(413, { detail: `Request body larger than ${limit} bytes.`, code: 'request_too_large' }));
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Keep draining what the client sends so that it can read the 413.
        chunks.length = 0;
        reject(new HttpProblem(413, { detail: `Request body larger than ${limit} bytes.`, code: 'request_too_large' }));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

function parseJson(body: Buffer): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new HttpProblem(400, { detail: `JSON parse error - ${(error as Error).message}`, code: 'parse_error' });
  }
  if (!isJsonObject(value)) throw new HttpProblem(400, { detail: 'Expected a JSON object.', code: 'parse_error' });
  return value;
}

/** Nests `{attr, detail}` errors into the raw form `{"customers": {"0": {"landline": ["..."]}}}`. */
export function nestErrors(errors: readonly FieldError[]): JsonObject {
  const nested: JsonObject = {};
  for (const error of errors) {
    const path = (error.attr ?? 'non_field_errors').split('.');
    let node = nested;
    for (const segment of path.slice(0, -1)) {
      const child = node[segment];
      node = isJsonObject(child) ? child : (node[segment] = {});
    }
    const leaf = path.at(-1) ?? 'non_field_errors';
    const existing = node[leaf];
    node[leaf] = [...(Array.isArray(existing) ? (existing as unknown[]) : []), error.detail];
  }
  return nested;
}

/** Starts the sandbox; resolves once it accepts connections. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const random = seededRandom(options.seed);
  const tokens = new TokenIssuer(options.jwtTtlSeconds, options.now);
  const store = new ImportStore(options.statePath, options.preimported, options.now());
  const validateAccount = createAccountValidator(options.tenant, () => new Date(options.now()));
  validateAccount({}); // compiles the schema now rather than on the first request
  const requestCounts: Record<string, number> = {};
  let inFlight = 0;

  function authenticate(request: IncomingMessage): void {
    const header = request.headers.authorization;
    if (header === undefined || header === '') throw new HttpProblem(401, notAuthenticated);
    const [scheme, value] = header.includes(' ') ? (header.split(/\s+/, 2) as [string, string]) : ['', header];
    if (scheme.toLowerCase() === 'token') {
      if (value === options.token) return;
      if (options.forbiddenToken !== undefined && value === options.forbiddenToken)
        throw new HttpProblem(403, permissionDenied);
      throw new HttpProblem(401, notAuthenticated);
    }
    if ((scheme === '' || /^(jwt|bearer)$/i.test(scheme)) && tokens.verify(value)) return;
    throw new HttpProblem(401, notAuthenticated);
  }

  function accountFrom(body: JsonObject): { account: JsonObject; taskParams: JsonObject } {
    const payload = body['payload'];
    if (isJsonObject(payload)) {
      const taskParams = body['task_params'];
      return { account: payload, taskParams: isJsonObject(taskParams) ? taskParams : {} };
    }
    if ('external_account_number' in body) return { account: body, taskParams: {} };
    throw new HttpProblem(400, {
      detail: 'Could not validate account data.',
      code: 'account_failed_validation',
      errors: [{ detail: 'This field is required.', code: 'required', attr: 'payload' }],
    });
  }

  function validationBody(errors: FieldError[]): JsonObject {
    if (options.errorFormat === 'nested') return nestErrors(errors);
    return { detail: 'Could not validate account data.', code: 'account_failed_validation', errors };
  }

  function windowErrors(taskParams: JsonObject, now: number): FieldError[] {
    const errors: FieldError[] = [];
    const parse = (name: string): number | undefined => {
      const value = taskParams[name];
      if (value === null || value === undefined) return undefined;
      const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(time))
        errors.push({ code: 'invalid', attr: `task_params.${name}`, detail: 'Datetime has wrong format.' });
      return Number.isNaN(time) ? undefined : time;
    };
    const start = parse('schedule_window_start');
    const end = parse('schedule_window_end');
    if (start !== undefined && start < now - pastTolerance) {
      errors.push({
        code: 'schedule_window_start_in_past',
        attr: 'task_params.schedule_window_start',
        detail: 'The schedule window start is in the past.',
      });
    }
    if (end !== undefined && end > now + maxWindowAheadMs) {
      errors.push({
        code: 'schedule_window_end_too_far_in_future',
        attr: 'task_params.schedule_window_end',
        detail: 'The schedule window end is more than 4 days ahead.',
      });
    }
    if (start !== undefined && end !== undefined && start >= end) {
      errors.push({
        code: 'schedule_window_start__after_end',
        attr: 'task_params.schedule_window_start',
        detail: 'The schedule window start is not before its end.',
      });
    }
    return errors;
  }

  async function handleValidate(request: IncomingMessage): Promise<[number, JsonObject, string | undefined]> {
    const { account } = accountFrom(parseJson(await readBody(request, options.maxBodyBytes)));
    const accountNumber =
      typeof account['external_account_number'] === 'string' ? account['external_account_number'] : undefined;
    const errors = validateAccount(account);
    return errors.length === 0 ? [200, {}, accountNumber] : [400, validationBody(errors), accountNumber];
  }

  async function handleCreate(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<[number, JsonObject, string | undefined] | 'dropped'> {
    const { account, taskParams } = accountFrom(parseJson(await readBody(request, options.maxBodyBytes)));
    const accountNumber =
      typeof account['external_account_number'] === 'string' ? account['external_account_number'] : undefined;
    const now = options.now();
    const errors = validateAccount(account);
    if (errors.length > 0 || accountNumber === undefined) {
      return [
        400,
        {
          code: 'import_process_failed_validation',
          detail:
            'Import process validation failed during account creation. Please validate the import process to get full details of the validation errors.',
          domain: 'import_process',
        },
        accountNumber,
      ];
    }
    const windowProblems = windowErrors(taskParams, now);
    if (windowProblems.length > 0) {
      return [
        400,
        { detail: 'Invalid task parameters.', code: 'invalid_task_params', errors: windowProblems },
        accountNumber,
      ];
    }
    const importSupplier = String(account['import_supplier']);
    const dryRun = taskParams['is_dry_run'] === true;
    if (!dryRun) {
      const existing = store.existingAccount(importSupplier, accountNumber, now);
      if (existing !== undefined) {
        return [
          400,
          {
            non_field_errors: {
              detail: `The account import process with the account number ${accountNumber} has already been imported.`,
              code: 'account_import_process_already_imported',
            },
            account_id: existing,
          },
          accountNumber,
        ];
      }
    }
    const windowStart =
      typeof taskParams['schedule_window_start'] === 'string' ? Date.parse(taskParams['schedule_window_start']) : now;
    store.add({
      importSupplier,
      externalAccountNumber: accountNumber,
      createdAt: now,
      startAt: Math.max(now, windowStart),
      processingMs: options.processingMs,
      dryRun,
      errorDetail:
        options.errorAccounts?.test(accountNumber) === true
          ? `The sandbox was told to fail account ${accountNumber}.`
          : null,
      cancelled: options.cancelAccounts?.test(accountNumber) === true,
      krakenIdentifier: krakenIdentifierFor(importSupplier, accountNumber),
    });
    if (random() < options.rateLostCreate) {
      response.socket?.destroy();
      return 'dropped';
    }
    return [201, {}, accountNumber];
  }

  function handleStatus(segments: string[]): [number, JsonObject, string | undefined] {
    const [importSupplier, accountNumber] = segments.map((segment) => decodeURIComponent(segment)) as [string, string];
    const found = store.find(importSupplier, accountNumber);
    if (found === undefined || options.now() < found.createdAt + options.statusLagMs)
      return [404, notFound, accountNumber];
    return [200, statusAt(found, options.now()) as unknown as JsonObject, accountNumber];
  }

  async function handleGraphql(request: IncomingMessage): Promise<[number, JsonObject, string | undefined]> {
    const body = parseJson(await readBody(request, options.maxBodyBytes));
    const query = typeof body['query'] === 'string' ? body['query'] : '';
    if (!query.includes('obtainKrakenToken')) {
      return [
        200,
        { errors: [{ message: 'The sandbox answers only the obtainKrakenToken mutation.' }], data: null },
        undefined,
      ];
    }
    const variables = isJsonObject(body['variables']) ? body['variables'] : {};
    const input = isJsonObject(variables['input']) ? variables['input'] : {};
    const inline = (name: string) => new RegExp(`${name}\\s*:\\s*"([^"]*)"`).exec(query)?.[1];
    const apiKey = typeof input['APIKey'] === 'string' ? input['APIKey'] : inline('APIKey');
    const refreshToken = typeof input['refreshToken'] === 'string' ? input['refreshToken'] : inline('refreshToken');
    const accepted =
      (apiKey !== undefined && apiKey === options.token) ||
      (refreshToken !== undefined && tokens.acceptRefreshToken(refreshToken));
    if (!accepted) {
      return [
        200,
        {
          errors: [
            {
              message: 'Invalid data.',
              path: ['obtainKrakenToken'],
              extensions: { errorType: 'VALIDATION', errorCode: 'KT-CT-1138' },
            },
          ],
          data: { obtainKrakenToken: null },
        },
        undefined,
      ];
    }
    const issued = tokens.issue('sandbox-user');
    return [
      200,
      {
        data: {
          obtainKrakenToken: {
            token: issued.token,
            refreshToken: issued.refreshToken,
            refreshExpiresIn: issued.refreshExpiresIn,
            payload: { exp: issued.expiresAt },
          },
        },
      },
      undefined,
    ];
  }

  function send(
    response: ServerResponse,
    status: number,
    body: JsonObject,
    headers: Record<string, string> = {},
  ): void {
    if (response.destroyed || response.headersSent) return;
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-kraken-correlation-id': randomUUID(),
      ...headers,
    });
    response.end(text);
  }

  async function route(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<{ status: number | 'dropped'; account?: string | undefined }> {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const segments = path.split('/').filter((segment) => segment !== '');
    const isImportPath =
      segments[0] === 'v2' && segments[1] === 'data-import' && segments[2] === 'accounts' && path.endsWith('/');
    const isGraphql = path === '/v1/graphql/';
    if (!isImportPath && !isGraphql) throw new HttpProblem(404, notFound);
    const routeName = isGraphql
      ? 'graphql'
      : segments.length === 3
        ? 'create'
        : segments[3] === 'validate' && segments.length === 4
          ? 'validate'
          : segments.length === 5
            ? 'status'
            : undefined;
    if (routeName === undefined) throw new HttpProblem(404, notFound);
    const expectedMethod = routeName === 'status' ? 'GET' : 'POST';
    if (request.method !== expectedMethod) {
      throw new HttpProblem(405, {
        detail: `Method "${request.method ?? ''}" not allowed.`,
        code: 'method_not_allowed',
      });
    }
    requestCounts[routeName] = (requestCounts[routeName] ?? 0) + 1;

    if (routeName !== 'graphql') {
      const fault = random();
      let threshold = options.rate429;
      if (fault < threshold) {
        throw new HttpProblem(
          429,
          { detail: 'Request was throttled.', code: 'throttled' },
          { 'retry-after': String(options.retryAfterSeconds) },
        );
      }
      threshold += options.rate5xx;
      if (fault < threshold)
        throw new HttpProblem(503, { detail: 'The service is temporarily unavailable.', code: 'service_unavailable' });
      threshold += options.rateReset;
      if (fault < threshold) {
        response.socket?.destroy();
        return { status: 'dropped' };
      }
      authenticate(request);
    }
    let result: [number, JsonObject, string | undefined] | 'dropped';
    if (routeName === 'graphql') result = await handleGraphql(request);
    else if (routeName === 'validate') result = await handleValidate(request);
    else if (routeName === 'create') result = await handleCreate(request, response);
    else result = handleStatus(segments.slice(3, 5));
    if (result === 'dropped') return { status: 'dropped' };
    const [status, body, account] = result;
    send(response, status, body);
    return { status, account };
  }

  const server = createServer({ keepAliveTimeout: 30_000 }, (request, response) => {
    const started = process.hrtime.bigint();
    inFlight += 1;
    let account: string | undefined;
    const finish = (status: number | 'dropped') => {
      inFlight -= 1;
      if (options.log === undefined) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      options.log(`${request.method ?? '-'} ${path} ${account ?? '-'} ${status} ${ms.toFixed(1)}ms`);
    };
    const delay = options.latencyMs + (options.jitterMs > 0 ? (random() * 2 - 1) * options.jitterMs : 0);
    const handle = async () => {
      if (options.maxConcurrent !== undefined && inFlight > options.maxConcurrent) {
        throw new HttpProblem(
          429,
          { detail: 'Too many concurrent requests.', code: 'concurrency_limit' },
          { 'retry-after': String(options.retryAfterSeconds) },
        );
      }
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const outcome = await route(request, response);
      account = outcome.account;
      return outcome.status;
    };
    handle().then(finish, (error: unknown) => {
      if (error instanceof HttpProblem) {
        send(response, error.status, error.body, error.headers);
        finish(error.status);
        return;
      }
      send(response, 500, { detail: 'A server error occurred.', code: 'server_error' });
      finish(500);
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    server,
    store,
    requestCounts,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      store.save();
    },
  };
}
