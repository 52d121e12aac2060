// The Kraken account-import client: one keep-alive pool, timeouts, retries by class, typed answers for each endpoint.
import { Agent, request, type Dispatcher } from 'undici';
import { ApiUnusableError } from '../core/errors.js';
import type { FieldError } from '../core/field-error.js';
import type { JsonObject } from '../core/json.js';
import { jwtCredentials, tokenCredentials, type Credentials } from './credentials.js';
import { flattenErrors, parseAlreadyImported, parseStatusBody, type ImportStatus } from './parse-responses.js';
import type { RequestGate } from './request-gate.js';
import {
  backoffDelay,
  defaultRetryPolicy,
  errorCode,
  mayRetry,
  neverSent,
  parseRetryAfter,
  type RetryPolicy,
} from './retry-policy.js';

/** How to reach the API. */
export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  auth: 'token' | 'jwt';
  payloadWrapper: 'wrapped' | 'bare';
  gate: RequestGate;
  retry?: RetryPolicy;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Where requests go; a fresh keep-alive Agent by default (tests may pass a MockAgent). */
  dispatcher?: Dispatcher;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Options of a create: the `task_params` of the API. */
export interface TaskParams {
  is_dry_run: boolean;
  schedule_window_start: string | null;
  schedule_window_end: string | null;
}

/** What every call reports besides its result. */
export interface CallInfo {
  attempts: number;
  correlationId: string | undefined;
}

/** A request that ended without a usable answer. */
export type Failure = { kind: 'unknown'; reason: string } | { kind: 'exhausted'; reason: string; status?: number };

export type ValidateResult = ({ kind: 'valid' } | { kind: 'invalid'; errors: FieldError[] } | Failure) & CallInfo;
export type CreateResult = (
  | { kind: 'created' }
  | { kind: 'already_imported'; accountId: string | null; detail: string }
  | { kind: 'rejected'; errors: FieldError[] }
  | Failure
) &
  CallInfo;
export type StatusResult = ({ kind: 'found'; status: ImportStatus } | { kind: 'not_found' } | Failure) & CallInfo;

interface Exchange {
  status: number;
  body: unknown;
  correlationId: string | undefined;
  retryAfter: string | undefined;
}

type SendOutcome = ({ kind: 'answer'; exchange: Exchange } | Failure) & CallInfo;

/** Joins the base URL and an API path. */
export function apiUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/** The path of an import's status (segments URL-encoded: account numbers may hold `/` or spaces). */
export function statusPath(importSupplier: string, externalAccountNumber: string): string {
  return `/v2/data-import/accounts/${encodeURIComponent(importSupplier)}/${encodeURIComponent(externalAccountNumber)}/`;
}

/** Talks to one Kraken tenant's account-import API. */
export class KrakenClient {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly credentials: Credentials;
  private readonly retry: RetryPolicy;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  /** Requests sent per endpoint, retries included. */
  readonly requestCounts = { validate: 0, create: 0, status: 0, auth: 0 };

