import { describe, expect, it } from '@jest/globals';
import { concurrencyKeyOf, taskLimitsSchema } from './task-limits.js';
import { workerQueuesSchema } from './queue-name.js';

describe('concurrencyKeyOf', () => {
  it('fills each placeholder from the parameters, nested ones too', () => {
    expect(concurrencyKeyOf('customer ${parameters.customer_id}', { customer_id: 42 })).toBe('customer 42');
    expect(concurrencyKeyOf('${parameters.a.b}/${parameters.c}', { a: { b: 'x' }, c: true })).toBe('x/true');
  });

  it('gives no key when a parameter it names is missing or null', () => {
    expect(concurrencyKeyOf('customer ${parameters.customer_id}', {})).toBeNull();
    expect(concurrencyKeyOf('customer ${parameters.customer_id}', { customer_id: null })).toBeNull();
    expect(concurrencyKeyOf('${parameters.toString}', {})).toBeNull();
  });
});

describe('taskLimitsSchema', () => {
  it('takes type and key limits', () => {
    const limits = { concurrency: 5, key: 'customer ${parameters.customer_id}', key_concurrency: 1, rate: { limit: 10, window_s: 1 } };
    expect(taskLimitsSchema.parse(limits)).toEqual(limits);
  });

  it('refuses a key limit without a key, and a key that names no parameter; a key alone only makes keys take turns', () => {
    expect(taskLimitsSchema.safeParse({ key_concurrency: 1 }).error?.issues[0]?.path).toEqual(['key_concurrency']);
    expect(taskLimitsSchema.safeParse({ key: 'fixed', key_concurrency: 1 }).success).toBe(false);
    expect(taskLimitsSchema.safeParse({ key: '${parameters.a}' }).success).toBe(true);
  });
});

describe('workerQueuesSchema', () => {
  it('reads a comma-separated list, each name once; empty is every queue', () => {
    expect(workerQueuesSchema.parse('default, video,video')).toEqual(['default', 'video']);
    expect(workerQueuesSchema.parse('')).toBeUndefined();
    expect(workerQueuesSchema.parse(undefined)).toBeUndefined();
    expect(workerQueuesSchema.safeParse('Video').success).toBe(false);
  });
});
