// Reads an HTTP answer within a size bound and tells whether its body is the JSON object the API documents.
import type { Dispatcher } from 'undici';
import { isJsonObject, type JsonObject } from '../core/json.js';

/** The most bytes read of any answer: the API's answers are small, so anything bigger is not the API's. */
export const defaultMaxResponseBytes = 1024 * 1024;

/** One HTTP answer as the client sees it. */
export interface Exchange {
  status: number;
  /** The body parsed as a JSON object; undefined when it is empty, not JSON, not an object, or too large. */
  json: JsonObject | undefined;
  /** Why `json` is undefined when the body was not empty: `too_large`, `not_json` (HTML, text, binary) or `not_object`. */
  bodyProblem: 'too_large' | 'not_json' | 'not_object' | 'empty' | undefined;
  /** The media type without parameters (`text/html`), `none`, or `other` for a header that is not a media type. */
  contentType: string;
  correlationId: string | undefined;
  retryAfter: string | undefined;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads at most `limit` bytes of a body; past it, destroys the body and resolves undefined. */
export async function readBounded(
  body: Dispatcher.ResponseData['body'],
  limit: number,
  declaredLength: number | undefined,
): Promise<Buffer | undefined> {
  // The common case, a small answer that says its length: read it whole (undici's fast path, no stream loop).
  if (declaredLength !== undefined && declaredLength <= limit) return Buffer.from(await body.arrayBuffer());
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parses a body that should be one JSON object, saying what it was instead when it is not. */
function parseObject(bytes: Buffer): Pick<Exchange, 'json' | 'bodyProblem'> {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return { json: undefined, bodyProblem: 'empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { json: undefined, bodyProblem: 'not_json' };
  }
  return isJsonObject(value) ? { json: value, bodyProblem: undefined } : { json: undefined, bodyProblem: 'not_object' };
}

/** Reads a response into an Exchange: status, headers the client uses, and the body if it is a small JSON object. */
export async function readAnswer(response: Dispatcher.ResponseData, maxBytes: number): Promise<Exchange> {
  const headers = response.headers;
  const mediaType = (firstHeader(headers['content-type']) ?? 'none').split(';')[0]?.trim().toLowerCase() || 'none';
  // Only a media type's own characters are kept: the server's text goes into reasons shown and written everywhere.
  const contentType = mediaType === 'none' || /^[\w.+-]+\/[\w.+-]+$/.test(mediaType) ? mediaType : 'other';
  const declared = Number(firstHeader(headers['content-length']) ?? Number.NaN);
  const bytes = await readBounded(response.body, maxBytes, Number.isInteger(declared) ? declared : undefined);
  const parsed: Pick<Exchange, 'json' | 'bodyProblem'> =
    bytes === undefined ? { json: undefined, bodyProblem: 'too_large' } : parseObject(bytes);
  return {
    status: response.statusCode,
    ...parsed,
    contentType,
    correlationId: firstHeader(headers['x-kraken-correlation-id']),
    retryAfter: firstHeader(headers['retry-after']),
  };
}

/** The reason given for an answer the API does not document, e.g. `unexpected_answer (http_200, text/html)`. */
export function unexpectedReason(exchange: Exchange): string {
  const what = exchange.bodyProblem === 'too_large' ? 'body over the size limit' : exchange.contentType;
  return `unexpected_answer (http_${exchange.status}, ${what})`;
}
