import type { TestQueue } from '@atropos/testing';
import { createTestQueue } from '@atropos/testing';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { FlowScope } from '../src/index.js';
import { acquireFlowSlots, flowScopeKeys, keyFlowScopeId, releaseFlowSlots, typeFlowScopeId } from '../src/index.js';

let redis: TestQueue;

beforeEach(() => {
  redis = createTestQueue();
});

afterEach(async () => {
  await redis?.cleanUp();
});

const customer: FlowScope = { id: keyFlowScopeId('per_customer', 'customer 42'), label: 'customer 42', concurrency: 1 };
const lease = { leaseMs: 60_000 };
// Tasks parked in the same millisecond are in id order: the ids below sort as they are parked.

function acquire(taskId: string, scopes: readonly FlowScope[], park: boolean) {
  return acquireFlowSlots(redis.redis, redis.prefix, taskId, scopes, { ...lease, park });
}

describe('flow control', () => {
  it('holds a scope to its limit and parks the tasks it refuses, oldest first', async () => {
    expect(await acquire('a', [customer], true)).toEqual({ started: true });
    expect(await acquire('b', [customer], true)).toEqual({ started: false, scope: customer, limit: 'concurrency', retryAt: 0 });
    expect(await acquire('c', [customer], true)).toMatchObject({ started: false, limit: 'concurrency' });
    const { active, parked } = flowScopeKeys(redis.prefix, customer.id);
    expect(await redis.redis.zrange(active, 0, -1)).toEqual(['a']);
    expect(await redis.redis.zrange(parked, 0, -1)).toEqual(['b', 'c']);
  });

  it('hands a freed slot to the oldest parked task, so a task arriving before it wakes parks behind it', async () => {
    await acquire('a', [customer], true);
    await acquire('b', [customer], true);
    await acquire('c', [customer], true);

    expect(await releaseFlowSlots(redis.redis, redis.prefix, 'a', [customer], lease.leaseMs)).toEqual(['b']);
    // The slot is b's while b is being woken: a newcomer does not take it.
    expect(await acquire('newcomer', [customer], true)).toMatchObject({ started: false, limit: 'concurrency' });
    expect(await acquire('b', [customer], true)).toEqual({ started: true });

    const { active, parked } = flowScopeKeys(redis.prefix, customer.id);
    expect(await redis.redis.zrange(active, 0, -1)).toEqual(['b']);
    expect(await redis.redis.zrange(parked, 0, -1)).toEqual(['c', 'newcomer']);
    expect(await releaseFlowSlots(redis.redis, redis.prefix, 'b', [customer], lease.leaseMs)).toEqual(['c']);
  });

  it('frees a slot handed to a task that never came back, handing it on', async () => {
    await acquire('a', [customer], true);
    await acquire('b-gone', [customer], true);
    await acquire('c', [customer], true);
    expect(await releaseFlowSlots(redis.redis, redis.prefix, 'a', [customer], lease.leaseMs)).toEqual(['b-gone']);
    // The gate releases a woken task whose job is gone: its slot goes to the next parked task.
    expect(await releaseFlowSlots(redis.redis, redis.prefix, 'b-gone', [customer], lease.leaseMs)).toEqual(['c']);
    expect(await acquire('c', [customer], true)).toEqual({ started: true });
  });

  it('lets a handed slot lapse with its lease when its task never comes back', async () => {
    await acquire('a', [customer], true);
    await acquire('b', [customer], true);
    expect(await releaseFlowSlots(redis.redis, redis.prefix, 'a', [customer], 50)).toEqual(['b']);
    expect(await acquire('newcomer', [customer], false)).toMatchObject({ started: false });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await acquire('newcomer', [customer], false)).toEqual({ started: true });
  });

  it('wakes no one for a scope without a concurrency limit', async () => {
    const rated: FlowScope = { id: typeFlowScopeId('rated'), label: 'rated', rate: { limit: 1, windowMs: 60_000 } };
    expect(await acquire('a', [rated], true)).toEqual({ started: true });
    expect(await acquire('b', [rated], true)).toMatchObject({ started: false, limit: 'rate' });
    expect(await releaseFlowSlots(redis.redis, redis.prefix, 'a', [rated], lease.leaseMs)).toEqual([]);
  });
});
