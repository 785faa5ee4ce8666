import { describe, expect, it } from '@jest/globals';
import { fairPriority, roundOfJobPriority } from './fair-rounds.js';

describe('fairPriority', () => {
  it('orders by priority first, then by round, and reads back what it encodes', () => {
    expect(fairPriority(1, 0)).toBe(1);
    expect(fairPriority(1, 5_000)).toBeLessThan(fairPriority(2, 0));
    expect(fairPriority(5, 3)).toBeLessThan(fairPriority(5, 4));
    expect(roundOfJobPriority(fairPriority(7, 123_456))).toEqual({ priority: 7, round: 123_456 });
    expect(fairPriority(10, 2 ** 39)).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });
});
