// Seeded fault injection: latency and jitter, the concurrency limit, 429/503/dropped connections, lost creates
// and the hostile answers of --fault.
import { HttpProblem } from './http.js';
import type { FaultKind } from './fault-answers.js';
import type { SandboxOptions } from './sandbox-options.js';

/** The options that fault injection reads (at each request, so they are those of the running sandbox). */
export type FaultOptions = Pick<
  SandboxOptions,
  | 'latencyMs'
  | 'jitterMs'
  | 'rate429'
  | 'rate5xx'
  | 'rateReset'
  | 'rateLostCreate'
  | 'retryAfterSeconds'
  | 'retryAfterHeader'
  | 'maxConcurrent'
  | 'fault'
  | 'faultRate'
  | 'faultRoutes'
>;

/**
 * The faults a sandbox injects. Each method draws from the seeded random at most once, and the server calls them
 * at fixed points of a request, so that a seed replays the same faults in the same order.
 */
export interface Faults {
  /** The delay before handling a request: the latency plus a jitter (one draw, only when jitter is on). */
  delayMs(): number;
  /** Throws a 429 concurrency_limit problem when more than `maxConcurrent` requests are in flight (no draw). */
  checkConcurrency(inFlight: number): void;
  /** Draws an account request's fault: throws a 429 or 503 problem, returns `drop` to hang up, else undefined. */
  injectRequestFault(): 'drop' | undefined;
  /** Draws whether a create that was stored loses its answer (one draw on every stored create). */
  losesCreateAnswer(): boolean;
  /**
   * Draws the `--fault` of a request to `route`: the kind when it strikes, else undefined. It draws from its own seeded
   * random (only when a fault is set and aimed at the route), so the other faults of a seed stay the same.
   */
  routeFault(route: string): FaultKind | undefined;
}

/** Builds the faults of a sandbox from its options, its seeded random and the separate random of `--fault`. */
export function createFaults(options: FaultOptions, random: () => number, routeRandom: () => number = random): Faults {
  const retryAfter = () => ({ 'retry-after': options.retryAfterHeader ?? String(options.retryAfterSeconds) });
  return {
    delayMs: () => options.latencyMs + (options.jitterMs > 0 ? (random() * 2 - 1) * options.jitterMs : 0),
    checkConcurrency: (inFlight) => {
      if (options.maxConcurrent !== undefined && inFlight > options.maxConcurrent) {
        throw new HttpProblem(
          429,
          { detail: 'Too many concurrent requests.', code: 'concurrency_limit' },
          retryAfter(),
        );
      }
    },
    injectRequestFault: () => {
      const fault = random();
      let threshold = options.rate429;
      if (fault < threshold) {
        throw new HttpProblem(429, { detail: 'Request was throttled.', code: 'throttled' }, retryAfter());
      }
      threshold += options.rate5xx;
      if (fault < threshold)
        throw new HttpProblem(503, { detail: 'The service is temporarily unavailable.', code: 'service_unavailable' });
      threshold += options.rateReset;
      return fault < threshold ? 'drop' : undefined;
    },
    losesCreateAnswer: () => random() < options.rateLostCreate,
    routeFault: (route) => {
      const { fault } = options;
      if (fault === undefined || !(options.faultRoutes as readonly string[]).includes(route)) return undefined;
      return routeRandom() < options.faultRate ? fault : undefined;
    },
  };
}
