// Seeded fault injection: the same seed gives the same faults, and each method draws from the random only as documented.
import { describe, expect, it } from '@jest/globals';
import { createFaults, type FaultOptions, type Faults } from '../../src/sandbox/faults.js';
import { HttpProblem } from '../../src/sandbox/http.js';
import { seededRandom } from '../../src/sandbox/seeded-random.js';

const calm: FaultOptions = {
  latencyMs: 0,
  jitterMs: 0,
  rate429: 0,
  rate5xx: 0,
  rateReset: 0,
  rateLostCreate: 0,
  retryAfterSeconds: 2,
  retryAfterHeader: undefined,
  maxConcurrent: undefined,
  fault: undefined,
  faultRate: 1,
  faultRoutes: ['validate', 'create', 'status'],
};

/** A seeded random that counts its draws. */
function countingRandom(seed: number): { random: () => number; draws: () => number } {
  const random = seededRandom(seed);
  let draws = 0;
  return {
    random: () => {
      draws += 1;
      return random();
    },
    draws: () => draws,
  };
}

/** What one request fault draw amounts to: the problem's status, `drop`, or `pass`. */
function outcome(draw: () => 'drop' | undefined): number | string {
  try {
    return draw() ?? 'pass';
  } catch (error) {
    return error instanceof HttpProblem ? error.status : 'other error';
  }
}

describe('createFaults', () => {
  it('replays a seed as the same 429/503/drop sequence', () => {
    const options = { ...calm, rate429: 0.3, rate5xx: 0.3, rateReset: 0.1 };
    const sequence = (seed: number) => {
      const faults = createFaults(options, seededRandom(seed));
      return Array.from({ length: 12 }, () => outcome(() => faults.injectRequestFault()));
    };
    expect(sequence(42)).toEqual(['drop', 503, 'pass', 'drop', 429, 503, 429, 'drop', 'pass', 503, 429, 'pass']);
    expect(sequence(43)).not.toEqual(sequence(42));
  });

  it('throttles with Retry-After and answers 503 in the documented shapes', () => {
    const throttled = createFaults({ ...calm, rate429: 1 }, seededRandom(1));
    expect(() => throttled.injectRequestFault()).toThrow(
      expect.objectContaining({
        status: 429,
        body: { detail: 'Request was throttled.', code: 'throttled' },
        headers: { 'retry-after': '2' },
      }),
    );
    const unavailable = createFaults({ ...calm, rate5xx: 1 }, seededRandom(1));
    expect(() => unavailable.injectRequestFault()).toThrow(
      expect.objectContaining({
        status: 503,
        body: { detail: 'The service is temporarily unavailable.', code: 'service_unavailable' },
      }),
    );
  });

  it.each<[string, Partial<FaultOptions>, (faults: Faults) => unknown, number]>([
    ['delay without jitter', { latencyMs: 25 }, (faults) => faults.delayMs(), 0],
    ['delay with jitter', { jitterMs: 5 }, (faults) => faults.delayMs(), 1],
    ['request fault at zero rates', {}, (faults) => faults.injectRequestFault(), 1],
    ['lost create at a zero rate', {}, (faults) => faults.losesCreateAnswer(), 1],
    [
      'concurrency check',
      { maxConcurrent: 1 },
      (faults) => {
        faults.checkConcurrency(1);
      },
      0,
    ],
  ])('draws as documented: %s', (_name, overrides, call, expectedDraws) => {
    const counter = countingRandom(5);
    call(createFaults({ ...calm, ...overrides }, counter.random));
    expect(counter.draws()).toBe(expectedDraws);
  });

  it('keeps the delay within latency ± jitter and exact without jitter', () => {
    expect(createFaults({ ...calm, latencyMs: 25 }, seededRandom(3)).delayMs()).toBe(25);
    const jittered = createFaults({ ...calm, latencyMs: 10, jitterMs: 5 }, seededRandom(7));
    const delays = Array.from({ length: 50 }, () => jittered.delayMs());
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...delays)).toBeLessThan(15);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  it('draws --fault from its own random, so that a seed keeps its other faults', () => {
    const options = { ...calm, rate429: 0.3, rate5xx: 0.3, rateReset: 0.1 };
    const sequence = (withFault: boolean) => {
      const faults = createFaults(
        withFault ? { ...options, fault: 'html', faultRate: 0.5 } : options,
        seededRandom(42),
        seededRandom(7),
      );
      return Array.from({ length: 12 }, () => {
        faults.routeFault('status');
        return outcome(() => faults.injectRequestFault());
      });
    };
    expect(sequence(true)).toEqual(sequence(false));
  });

  it('aims --fault at its routes only, at its rate', () => {
    const faults = createFaults({ ...calm, fault: 'hang', faultRoutes: ['status'] }, seededRandom(1));
    expect([faults.routeFault('status'), faults.routeFault('validate'), faults.routeFault('graphql')]).toEqual([
      'hang',
      undefined,
      undefined,
    ]);
    const half = createFaults({ ...calm, fault: 'html', faultRate: 0.5 }, seededRandom(1), seededRandom(3));
    const hits = Array.from({ length: 200 }, () => half.routeFault('create')).filter((kind) => kind === 'html');
    expect(hits.length).toBeGreaterThan(70);
    expect(hits.length).toBeLessThan(130);
    expect(createFaults(calm, seededRandom(1)).routeFault('status')).toBeUndefined();
  });

  it('sends --retry-after-header verbatim on injected 429s', () => {
    const faults = createFaults({ ...calm, rate429: 1, retryAfterHeader: '999999' }, seededRandom(1));
    expect(() => faults.injectRequestFault()).toThrow(
      expect.objectContaining({ headers: { 'retry-after': '999999' } }),
    );
  });

  it('loses creates at the given rate only', () => {
    const never = createFaults(calm, seededRandom(9));
    const always = createFaults({ ...calm, rateLostCreate: 1 }, seededRandom(9));
    expect(Array.from({ length: 20 }, () => never.losesCreateAnswer())).not.toContain(true);
    expect(Array.from({ length: 20 }, () => always.losesCreateAnswer())).not.toContain(false);
  });

  it('refuses requests past the concurrency limit, not at it', () => {
    const faults = createFaults({ ...calm, maxConcurrent: 2 }, seededRandom(1));
    expect(() => {
      faults.checkConcurrency(2);
    }).not.toThrow();
    expect(() => {
      faults.checkConcurrency(3);
    }).toThrow(
      expect.objectContaining({
        status: 429,
        body: { detail: 'Too many concurrent requests.', code: 'concurrency_limit' },
        headers: { 'retry-after': '2' },
      }),
    );
    expect(() => {
      createFaults(calm, seededRandom(1)).checkConcurrency(1000);
    }).not.toThrow();
  });
});
