// The Kraken account-import client: one keep-alive pool, a deadline per request, retries by class, typed answers.
import { setMaxListeners } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Agent, request, type Dispatcher } from 'undici';
import { ApiUnusableError, UsageError } from '../core/errors.js';
import type { FieldError } from '../core/field-error.js';
import type { AccountJson, JsonObject } from '../core/json.js';
import { jwtCredentials, tokenCredentials, type Credentials, type TokenAnswer } from './credentials.js';
import { credentialProblem } from './header-value.js';
import { OutageMonitor, type ProbeResult } from './outage-monitor.js';
import { holdParserTierUp } from './parser-tier-up.js';
import { scrubStrings, secretHider } from '../core/hide-secrets.js';
import { flattenErrors, parseAlreadyImported, parseStatusBody, type ImportStatus } from './parse-responses.js';
import { answerProblem, connectionProblem } from './preflight-messages.js';
import { defaultMaxResponseBytes, readAnswer, unexpectedReason, type Exchange } from './read-answer.js';
import { RequestDeadline } from './request-deadline.js';
import type { RequestGate } from './request-gate.js';
import {
  backoffDelay,
  defaultRetryPolicy,
  errorCode,
  mayRetry,
  neverSent,
  parseRetryAfter,
  requestTimeoutCode,
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
  /** One deadline per request for connect, headers and the whole body together (default 60 s). */
  requestTimeoutMs?: number;
  /** The most bytes read of one answer (default 1 MiB); a bigger answer is an unexpected answer. */
  maxResponseBytes?: number;
  /** How long every request may keep failing before the calls throw ApiUnusableError (default 180 s). */
  maxOutageMs?: number;
  /** The run's stop signal: when it aborts, requests in flight are abandoned and not retried. */
  signal?: AbortSignal;
  /** Where requests go; a fresh keep-alive Agent by default (tests may pass a MockAgent). */
  dispatcher?: Dispatcher;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Tries of the preflight request when the answers look transient (429, 5xx, a dropped connection). */
const preflightAttempts = 6;

/** Defaults of the client's limits. */
export const clientDefaults = { requestTimeoutMs: 60_000, maxOutageMs: 180_000, preflightTimeoutMs: 15_000 } as const;

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

/**
 * A request that ended without a usable answer. `reason` is `http_503`, an error code (`ECONNRESET`,
 * `request_timeout`), `unexpected_answer (http_200, text/html)` for an answer of the wrong shape, or `interrupted`.
 */
export type Failure = { kind: 'unknown'; reason: string } | { kind: 'exhausted'; reason: string; status?: number };

export type ValidateResult = ({ kind: 'valid' } | { kind: 'invalid'; errors: FieldError[] } | Failure) & CallInfo;
export type CreateResult =
  /** `roundTripMs`: from when the request that created the import left (past the request gate) to its answer. */
  (
    | { kind: 'created'; roundTripMs: number }
    | { kind: 'already_imported'; accountId: string | null; detail: string }
    | { kind: 'rejected'; errors: FieldError[] }
    | Failure
  ) &
    CallInfo;
export type StatusResult = ({ kind: 'found'; status: ImportStatus } | { kind: 'not_found' } | Failure) & CallInfo;

type Endpoint = 'validate' | 'create' | 'status';
type SendOutcome = ({ kind: 'answer'; exchange: Exchange; roundTripMs: number } | Failure) & CallInfo;

/** One attempt that got no documented answer; `mayHaveArrived` false when the server certainly did nothing. */
interface FailedAttempt {
  kind: 'failed';
  reason: string;
  status?: number;
  retryAfterMs?: number;
  mayHaveArrived: boolean;
  /** Whether it counts towards an outage (429 is throttling, not an outage). */
  outage: boolean;
}
type AttemptResult = { kind: 'answer'; exchange: Exchange } | { kind: 'renewed' } | FailedAttempt;

interface SendState {
  renewed: boolean;
  correlationId: string | undefined;
  /** When the latest attempt's request left, past the request gate. */
  sentAt: number;
}

/** What one probe of the status endpoint found. */
type ProbeOutcome =
  | { kind: 'up' }
  | { kind: 'answer'; exchange: Exchange; path: string }
  | { kind: 'error'; error: unknown; token: boolean };

/** An error with a stable `code`, as the retry policy reads it. */
class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The token endpoint gave no usable answer (the request that needed the token was never sent). */
class TokenEndpointError extends CodedError {}

/** Joins the base URL and an API path. */
export function apiUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/** The path of an import's status (segments URL-encoded: account numbers may hold `/` or spaces). */
export function statusPath(importSupplier: string, externalAccountNumber: string): string {
  return `/v2/data-import/accounts/${encodeURIComponent(importSupplier)}/${encodeURIComponent(externalAccountNumber)}/`;
}

/** A 401 (credentials not renewed) or 403 makes the API unusable for the run. */
function throwIfRefused(status: number): void {
  if (status === 401) throw new ApiUnusableError('the API refused the credentials (401): check the API key and --auth');
  if (status === 403) throw new ApiUnusableError('the API key lacks permission for account imports (403)');
}

/** Tells whether an answer has the code and shape the API documents for `endpoint` (any JSON 4xx is documented). */
function isDocumented(endpoint: Endpoint, exchange: Exchange): boolean {
  const { status, json } = exchange;
  if (status >= 400 && status < 500) return json !== undefined;
  if (endpoint === 'validate') return status === 200 && json !== undefined;
  if (endpoint === 'create') return status === 201 && (json !== undefined || exchange.bodyProblem === 'empty');
  return status === 200 && typeof json?.['status'] === 'string';
}

/**
 * An answer with the given secrets taken out of every text it carries from the server: its body and the headers the
 * client keeps (its media type is already reduced to a token, see readAnswer). Field by field, so that a text added
 * to Exchange later has to be listed here.
 */
function withoutCredentials(answer: Exchange, secrets: readonly string[]): Exchange {
  const scrub = secretHider(secrets);
  return {
    status: answer.status,
    json: answer.json === undefined ? undefined : scrubStrings(answer.json, scrub),
    bodyProblem: answer.bodyProblem,
    contentType: answer.contentType,
    correlationId: answer.correlationId === undefined ? undefined : scrub(answer.correlationId),
    retryAfter: answer.retryAfter === undefined ? undefined : scrub(answer.retryAfter),
  };
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
  private readonly requestTimeoutMs: number;
  private readonly outage: OutageMonitor;
  private readonly host: string;
  private nextRequestId = 0;
  /** Requests that left for the API per endpoint, retries included (preflight and outage probes count as status). */
  readonly requestCounts = { validate: 0, create: 0, status: 0, auth: 0 };

  constructor(private readonly options: ClientOptions) {
    const keyProblem = credentialProblem(options.apiKey);
    if (keyProblem !== undefined) throw new UsageError(`the API key cannot be sent in a header: ${keyProblem}`);
    this.ownsDispatcher = options.dispatcher === undefined;
    holdParserTierUp();
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
    this.requestTimeoutMs = options.requestTimeoutMs ?? clientDefaults.requestTimeoutMs;
    this.host = new URL(options.baseUrl).host;
    // Waits of the run (status polling, the outage monitor) listen for the stop too: more than ten is expected.
    if (options.signal !== undefined) setMaxListeners(0, options.signal);
    // One listener abandons every request in flight at the stop (a listener per request cost a push measurable CPU).
    options.signal?.addEventListener(
      'abort',
      () => {
        for (const deadline of this.inFlight) deadline.abort();
      },
      { once: true },
    );
    this.credentials =
      options.auth === 'jwt'
        ? jwtCredentials(options.apiKey, (body) => this.postToken(body), this.now)
        : tokenCredentials(options.apiKey);
    this.outage = new OutageMonitor({
      maxOutageMs: options.maxOutageMs ?? clientDefaults.maxOutageMs,
      threshold: 6,
      probeDelayMs: Math.max(this.retry.baseDelayMs, 1),
      maxProbeDelayMs: Math.min(this.retry.maxDelayMs, 15_000),
      probe: () => this.probeForOutage(),
      hold: (until) => {
        options.gate.hold(until);
      },
      now: this.now,
      sleep: this.sleep,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }

  /** The Authorization header requests carry (with jwt auth, a token is obtained first), for other requests to reuse. */
  authorization(): Promise<string> {
    return this.credentials.header();
  }

  /** The deadlines of the requests in flight, which the stop aborts. */
  private readonly inFlight = new Set<RequestDeadline>();

  private stopping(): boolean {
    return this.options.signal?.aborted === true;
  }

  /** Sends one HTTP request within its deadline and reads its answer (at most `maxResponseBytes`). */
  private async exchange(
    endpoint: Endpoint | 'auth',
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    authorization: string | undefined,
    timeoutMs = this.requestTimeoutMs,
  ): Promise<Exchange> {
    if (this.stopping()) throw new CodedError('interrupted', 'the run is stopping');
    // Aborted by its timer, or by the stop (the constructor's listener aborts every deadline in flight).
    const deadline = new RequestDeadline(timeoutMs);
    this.inFlight.add(deadline);
    let counted = false;
    try {
      const response = await request(apiUrl(this.options.baseUrl, path), {
        method,
        dispatcher: this.dispatcher,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(authorization === undefined ? {} : { authorization }),
        },
        body,
        signal: deadline,
      });
      this.requestCounts[endpoint] += 1;
      counted = true;
      const answer = await readAnswer(response, this.options.maxResponseBytes ?? defaultMaxResponseBytes);
      // A server may echo what it was sent (an Authorization header in an error's detail): an API answer leaves here
      // without the credentials, so that no report, terminal line or manifest can show them. Not the token
      // endpoint's, whose answer is the credentials (a refresh token may come back unchanged).
      if (endpoint === 'auth') return answer;
      // The credentials this request carried too: a token renewed while it was in flight is no longer among the
      // current ones, and it still works for a while.
      const sent = authorization === undefined ? [] : [authorization, authorization.replace(/^\S+\s+/, '')];
      return withoutCredentials(answer, [...this.credentials.secrets(), ...sent]);
    } catch (error) {
      // A body that fails after its headers arrived was counted when they did.
      if (!counted && !neverSent(error)) this.requestCounts[endpoint] += 1;
      if (this.stopping()) throw new CodedError('interrupted', 'the run is stopping');
      if (deadline.aborted) throw new CodedError(requestTimeoutCode, `no complete answer in ${timeoutMs} ms`);
      throw error;
    } finally {
      deadline.settle();
      this.inFlight.delete(deadline);
    }
  }

  /** Sends obtainKrakenToken once; only GraphQL errors are a refusal, anything else undocumented is a failure. */
  private async postToken(body: unknown): Promise<TokenAnswer> {
    // Not through the request gate: the outage probe needs a token while the gate holds every other request, and
    // tokens are rare (one per lifetime), so they cannot crowd Kraken.
    const exchange = await this.exchange('auth', 'POST', '/v1/graphql/', JSON.stringify(body), undefined);
    const data = exchange.json?.['data'];
    const result = typeof data === 'object' && data !== null ? (data as JsonObject)['obtainKrakenToken'] : undefined;
    const token = typeof result === 'object' && result !== null ? (result as JsonObject)['token'] : undefined;
    if (exchange.status === 200 && typeof token === 'string') {
      if (credentialProblem(token) !== undefined) {
        throw new TokenEndpointError('unexpected_answer (http_200, token not a valid header value)', 'bad token');
      }
      const refreshToken = (result as JsonObject)['refreshToken'];
      return { kind: 'token', token, refreshToken: typeof refreshToken === 'string' ? refreshToken : undefined };
    }
    const errors = exchange.json?.['errors'];
    if (exchange.status === 200 && Array.isArray(errors) && errors.length > 0) return { kind: 'refused' };
    const reason = exchange.status >= 500 ? `http_${exchange.status}` : unexpectedReason(exchange);
    throw new TokenEndpointError(reason, `the token endpoint answered ${reason}`);
  }

  /** Makes one attempt: credentials, the gate, the request, and the verdict on its answer. */
  private async attempt(
    endpoint: Endpoint,
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    state: SendState,
  ): Promise<AttemptResult> {
    this.outage.check();
    let authorization: string;
    try {
      authorization = await this.credentials.header();
    } catch (error) {
      if (error instanceof ApiUnusableError) throw error;
      return { kind: 'failed', reason: `token_endpoint ${errorCode(error)}`, mayHaveArrived: false, outage: true };
    }
    let exchange: Exchange;
    try {
      exchange = await this.options.gate.run(() => {
        state.sentAt = this.now();
        return this.exchange(endpoint, method, path, body, authorization);
      });
    } catch (error) {
      if (error instanceof ApiUnusableError) throw error;
      return { kind: 'failed', reason: errorCode(error), mayHaveArrived: !neverSent(error), outage: true };
    }
    state.correlationId = exchange.correlationId ?? state.correlationId;
    if (exchange.status === 401 && !state.renewed && (await this.credentials.renew())) {
      state.renewed = true;
      return { kind: 'renewed' };
    }
    return this.judge(endpoint, exchange);
  }

  /**
   * Decides what an answer (other than a 401 whose credentials were renewed) means: credentials refused, throttling,
   * a failure, or a documented answer. Not async: every request goes through here.
   */
  private judge(endpoint: Endpoint, exchange: Exchange): AttemptResult {
    const { status } = exchange;
    throwIfRefused(status);
    if (status === 429) {
      this.options.gate.throttled();
      const retryAfterMs = parseRetryAfter(exchange.retryAfter, this.now());
      const throttled = { kind: 'failed', reason: 'http_429', status, mayHaveArrived: false, outage: false } as const;
      return retryAfterMs === undefined ? throttled : { ...throttled, retryAfterMs };
    }
    if (status >= 500) return { kind: 'failed', reason: `http_${status}`, status, mayHaveArrived: true, outage: true };
    if (!isDocumented(endpoint, exchange)) {
      return { kind: 'failed', reason: unexpectedReason(exchange), status, mayHaveArrived: true, outage: true };
    }
    this.options.gate.succeeded();
    this.outage.succeeded();
    return { kind: 'answer', exchange };
  }

  /** Sends one request with retries; `idempotent` false (create) never repeats a request that may have arrived. */
  private async send(
    endpoint: Endpoint,
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    idempotent: boolean,
  ): Promise<SendOutcome> {
    const requestId = (this.nextRequestId += 1);
    const started = this.now();
    const state: SendState = { renewed: false, correlationId: undefined, sentAt: started };
    let attempts = 0;
    let allNeverSent = true;
    for (;;) {
      attempts += 1;
      const result = await this.attempt(endpoint, method, path, body, state);
      const info = { attempts, correlationId: state.correlationId };
      if (result.kind === 'answer') {
        return { kind: 'answer', exchange: result.exchange, roundTripMs: this.now() - state.sentAt, ...info };
      }
      if (result.kind === 'renewed') continue;
      const stopping = this.stopping();
      if (result.outage && !stopping) this.outage.failed(requestId, result.reason);
      if (result.mayHaveArrived || result.status !== undefined) allNeverSent = false;
      if (result.mayHaveArrived && !idempotent) return { kind: 'unknown', reason: result.reason, ...info };
      const delay = backoffDelay(this.retry, attempts, result.retryAfterMs, this.random);
      if (stopping || !mayRetry(this.retry, attempts, this.now() - started, delay)) {
        if (allNeverSent && !stopping) throw this.unreachable(attempts, result.reason);
        const failure = { kind: 'exhausted', reason: stopping ? 'interrupted' : result.reason, ...info } as const;
        return result.status === undefined ? failure : { ...failure, status: result.status };
      }
      await this.sleep(delay);
    }
  }

  private unreachable(attempts: number, reason: string): ApiUnusableError {
    return reason.startsWith('token_endpoint')
      ? new ApiUnusableError(`cannot obtain a token from ${this.host} after ${attempts} attempts (${reason})`)
      : new ApiUnusableError(`cannot reach ${this.host} after ${attempts} attempts (${reason})`);
  }

  /** Asks for the status of an import that cannot exist, outside the gate: the API's JSON 404 proves it works. */
  private async probeOnce(importSupplier: string, timeoutMs: number): Promise<ProbeOutcome> {
    const path = statusPath(importSupplier, `kraken-import-preflight-${randomUUID().slice(0, 8)}`);
    let authorization: string;
    try {
      authorization = await this.credentials.header();
    } catch (error) {
      if (error instanceof ApiUnusableError) throw error;
      return { kind: 'error', error, token: true };
    }
    let exchange: Exchange;
    try {
      exchange = await this.exchange('status', 'GET', path, undefined, authorization, timeoutMs);
    } catch (error) {
      return { kind: 'error', error, token: false };
    }
    // The probe renews nothing: a refused key stops the run.
    throwIfRefused(exchange.status);
    const notFound = exchange.status === 404 && exchange.json?.['code'] === 'not_found';
    if (notFound || (exchange.status === 200 && isDocumented('status', exchange))) return { kind: 'up' };
    return { kind: 'answer', exchange, path };
  }

  private async probeForOutage(): Promise<ProbeResult> {
    const result = await this.probeOnce('KRAKEN_IMPORT_PREFLIGHT', this.requestTimeoutMs);
    if (result.kind === 'up') return result;
    if (result.kind === 'error') return { kind: 'down', reason: errorCode(result.error) };
    const { exchange } = result;
    return { kind: 'down', reason: exchange.status >= 500 ? `http_${exchange.status}` : unexpectedReason(exchange) };
  }

  /**
   * Proves the base URL and the credentials before any record is sent: one status request for an import that cannot
   * exist must get the API's JSON 404. Throws ApiUnusableError saying what is wrong and how to fix it; a transient
   * failure (5xx, 429, a reset, a timeout) gets one more quick attempt, a deterministic one (DNS, TLS, a web page) none.
   */
  async preflight(importSupplier?: string): Promise<void> {
    const timeoutMs = Math.min(this.requestTimeoutMs, clientDefaults.preflightTimeoutMs);
    const url = new URL(this.options.baseUrl);
    for (let attempt = 1; ; attempt += 1) {
      const result = await this.probeOnce(importSupplier ?? 'KRAKEN_IMPORT_PREFLIGHT', timeoutMs);
      if (result.kind === 'up') return;
      let message: string;
      let transient: boolean;
      if (result.kind === 'error') {
        const code = errorCode(result.error);
        message = result.token
          ? `cannot obtain a token from ${url.host} (${code})`
          : connectionProblem(result.error, url, timeoutMs);
        // A host that does not resolve or speaks another protocol will not change its mind; a refused connection
        // is tried once more (a server restarting), a dropped one like any flaky answer.
        const settled = ['ENOTFOUND', 'EPROTO'].includes(code) || code.startsWith('ERR_SSL_');
        transient = !settled && (code !== 'ECONNREFUSED' || attempt < 2);
      } else {
        message = answerProblem(result.exchange, url, result.path);
        transient = result.exchange.status >= 500 || result.exchange.status === 429;
      }
      // A flaky API (429s, 5xx, resets) gets a few quick tries, a few seconds in all, before the run is refused.
      if (!transient || attempt >= preflightAttempts) throw new ApiUnusableError(message);
      await this.sleep(Math.min(2000, 250 * 2 ** (attempt - 1)));
    }
  }

  /** The request body: the account (serialized once, when it was checked) in the API's wrapper, or bare. */
  private wrap(account: AccountJson, taskParams: TaskParams | undefined): string {
    if (this.options.payloadWrapper === 'bare') return account;
    return taskParams === undefined
      ? `{"payload":${account}}`
      : `{"payload":${account},"task_params":${JSON.stringify(taskParams)}}`;
  }

  /** Calls the validate endpoint: valid only for a 200 with a JSON object. */
  async validate(account: AccountJson): Promise<ValidateResult> {
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
      return { kind: 'invalid', errors: flattenErrors(exchange.json), attempts, correlationId };
    return { kind: 'exhausted', reason: `http_${exchange.status}`, status: exchange.status, attempts, correlationId };
  }

  /** Calls the create endpoint once per attempt that certainly did not arrive; an uncertain outcome is `unknown`. */
  async create(account: AccountJson, taskParams: TaskParams): Promise<CreateResult> {
    const outcome = await this.send(
      'create',
      'POST',
      '/v2/data-import/accounts/',
      this.wrap(account, taskParams),
      false,
    );
    if (outcome.kind !== 'answer') return outcome;
    const { exchange, attempts, correlationId } = outcome;
    if (exchange.status === 201) return { kind: 'created', roundTripMs: outcome.roundTripMs, attempts, correlationId };
    if (exchange.status === 400) {
      const existing = parseAlreadyImported(exchange.json);
      if (existing !== undefined) return { kind: 'already_imported', ...existing, attempts, correlationId };
      return { kind: 'rejected', errors: flattenErrors(exchange.json), attempts, correlationId };
    }
    return {
      kind: 'rejected',
      errors: [{ code: `http_${exchange.status}`, detail: `The API answered ${exchange.status}.` }],
      attempts,
      correlationId,
    };
  }

  /** Calls the status endpoint: found only for a 200 whose JSON object has a string `status`. */
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
    const status = exchange.status === 200 ? parseStatusBody(exchange.json) : undefined;
    if (status !== undefined) return { kind: 'found', status, attempts, correlationId };
    return { kind: 'exhausted', reason: `http_${exchange.status}`, status: exchange.status, attempts, correlationId };
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}
