// The routing table (method and path to handler) and the order in which a request meets 404/405, faults and auth.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleCreate, handleStatus, handleValidate } from './account-routes.js';
import { authenticate } from './auth.js';
import { answerWithFault } from './fault-answers.js';
import { handleGraphql } from './graphql-route.js';
import { djangoNotFoundPage, HttpProblem, readBody, requestPath, send, sendHtml, type Answer } from './http.js';
import type { SandboxContext } from './sandbox-context.js';
import { handleSchema } from './schema-route.js';

/** One endpoint of the sandbox. */
export interface Route {
  /** The key of `requestCounts`. */
  name: 'graphql' | 'create' | 'validate' | 'status' | 'schema';
  method: 'GET' | 'POST';
  /** Whether injected faults and authentication apply (they do to the account endpoints, not to GraphQL). */
  guarded: boolean;
  matches(path: string, segments: readonly string[]): boolean;
  handle(
    context: SandboxContext,
    request: IncomingMessage,
    segments: readonly string[],
    response: ServerResponse,
  ): Answer | Promise<Answer>;
}

/** Paths under /v2/data-import/accounts/, which all end with a slash. */
function isAccountsPath(path: string, segments: readonly string[]): boolean {
  return segments[0] === 'v2' && segments[1] === 'data-import' && segments[2] === 'accounts' && path.endsWith('/');
}

/** Every endpoint; at most one matches any path. */
export const routes: readonly Route[] = [
  {
    name: 'graphql',
    method: 'POST',
    guarded: false,
    matches: (path) => path === '/v1/graphql/',
    handle: handleGraphql,
  },
  {
    name: 'create',
    method: 'POST',
    guarded: true,
    matches: (path, segments) => isAccountsPath(path, segments) && segments.length === 3,
    handle: handleCreate,
  },
  {
    name: 'validate',
    method: 'POST',
    guarded: true,
    matches: (path, segments) => isAccountsPath(path, segments) && segments.length === 4 && segments[3] === 'validate',
    handle: handleValidate,
  },
  {
    name: 'status',
    method: 'GET',
    guarded: true,
    matches: (path, segments) => isAccountsPath(path, segments) && segments.length === 5,
    handle: (context, _request, segments) => handleStatus(context, segments[3] ?? '', segments[4] ?? ''),
  },
  {
    name: 'schema',
    method: 'GET',
    guarded: false,
    matches: (path) => path === '/data-import/schema/',
    handle: (context, request, _segments, response) => ({ sent: handleSchema(context, request, response) }),
  },
];

/** Returns the route of a path (without its query string) and the path's segments, or undefined for no route. */
export function findRoute(path: string): { route: Route; segments: string[] } | undefined {
  const segments = path.split('/').filter((segment) => segment !== '');
  const route = routes.find((candidate) => candidate.matches(path, segments));
  return route === undefined ? undefined : { route, segments };
}

/**
 * Handles one request: 404 for no route, 405 for a wrong method, then a `--fault` aimed at the route, then (on the
 * account endpoints) the seeded fault and authentication, then the handler. Throws an HttpProblem for the caller to send; resolves with what was done.
 */
export async function dispatch(
  context: SandboxContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<{ status: number | 'dropped' | 'hung'; account?: string | undefined }> {
  const found = findRoute(requestPath(request));
  if (found === undefined) {
    // No route: Django's own HTML 404, as a wrong base URL or path gets from a real tenant.
    sendHtml(response, 404, djangoNotFoundPage);
    return { status: 404 };
  }
  const { route, segments } = found;
  if (request.method !== route.method) {
    throw new HttpProblem(
      405,
      { detail: `Method "${request.method ?? ''}" not allowed.`, code: 'method_not_allowed' },
      { allow: route.method },
    );
  }
  context.requestCounts[route.name] = (context.requestCounts[route.name] ?? 0) + 1;
  const fault = context.faults.routeFault(route.name);
  if (fault !== undefined) {
    // The request is read in full first: the fault is in the answer, as a proxy or a broken server gives it.
    await readBody(request, context.options.maxBodyBytes).catch(() => undefined);
    return { status: await answerWithFault(fault, response, context.options) };
  }
  if (route.guarded) {
    if (context.faults.injectRequestFault() === 'drop') {
      response.socket?.destroy();
      return { status: 'dropped' };
    }
    authenticate(request.headers.authorization, context.options, context.tokens);
  }
  const answer = await route.handle(context, request, segments, response);
  if (answer === 'dropped') {
    response.socket?.destroy();
    return { status: 'dropped' };
  }
  if ('sent' in answer) return { status: answer.sent };
  send(response, answer.status, answer.body, answer.headers);
  return { status: answer.status, account: answer.account };
}
