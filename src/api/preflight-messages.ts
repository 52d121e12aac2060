// Words for what a preflight found: each way the API can be unusable, with the fix a user can make.
import { errorCode, requestTimeoutCode } from './retry-policy.js';
import type { Exchange } from './read-answer.js';

/** Names a failed connection (DNS, refused, TLS, timeout) with the fix, for the base URL `url`. */
export function connectionProblem(error: unknown, url: URL, timeoutMs: number): string {
  const code = errorCode(error);
  const port = url.port === '' ? (url.protocol === 'https:' ? '443' : '80') : url.port;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve host ${url.hostname}: check KRAKEN_BASE_URL`;
  if (code === 'ECONNREFUSED') return `nothing listens on ${url.hostname}:${port}: check KRAKEN_BASE_URL`;
  const tls = code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_');
  if (tls || (url.protocol === 'https:' && code === 'ECONNRESET')) {
    return `TLS handshake failed with ${url.host} (${code}): is the URL http rather than https?`;
  }
  if (url.protocol === 'http:' && (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET')) {
    return `${url.host} closed the connection without an answer (${code}): is the URL https rather than http?`;
  }
  if (code === requestTimeoutCode || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return `no answer from ${url.host} within ${Math.round(timeoutMs / 1000)} s: check KRAKEN_BASE_URL and the network`;
  }
  return `cannot talk to ${url.host} (${code}): check KRAKEN_BASE_URL and the network`;
}

/** Names an answer that is not the API's JSON 404 for an unknown import (a web page, a proxy, a wrong path). */
export function answerProblem(exchange: Exchange, url: URL, path: string): string {
  const where = `${url.host}${url.pathname.replace(/\/+$/, '')}${path}`;
  if (exchange.status >= 500) {
    return `the API answers ${exchange.status} (${exchange.contentType}) at ${where}: it may be down, try again later`;
  }
  if (exchange.json !== undefined) {
    const code = typeof exchange.json['code'] === 'string' ? `, code ${exchange.json['code']}` : '';
    return `the API gave an unexpected answer to a status request (http_${exchange.status}${code}) at ${where}: check KRAKEN_BASE_URL`;
  }
  const kind = exchange.contentType === 'text/html' ? 'an HTML' : 'a non-JSON';
  return (
    `the base URL does not point at the Kraken API (got ${kind} ${exchange.status} from ${where}): ` +
    'check KRAKEN_BASE_URL, it should be the API root without /v2'
  );
}
