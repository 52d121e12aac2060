// The closing summary's counts: one fixed order, whichever outcome a run met first.
import { describe, expect, it } from '@jest/globals';
import { Chalk } from 'chalk';
import { formatCounts } from '../../src/report/format-result.js';
import { outcomeOrder, successOutcomes, unfinishedOutcomes, type Outcome } from '../../src/report/record-result.js';

const plain = new Chalk({ level: 0 });

describe('formatCounts', () => {
  it('lists successes, then failures, then the unfinished, in the same order for any run', () => {
    expect(formatCounts({ interrupted: 2, invalid: 1, valid: 3 }, plain)).toBe('3 valid, 1 invalid, 2 interrupted');
    expect(formatCounts({ valid: 3, interrupted: 2, invalid: 1 }, plain)).toBe('3 valid, 1 invalid, 2 interrupted');
    expect(formatCounts({ failed: 1, processed: 4, skipped: 2 }, plain)).toBe('4 processed, 2 skipped, 1 failed');
  });

  it('has every outcome in its order once: successes first, the unfinished last', () => {
    expect(new Set(outcomeOrder).size).toBe(outcomeOrder.length);
    const ranks = (outcomes: ReadonlySet<Outcome>) => [...outcomes].map((outcome) => outcomeOrder.indexOf(outcome));
    expect(Math.max(...ranks(successOutcomes))).toBe(successOutcomes.size - 1);
    expect(Math.min(...ranks(unfinishedOutcomes))).toBe(outcomeOrder.length - unfinishedOutcomes.size);
  });
});
