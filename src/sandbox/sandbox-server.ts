// The local Kraken account-import emulator: starts its HTTP server, logs each request, and closes cleanly.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { badRequestBytes, HttpProblem, requestPath, send } from './http.js';
import type { ImportStore } from './import-store.js';
import { dispatch } from './routes.js';
import { createSandboxContext, type SandboxContext } from './sandbox-context.js';
import type { SandboxOptions } from './sandbox-options.js';

export { nestErrors } from './account-routes.js';
export { defaultSandboxOptions, type SandboxOptions } from './sandbox-options.js';

/** A running sandbox. */
export interface Sandbox {
  url: string;
  server: Server;
  store: ImportStore;
  /** Requests counted per route, for tests and benchmarks. */
  requestCounts: Record<string, number>;
  close(): Promise<void>;
}

const serverError = new HttpProblem(500, { detail: 'A server error occurred.', code: 'server_error' });

/** Returns the server's request listener: the concurrency limit, latency, routing, error answers and the request log. */
function requestListener(context: SandboxContext): RequestListener {
  const { options, faults } = context;
  let inFlight = 0;
  return (request, response) => {
    const started = process.hrtime.bigint();
    inFlight += 1;
    let account: string | undefined;
    const finish = (status: number | string) => {
      inFlight -= 1;
      if (options.log === undefined) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      options.log(`${request.method ?? '-'} ${requestPath(request)} ${account ?? '-'} ${status} ${ms.toFixed(1)}ms`);
    };
    // Drawn before anything else, so that the seeded random is used in the same order at every run.
    const delay = faults.delayMs();
    const handle = async () => {
      faults.checkConcurrency(inFlight);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const outcome = await dispatch(context, request, response);
      account = outcome.account;
      return outcome.status;
    };
    handle().then(finish, (error: unknown) => {
      const problem = error instanceof HttpProblem ? error : serverError;
      send(response, problem.status, problem.body, problem.headers);
      finish(problem.status);
    });
  };
}

/** Starts the sandbox; resolves once it accepts connections. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const context = createSandboxContext(options);
  const server = createServer({ keepAliveTimeout: 30_000 }, requestListener(context));
  // A request the HTTP parser refuses gets a 400 (431 for huge headers) before the connection closes, as a server
  // behind a proxy would answer, rather than a silent hang-up.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code !== 'ECONNRESET' && socket.writable) socket.end(badRequestBytes(error.code));
    else socket.destroy();
  });
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
    store: context.store,
    requestCounts: context.requestCounts,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      context.store.save();
    },
  };
}
