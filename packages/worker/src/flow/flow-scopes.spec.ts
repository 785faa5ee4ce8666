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
      customer_id: '42',
    });
    expect(scopes).toEqual([
      { id: 'key:sync:customer 42', label: 'customer 42', concurrency: 1 },
      { id: 'type:sync', label: 'task type sync', concurrency: 5 },
    ]);
  });

  it('holds a task without its key parameter by the type only, and a type without limits not at all', () => {
    expect(flowScopesOf(task({ key: 'customer ${parameters.customer_id}', key_rate: { limit: 2, window_s: 0.5 } }), {})).toEqual([]);
    expect(flowScopesOf(task(), { customer_id: '42' })).toEqual([]);
    expect(flowScopesOf(task({ rate: { limit: 10, window_s: 1 } }), {})).toEqual([
      { id: 'type:sync', label: 'task type sync', rate: { limit: 10, windowMs: 1000 } },
    ]);
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
