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

describe('ShortCache with staleMs', () => {
  it('serves a stale answer while one reload runs, then the reloaded one; waits once the answer is older than ttl + staleMs', async () => {
    const cache = new ShortCache<number>(50, 1_000, 1_000);
    let loads = 0;
    const load = async () => {
      loads++;
      const n = loads;
      await later(40);
      return n;
    };
    expect(await cache.get('a', load)).toBe(1);
    await later(100);
    // Stale: answered at once with the old value, and only one reload starts.
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    expect(loads).toBe(2);
    await later(100);
    expect(await cache.get('a', load)).toBe(2);
    await later(1_200);
    // Past ttl + staleMs: the request waits for a load of its own.
    const before = loads;
    expect(await cache.get('a', load)).toBe(before + 1);
  });

  it('keeps serving the stale answer when a reload fails, and tries again on the next request', async () => {
    const cache = new ShortCache<string>(20, 1_000, 1_000);
    expect(await cache.get('x', () => Promise.resolve('first'))).toBe('first');
    await later(30);
    expect(await cache.get('x', () => Promise.reject(new Error('down')))).toBe('first');
    await later(5);
    expect(await cache.get('x', () => Promise.resolve('second'))).toBe('first');
    await later(5);
    expect(await cache.get('x', () => Promise.resolve('third'))).toBe('second');
  });

  it('makes a request too late for the stale answer wait for the reload under way, not start another', async () => {
    const cache = new ShortCache<number>(20, 1_000, 300);
    let loads = 0;
    const slowLoad = async () => {
      loads++;
      const n = loads;
      await later(n === 1 ? 0 : 1_000);
      return n;
    };
    expect(await cache.get('a', slowLoad)).toBe(1);
    await later(30);
    expect(await cache.get('a', slowLoad)).toBe(1);
    await later(400);
    expect(await cache.get('a', slowLoad)).toBe(2);
    expect(loads).toBe(2);
  });
});
