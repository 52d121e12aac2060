// The answers of hostile fault modes: web pages, non-JSON and compressed bodies, trickles, floods, silence, bad shapes.
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

/** The kinds of `--fault`: what a faulty request gets instead of the API's answer. */
export const faultKinds = [
  'html',
  'not-json',
  'gzip',
  'empty',
  'trickle',
  'oversized',
  'hang',
  'no-status',
  'status-number',
] as const;

/** One kind of `--fault`. */
export type FaultKind = (typeof faultKinds)[number];

/** What a fault answer needs to know. */
export interface FaultAnswerOptions {
  /** The HTTP status of `html`, `not-json`, `gzip` and `empty` (their own default when undefined). */
  faultStatus: number | undefined;
  /** The pause between two bytes of a `trickle` body. */
  trickleMs: number;
  /** The size of an `oversized` body. */
  oversizedBytes: number;
}

const defaultStatus: Record<FaultKind, number> = {
  html: 502,
  'not-json': 200,
  gzip: 200,
  empty: 200,
  trickle: 200,
  oversized: 200,
  hang: 200,
  'no-status': 200,
  'status-number': 200,
};

function htmlPage(status: number): string {
  const title = status === 200 ? 'Sign in' : `${status} Bad Gateway`;
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>proxy</p></body></html>\n`;
}

function answer(response: ServerResponse, status: number, contentType: string, body: Buffer | string, extra = {}) {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...extra });
  response.end(body);
}

/** Writes one byte every `ms` (a JSON object that never ends) until the client goes away. */
function trickle(response: ServerResponse, ms: number): Promise<void> {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{');
  return new Promise((resolve) => {
    const timer = setInterval(() => response.write(' '), ms);
    response.once('close', () => {
      clearInterval(timer);
      resolve();
    });
  });
}

/** Streams a JSON status object padded to `bytes`, respecting backpressure, until done or the client goes away. */
async function flood(response: ServerResponse, bytes: number): Promise<void> {
  const head = '{"status":"PENDING","padding":"';
  const tail = '"}';
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes });
  response.write(head);
  const chunk = 'x'.repeat(64 * 1024);
  let left = Math.max(0, bytes - head.length - tail.length);
  while (left > 0 && !response.destroyed) {
    const piece = left >= chunk.length ? chunk : chunk.slice(0, left);
    left -= piece.length;
    if (!response.write(piece)) {
      // Whichever comes first removes both listeners, so that they never pile up over a long flood.
      await new Promise<void>((resolve) => {
        const done = () => {
          response.off('drain', done);
          response.off('close', done);
          resolve();
        };
        response.on('drain', done);
        response.on('close', done);
      });
    }
  }
  if (!response.destroyed) response.end(tail);
}

/** Answers a request with a fault; resolves with the status logged (`hung` for a request never answered). */
export async function answerWithFault(
  kind: FaultKind,
  response: ServerResponse,
  options: FaultAnswerOptions,
): Promise<number | 'hung'> {
  const status = options.faultStatus ?? defaultStatus[kind];
  const json = (body: unknown) => {
    answer(response, status, 'application/json', JSON.stringify(body));
  };
  switch (kind) {
    case 'html':
      answer(response, status, 'text/html; charset=utf-8', htmlPage(status));
      return status;
    case 'not-json':
      answer(response, status, 'text/plain', 'OK');
      return status;
    case 'gzip':
      answer(response, status, 'application/json', gzipSync('{}'), { 'content-encoding': 'gzip' });
      return status;
    case 'empty':
      answer(response, status, 'application/json', '');
      return status;
    case 'trickle':
      await trickle(response, options.trickleMs);
      return 200;
    case 'oversized':
      await flood(response, options.oversizedBytes);
      return 200;
    case 'hang':
      return 'hung';
    case 'no-status':
      json({ kraken_identifier: null, latest_error: null });
      return status;
    case 'status-number':
      json({ status: 3, kraken_identifier: null, latest_error: null });
      return status;
  }
}
