import { describe, expect, it } from '@jest/globals';
import { ShortCache } from './short-cache.js';

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ShortCache', () => {
  it('runs one load per key for concurrent requests and the ones within the ttl after it', async () => {
    const cache = new ShortCache<number>(100);
    let loads = 0;
    const load = async () => {
      loads++;
      await later(20);
      return loads;
    };
    expect(await Promise.all([cache.get('a', load), cache.get('a', load), cache.get('a', load)])).toEqual([1, 1, 1]);
    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('b', load)).toBe(2);
    await later(150);
    expect(await cache.get('a', load)).toBe(3);
  });

  it('does not keep a failed load, and forgets the oldest keys past its size', async () => {
    const cache = new ShortCache<string>(10_000, 2);
    await expect(cache.get('x', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('x', () => Promise.resolve('up'))).toBe('up');
    await cache.get('y', () => Promise.resolve('y1'));
    await cache.get('z', () => Promise.resolve('z1'));
    expect(await cache.get('x', () => Promise.resolve('reloaded'))).toBe('reloaded');
    expect(await cache.get('z', () => Promise.resolve('z2'))).toBe('z1');
  });
});
