import { afterAll, describe, expect, it } from '@jest/globals';
import { createTestQueue, waitFor } from '@atropos/testing';
import { readLogEntry, readTaskEventsLogFrom } from '@atropos/queue';
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

async function logged(): Promise<{ entries: number; events: TaskEvent[] }> {
  const entries = await readTaskEventsLogFrom(queue.redis, queue.prefix, '-', 1_000);
  // The connection probes (event 999) are left out.
  const probe = event(999);
  const events = entries.flatMap((entry) => readLogEntry(entry).map((each) => each.event));
  return { entries: entries.length, events: events.filter((each) => JSON.stringify(each) !== JSON.stringify(probe)) };
}

describe('TaskEventsPublisher', () => {
  it('publishes every event once, in order, the ones published while an entry is in flight together in the next', async () => {
    const config = { redisUrl: queue.redisUrl, queuePrefix: queue.prefix, taskEventsLogLength: 10_000 } as WorkerConfig;
    const publisher = new TaskEventsPublisher(config, logger);
    try {
      // Its connection is up once an event gets through (before, they fail fast: no offline queue).
      await waitFor('the publisher to reach Redis', async () => {
        publisher.publish([event(999)]);
        return (await logged()).entries > 0;
      });
      await queue.redis.del(`${queue.prefix}:task-events:log`);
      // One event per event-loop turn, as the claims and completions of a busy worker arrive.
      for (let n = 0; n < 200; n++) {
        publisher.publish([event(n)]);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await waitFor('the 200 events in the log', async () => (await logged()).events.length >= 200, { timeoutMs: 5_000 });
      const { entries, events } = await logged();
      expect(events).toHaveLength(200);
      expect(events).toEqual(Array.from({ length: 200 }, (_, n) => event(n)));
      // Those published while an XADD was answered shared an entry.
      expect(entries).toBeLessThan(200);
    } finally {
      publisher.close();
    }
  });
});
