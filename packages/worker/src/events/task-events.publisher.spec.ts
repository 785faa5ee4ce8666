import { afterAll, describe, expect, it } from '@jest/globals';
import { createTestQueue, waitFor } from '@atropos/testing';
import { readLogEntry, readTaskEventsLogFrom, taskEventsLogKey } from '@atropos/queue';
import type { TaskEvent } from '@atropos/tasks';
import type { WorkerLogger } from '../logger.js';
import type { WorkerConfig } from '../worker-config.js';
import { TaskEventsPublisher } from './task-events.publisher.js';

const queue = createTestQueue();
afterAll(() => queue.cleanUp());

const logger: WorkerLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function event(n: number): TaskEvent {
  return { type: 'task.deleted', task_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, tenant: 'default' };
}

/** What the log holds, less the connection probes (event 999): the events, and the entries that carry any. */
async function logged(): Promise<{ entries: number; events: TaskEvent[] }> {
  const probe = JSON.stringify(event(999));
  const carried = (await readTaskEventsLogFrom(queue.redis, queue.prefix, '-', 1_000))
    .map((entry) => readLogEntry(entry).map((each) => each.event))
    .map((events) => events.filter((each) => JSON.stringify(each) !== probe))
    .filter((events) => events.length > 0);
  return { entries: carried.length, events: carried.flat() };
}

describe('TaskEventsPublisher', () => {
  it('publishes every event once, in order, the ones published while an entry is in flight together in the next', async () => {
    const config = { redisUrl: queue.redisUrl, queuePrefix: queue.prefix, taskEventsLogLength: 10_000 } as WorkerConfig;
    const publisher = new TaskEventsPublisher(config, logger);
    try {
      // Its connection is up once an event gets through (before, they fail fast: no offline queue).
      await waitFor('the publisher to reach Redis', async () => {
        publisher.publish([event(999)]);
        return (await queue.redis.xlen(taskEventsLogKey(queue.prefix))) > 0;
      });
      // The first event's XADD leaves at the end of this turn; the next 199, published while it is
      // in flight (Redis cannot have answered before the next I/O phase), wait and leave together.
      publisher.publish([event(0)]);
      await new Promise((resolve) => setImmediate(resolve));
      for (let n = 1; n < 200; n++) publisher.publish([event(n)]);
      await waitFor('the 200 events in the log', async () => (await logged()).events.length >= 200, { timeoutMs: 5_000 });
      const { entries, events } = await logged();
      expect(events).toEqual(Array.from({ length: 200 }, (_, n) => event(n)));
      // One entry for the first and one for the rest (one, if a probe's XADD still held the first back).
      expect(entries).toBeLessThanOrEqual(2);
    } finally {
      publisher.close();
    }
  });
});
