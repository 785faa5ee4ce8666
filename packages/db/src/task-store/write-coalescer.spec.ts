import { WriteCoalescer } from './write-coalescer.js';

class Unavailable extends Error {}

describe('WriteCoalescer', () => {
  it('sends writes of the same turn as one group, each caller getting its own result', async () => {
    const groups: number[][] = [];
    const coalescer = new WriteCoalescer<number, number>({
      writeMany: (items) => {
        groups.push(items);
        return Promise.resolve(items.map((item) => item * 10));
      },
    });

    const results = await Promise.all([1, 2, 3].map((item) => coalescer.write(item)));

    expect(results).toEqual([10, 20, 30]);
    expect(groups).toEqual([[1, 2, 3]]);
  });

  it('groups what arrives while a write is in flight into the next write', async () => {
    const groups: number[][] = [];
    let release!: () => void;
    const firstDone = new Promise<void>((resolve) => (release = resolve));
    const coalescer = new WriteCoalescer<number, number>({
      writeMany: async (items) => {
        groups.push(items);
        if (groups.length === 1) await firstDone;
        return items;
      },
    });

    const first = coalescer.write(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((item) => coalescer.write(item));
    release();

    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(groups).toEqual([[1], [2, 3, 4]]);
  });

  it('retries a failed group item by item, so only the item at fault fails', async () => {
    const coalescer = new WriteCoalescer<number, number>({
      writeMany: (items) => (items.includes(2) ? Promise.reject(new Error('item 2 breaks a constraint')) : Promise.resolve(items)),
    });

    const outcomes = await Promise.allSettled([1, 2, 3].map((item) => coalescer.write(item)));

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('fails the whole group at once when the error would fail every item', async () => {
    let calls = 0;
    const coalescer = new WriteCoalescer<number, number>({
      writeMany: () => {
        calls++;
        return Promise.reject(new Unavailable('down'));
      },
      failsEveryItem: (error) => error instanceof Unavailable,
    });

    const outcomes = await Promise.allSettled([1, 2, 3].map((item) => coalescer.write(item)));

    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(calls).toBe(1);
  });

  it('splits groups larger than maxGroupSize', async () => {
    const groups: number[][] = [];
    const coalescer = new WriteCoalescer<number, number>({
      writeMany: (items) => {
        groups.push(items);
        return Promise.resolve(items);
      },
      maxGroupSize: 2,
    });

    await Promise.all([1, 2, 3, 4, 5].map((item) => coalescer.write(item)));

    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
  });
});