  constructor(private readonly options: ClientOptions) {
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        connections: Math.max(1, options.gate.concurrency),
        keepAliveTimeout: 30_000,
        connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      });
    this.retry = options.retry ?? defaultRetryPolicy;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.credentials =
      options.auth === 'jwt'
        ? jwtCredentials(options.apiKey, (body) => this.postGraphql(body), this.now)
        : tokenCredentials(options.apiKey);
  }

  private async exchange(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    authorization: string | undefined,
  ): Promise<Exchange> {
    const response = await request(apiUrl(this.options.baseUrl, path), {
      method,
      dispatcher: this.dispatcher,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(authorization === undefined ? {} : { authorization }),
      },
      body,
      headersTimeout: this.options.headersTimeoutMs ?? 60_000,
      bodyTimeout: this.options.bodyTimeoutMs ?? 60_000,
    });
    const text = await response.body.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      // A non-JSON body (a proxy's error page, say) stays text.
    }
    const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
    return {
      status: response.statusCode,
      body: parsed,
      correlationId: first(response.headers['x-kraken-correlation-id']),
      retryAfter: first(response.headers['retry-after']),
    };
  }

  private async postGraphql(body: unknown): Promise<{ status: number; body: unknown }> {
    this.requestCounts.auth += 1;
    try {
      return await this.options.gate.run(() => this.exchange('POST', '/v1/graphql/', JSON.stringify(body), undefined));
    } catch (error) {
      throw new ApiUnusableError(
        `cannot obtain a token from ${new URL(this.options.baseUrl).host}: ${errorCode(error)}`,
      );
    }
  }

  /** Sends one request with retries; `idempotent` false (create) never repeats a request that may have arrived. */
  private async send(
    endpoint: 'validate' | 'create' | 'status',
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    idempotent: boolean,
  ): Promise<SendOutcome> {
    const started = this.now();
    let attempts = 0;
    let renewed = false;
    let correlationId: string | undefined;
    let allNeverSent = true;
    for (;;) {
      attempts += 1;
      this.requestCounts[endpoint] += 1;
      let retryAfterMs: number | undefined;
      let reason: string;
      let status: number | undefined;
      try {
        const authorization = await this.credentials.header();
        const exchange = await this.options.gate.run(() => this.exchange(method, path, body, authorization));
        correlationId = exchange.correlationId ?? correlationId;
        allNeverSent = false;
        status = exchange.status;
        if (status === 401 && !renewed && (await this.credentials.renew())) {
          renewed = true;
          continue;
        }
        if (status === 401 || status === 403) {
          throw new ApiUnusableError(
            status === 401
              ? 'the API refused the credentials (401): check the API key and --auth'
              : 'the API key lacks permission for account imports (403)',
          );
        }
        if (status === 429) {
          this.options.gate.throttled();
          retryAfterMs = parseRetryAfter(exchange.retryAfter, this.now());
          reason = 'http_429';
        } else if (status >= 500) {
          if (!idempotent) return { kind: 'unknown', reason: `http_${status}`, attempts, correlationId };
          reason = `http_${status}`;
        } else {
          this.options.gate.succeeded();
          return { kind: 'answer', exchange, attempts, correlationId };
        }
      } catch (error) {
        if (error instanceof ApiUnusableError) throw error;
        reason = errorCode(error);
        if (!neverSent(error)) {
          allNeverSent = false;
          if (!idempotent) return { kind: 'unknown', reason, attempts, correlationId };
        }
      }
      const delay = backoffDelay(this.retry, attempts, retryAfterMs, this.random);
      if (!mayRetry(this.retry, attempts, this.now() - started, delay)) {
        if (allNeverSent) {
          throw new ApiUnusableError(
            `cannot reach ${new URL(this.options.baseUrl).host} after ${attempts} attempts (${reason})`,
          );
        }
        return status === undefined
          ? { kind: 'exhausted', reason, attempts, correlationId }
          : { kind: 'exhausted', reason, status, attempts, correlationId };
      }
      await this.sleep(delay);
    }
  }

  // Validate and create send the same account: serialize it once (the biggest cost of a push on the client).
  private readonly serialized = new WeakMap<JsonObject, string>();

  private wrap(account: JsonObject, taskParams: TaskParams | undefined): string {
    let json = this.serialized.get(account);
    if (json === undefined) {
      json = JSON.stringify(account);
      this.serialized.set(account, json);
    }
    if (this.options.payloadWrapper === 'bare') return json;
    return taskParams === undefined
      ? `{"payload":${json}}`
      : `{"payload":${json},"task_params":${JSON.stringify(taskParams)}}`;
  }

  /** Calls the validate endpoint. */
  async validate(account: JsonObject): Promise<ValidateResult> {
    const outcome = await this.send(
      'validate',
      'POST',
      '/v2/data-import/accounts/validate/',
      this.wrap(account, undefined),
      true,
    );
    if (outcome.kind !== 'answer') return outcome;
    const { exchange, attempts, correlationId } = outcome;
    if (exchange.status === 200) return { kind: 'valid', attempts, correlationId };
    if (exchange.status === 400)
      return { kind: 'invalid', errors: flattenErrors(exchange.body), attempts, correlationId };
    return { kind: 'exhausted', reason: `http_${exchange.status}`, status: exchange.status, attempts, correlationId };
  }

  /** Calls the create endpoint once per attempt that certainly did not arrive; an uncertain outcome is `unknown`. */
  async create(account: JsonObject, taskParams: TaskParams): Promise<CreateResult> {
    const outcome = await this.send(
      'create',
      'POST',
      '/v2/data-import/accounts/',
      this.wrap(account, taskParams),
      false,
    );
    if (outcome.kind !== 'answer') return outcome;
    const { exchange, attempts, correlationId } = outcome;
    if (exchange.status === 201 || exchange.status === 200) return { kind: 'created', attempts, correlationId };
    if (exchange.status === 400) {
      const existing = parseAlreadyImported(exchange.body);
      if (existing !== undefined) return { kind: 'already_imported', ...existing, attempts, correlationId };
      return { kind: 'rejected', errors: flattenErrors(exchange.body), attempts, correlationId };
    }
    return {
      kind: 'rejected',
      errors: [{ code: `http_${exchange.status}`, detail: `The API answered ${exchange.status}.` }],
      attempts,
      correlationId,
    };
  }

  /** Calls the status endpoint. */
  async status(importSupplier: string, externalAccountNumber: string): Promise<StatusResult> {
    const outcome = await this.send(
      'status',
      'GET',
      statusPath(importSupplier, externalAccountNumber),
      undefined,
      true,
    );
    if (outcome.kind !== 'answer') return outcome;
    const { exchange, attempts, correlationId } = outcome;
    if (exchange.status === 404) return { kind: 'not_found', attempts, correlationId };
    const status = exchange.status === 200 ? parseStatusBody(exchange.body) : undefined;
    if (status !== undefined) return { kind: 'found', status, attempts, correlationId };
    return { kind: 'exhausted', reason: `http_${exchange.status}`, status: exchange.status, attempts, correlationId };
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}
