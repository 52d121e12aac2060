// Fetches one large document over HTTP (the tenant's OpenAPI schema): bounded size and time, a few retries.
import { request } from 'undici';
import { holdParserTierUp } from './parser-tier-up.js';
import { readBounded } from './read-answer.js';

/** The most bytes a schema document may have: tenants' documents run to a few MiB (Origin's is 0.8 MiB). */
export const maxDocumentBytes = 20 * 1024 * 1024;

/** What a fetch got: the status, the media type (`none` when absent) and the body (undefined past the limit). */
export interface FetchedDocument {
  status: number;
  contentType: string;
  bytes: Buffer | undefined;
}

/** How to fetch. */
export interface FetchOptions {
  authorization: string | undefined;
  /** Sent as Accept: the media types wanted, most wanted first. */
  accept: string;
  maxBytes?: number;
  timeoutMs?: number;
  attempts?: number;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

async function fetchOnce(url: string, options: FetchOptions): Promise<FetchedDocument> {
  const deadline = AbortSignal.timeout(options.timeoutMs ?? 60_000);
  const signal = options.signal === undefined ? deadline : AbortSignal.any([deadline, options.signal]);
  const response = await request(url, {
    method: 'GET',
    headers: {
      accept: options.accept,
      ...(options.authorization === undefined ? {} : { authorization: options.authorization }),
    },
    signal,
  });
  const header = response.headers['content-type'];
  const contentType = (Array.isArray(header) ? header[0] : header)?.split(';')[0]?.trim().toLowerCase() || 'none';
  const bytes = await readBounded(response.body, options.maxBytes ?? maxDocumentBytes, undefined);
  return { status: response.statusCode, contentType, bytes };
}

/**
 * GETs a document; connection failures, 429 and 5xx are tried again (3 attempts, 1 s then 2 s apart). Rejects with
 * the last connection error (its `code`, e.g. ECONNREFUSED) when no attempt got an answer.
 */
export async function fetchDocument(url: string, options: FetchOptions): Promise<FetchedDocument> {
  holdParserTierUp();
  const attempts = options.attempts ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt += 1) {
    try {
      const answer = await fetchOnce(url, options);
      if ((answer.status !== 429 && answer.status < 500) || attempt >= attempts) return answer;
    } catch (error) {
      if (attempt >= attempts || options.signal?.aborted === true) throw error;
    }
    await sleep(1000 * 2 ** (attempt - 1));
  }
}
