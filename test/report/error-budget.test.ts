// The error budget of --max-errors: a count over the run, or a share of the last 1000 records after 100.
import { describe, expect, it } from '@jest/globals';
import { budgetMinimumSample, budgetWindow, ErrorBudget } from '../../src/report/error-budget.js';
import type { Outcome } from '../../src/report/record-result.js';

/** Feeds outcomes until the budget trips; returns how many were fed then (undefined when it never did). */
function tripsAfter(budget: ErrorBudget, outcomes: Iterable<Outcome>): number | undefined {
  let fed = 0;
  for (const outcome of outcomes) {
    fed += 1;
    if (budget.count(outcome)) return fed;
  }
  return undefined;
}

function* repeat(pattern: Outcome[], times: number): Generator<Outcome> {
  for (let round = 0; round < times; round += 1) yield* pattern;
}

describe('ErrorBudget', () => {
  it('with a count, trips on the first failure past it, whatever the successes', () => {
    const budget = new ErrorBudget({ count: 2 });
    expect(tripsAfter(budget, ['processed', 'invalid', 'valid', 'errored', 'submitted', 'rejected', 'invalid'])).toBe(
      6,
    );
    expect(budget.spent).toBe('3 records failed, more than --max-errors 2 allows');
  });

  it('with 0, trips on the first failure; interrupted and submitted records are not failures', () => {
    expect(tripsAfter(new ErrorBudget({ count: 0 }), ['interrupted', 'submitted', 'skipped', 'failed'])).toBe(4);
  });

  it('with a percentage, waits for the minimum sample before it can trip', () => {
    const budget = new ErrorBudget({ percent: 10 });
    expect(tripsAfter(budget, repeat(['invalid'], 1000))).toBe(budgetMinimumSample);
    expect(budget.spent).toBe('100 of the last 100 records failed, more than --max-errors 10% allows');
  });

  it('with a percentage, never trips at or under it', () => {
    const pattern: Outcome[] = [...Array.from({ length: 9 }, (): Outcome => 'valid'), 'invalid'];
    expect(tripsAfter(new ErrorBudget({ percent: 10 }), repeat(pattern, 500))).toBeUndefined();
  });

  it('with a percentage, counts only the last 1000 records: a bad stretch late in a good run trips it', () => {
    const budget = new ErrorBudget({ percent: 5 });
    const good = Array.from({ length: 5000 }, (): Outcome => 'processed');
    const bad = Array.from({ length: 100 }, (): Outcome => 'errored');
    // 51 failures among the last 1000 records pass 5%, however many records went well before them.
    expect(tripsAfter(budget, [...good, ...bad])).toBe(5000 + 51);
    expect(budget.spent).toBe(`51 of the last ${budgetWindow} records failed, more than --max-errors 5% allows`);
  });
});
