// A loopback proxy in front of a sandbox that keeps every request and answer as sent on the wire, for contract checks.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import type { Exchange } from './published-contract.js';

/** A running recording proxy. */
export interface RecordingProxy {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (!hopByHop.has(name) && value !== undefined) kept[name] = Array.isArray(value) ? value.join(', ') : value;
  return kept;
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts a proxy on port 0 that forwards to `target` and records each exchange. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const exchanges: Exchange[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      const requestBody = await readAll(incoming);
      const method = incoming.method ?? 'GET';
      const answer = await request(`${target}${incoming.url ?? '/'}`, {
        method: method as 'GET',
        headers: forwardable(incoming.headers),
        body: requestBody === '' ? undefined : requestBody,
      });
      const responseBody = await answer.body.text();
      const responseHeaders = answer.headers as Record<string, string | string[] | undefined>;
      exchanges.push({
        method,
        path: incoming.url ?? '/',
        requestHeaders: incoming.headers,
        requestBody,
        status: answer.statusCode,
        responseHeaders,
        responseBody,
      });
      outgoing.writeHead(answer.statusCode, forwardable(responseHeaders));
      outgoing.end(responseBody);
    })().catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
