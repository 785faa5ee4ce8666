import { describe, expect, it } from '@jest/globals';
import { seedFrom, seededRandom } from './seeded-random.js';

const take = (random: () => number, n: number) => Array.from({ length: n }, random);

describe('seededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    expect(take(seededRandom(7), 5)).toEqual(take(seededRandom(7), 5));
    expect(take(seededRandom(7), 5)).not.toEqual(take(seededRandom(8), 5));
  });

  it('gives numbers in [0, 1) spread over the whole range', () => {
    const values = take(seededRandom(1), 10_000);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeCloseTo(0.5, 1);
  });
});

describe('seedFrom', () => {
  it('turns text into a stable 32-bit seed', () => {
    expect(seedFrom('Quarterly sales#0')).toBe(seedFrom('Quarterly sales#0'));
    expect(seedFrom('Quarterly sales#0')).not.toBe(seedFrom('Quarterly sales#1'));
    for (const text of ['', 'a', 'Überblick — Q3']) {
      expect(Number.isInteger(seedFrom(text)) && seedFrom(text) >= 0 && seedFrom(text) < 2 ** 32).toBe(true);
    }
  });
});
