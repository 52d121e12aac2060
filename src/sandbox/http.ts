// The sandbox's HTTP plumbing: problems thrown as answers, bounded JSON request bodies, and JSON responses.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isJsonObject, type JsonObject } from '../core/json.js';

/** An error answer (status, JSON body, extra headers) that any step of handling a request may throw. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body['detail'] === 'string' ? body['detail'] : String(status));
  }
}

/**
 * What a route handler answers: a JSON body (and the account it concerns, for the log; headers that replace the
 * defaults), `sent` when it wrote a non-JSON answer itself (with that status), or `dropped` to hang up.
 */
export type Answer =
  | { status: number; body: JsonObject; account: string | undefined; headers?: Record<string, string> }
  | { sent: number }
  | 'dropped';

/** The body of every 404. */
export const notFound = { detail: 'The requested resource was not found.', code: 'not_found' };

/** Returns a request's path without its query string. */
export function requestPath(request: IncomingMessage): string {
  return (request.url ?? '/').split('?')[0] ?? '/';
}

function tooLarge(limit: number): HttpProblem {
  return new HttpProblem(413, { detail: `Request body larger than ${limit} bytes.`, code: 'request_too_large' });
}

/** Reads a request's body, rejecting with a 413 problem once it is (or declares to be) larger than `limit` bytes. */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(tooLarge(limit));
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
        reject(tooLarge(limit));
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

/** A 400 about the request body as a whole, in the API's error shape (one error filed under `non_field_errors`). */
export function parseProblem(detail: string): HttpProblem {
  return new HttpProblem(400, {
    detail,
    code: 'parse_error',
    errors: [{ code: 'parse_error', attr: 'non_field_errors', detail }],
  });
}

/** Parses a body that must be one JSON object; anything else is a 400 parse_error problem. */
export function parseJsonObject(body: Buffer): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw parseProblem(`JSON parse error - ${(error as Error).message}`);
  }
  if (!isJsonObject(value)) throw parseProblem('Expected a JSON object.');
  return value;
}

/** Reads a request's body of at most `limit` bytes as one JSON object. */
export async function readJsonObject(request: IncomingMessage, limit: number): Promise<JsonObject> {
  return parseJsonObject(await readBody(request, limit));
}

/** The page Django answers for a URL it has no route for (DEBUG off): HTML, not the API's JSON. */
export const djangoNotFoundPage =
  '<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n' +
  '  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n';

/** Sends an HTML page, as the framework does outside the API's routes. */
export function sendHtml(response: ServerResponse, status: number, page: string): void {
  if (response.destroyed || response.headersSent) return;
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
  response.end(page);
}

/** Sends a JSON answer with a fresh correlation id, unless the connection is gone or already answered. */
export function send(response: ServerResponse, status: number, body: JsonObject, headers: Record<string, string> = {}) {
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

/** The raw answer to a request that is not HTTP (the parser failed): 400, or 431 for headers too large. */
export function badRequestBytes(errorCode: string | undefined): string {
  const tooLarge = errorCode === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify({
    detail: tooLarge ? 'Request header fields too large.' : 'Malformed HTTP request.',
    code: tooLarge ? 'request_header_fields_too_large' : 'bad_request',
  });
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  return (
    `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `Connection: close\r\n\r\n${body}`
  );
}
