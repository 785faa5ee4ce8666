import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { defineTask } from '../define-task.js';
import { flowScopesOf, waitingReason } from './flow-scopes.js';

const task = (limits?: Parameters<typeof defineTask>[0]['limits']) =>
  defineTask({
    name: 'sync',
    description: 'Syncs',
    parameters: z.object({ customer_id: z.string().optional() }),
    limits,
    run: () => Promise.resolve(null),
  });

describe('flowScopesOf', () => {
  it('counts a task in its key first, then its type', () => {
    const scopes = flowScopesOf(task({ concurrency: 5, key: 'customer ${parameters.customer_id}', key_concurrency: 1 }), {
      parameters: { customer_id: '42' },
    });
    expect(scopes).toEqual([
      { id: 'key:sync:customer 42', label: 'customer 42', concurrency: 1 },
      { id: 'type:sync', label: 'task type sync', concurrency: 5 },
    ]);
  });

  it('holds a task without its key parameter by the type only, and a type without limits not at all', () => {
    expect(
      flowScopesOf(task({ key: 'customer ${parameters.customer_id}', key_rate: { limit: 2, window_s: 0.5 } }), { parameters: {} }),
    ).toEqual([]);
    expect(flowScopesOf(task(), { parameters: { customer_id: '42' } })).toEqual([]);
    expect(flowScopesOf(task({ rate: { limit: 10, window_s: 1 } }), { parameters: {} })).toEqual([
      { id: 'type:sync', label: 'task type sync', rate: { limit: 10, windowMs: 1000 } },
    ]);
  });

  it("counts a task under its own key instead of the type's template, with its own limit or else the type's", () => {
    const own = { parameters: { customer_id: '42' }, concurrencyKey: 'account 7', concurrencyLimit: 2 };
    expect(flowScopesOf(task(), own)).toEqual([{ id: 'key:sync:account 7', label: 'account 7', concurrency: 2 }]);
    expect(
      flowScopesOf(task({ key: 'customer ${parameters.customer_id}', key_concurrency: 1 }), { ...own, concurrencyLimit: null }),
    ).toEqual([{ id: 'key:sync:account 7', label: 'account 7', concurrency: 1 }]);
    // A key without any limit only takes turns (fairness): no scope to count in.
    expect(flowScopesOf(task(), { ...own, concurrencyLimit: null })).toEqual([]);
  });
});

describe('waitingReason', () => {
  it('names the key or type and the limit that holds the task', () => {
    expect(waitingReason({ id: 'key:sync:customer 42', label: 'customer 42', concurrency: 1 }, 'concurrency')).toBe(
      'waiting: customer 42 at its limit of 1',
    );
    expect(waitingReason({ id: 'type:sync', label: 'task type sync', rate: { limit: 10, windowMs: 1000 } }, 'rate')).toBe(
      'waiting: task type sync at its rate limit of 10 per 1 s',
    );
    expect(waitingReason({ id: 'type:sync', label: 'task type sync', rate: { limit: 3, windowMs: 250 } }, 'rate')).toBe(
      'waiting: task type sync at its rate limit of 3 per 250 ms',
    );
  });
});
