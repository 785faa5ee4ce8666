/**
 * The API's tail of the task events log, against the real Redis: it reads no entry while nobody
 * listens (only where the log ends), and a listener that comes is handed every entry after the
 * position the tail told it, whether or not the idle tail had read the log's end since.
 */
import type { RawLogEntry, TaskEventPosition } from '@atropos/queue';
import { compareTaskEventPositions, createRedisClient, lastPositionOfEntry, publishTaskEvents, taskEventsLogKey } from '@atropos/queue';
import type { TaskEvent } from '@atropos/tasks';
import type { TestQueue } from '@atropos/testing';
import { createTestQueue, waitFor } from '@atropos/testing';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TaskEventsLogTail } from '../src/events/task-events-log-tail.js';

describe('TaskEventsLogTail', () => {
  let queue: TestQueue;
  let tail: TaskEventsLogTail | undefined;
  let listening: boolean;
  let read: RawLogEntry[];

  /** One entry of `count` events; resolves to the position of its last event. */
  const write = async (count = 1): Promise<TaskEventPosition> => {
    const events: TaskEvent[] = Array.from({ length: count }, () => ({ type: 'task.deleted', task_id: randomUUID(), tenant: 'default' }));
    await publishTaskEvents(queue.redis, queue.prefix, events, 1_000);
    const [last] = await queue.redis.xrevrange(taskEventsLogKey(queue.prefix), '+', '-', 'COUNT', 1);
    return lastPositionOfEntry(last!);
  };
  const at = (position: TaskEventPosition) => tail?.position !== undefined && compareTaskEventPositions(tail.position, position) === 0;
  /** How many events each entry read held. */
  const countsRead = () => read.map((entry) => lastPositionOfEntry(entry).index + 1);

  async function startTail(idlePollMs: number): Promise<TaskEventsLogTail> {
    const reader = createRedisClient(queue.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
    tail = new TaskEventsLogTail(reader, queue.prefix, (entry) => read.push(entry), new Logger('TaskEventsLogTail'), {
      wanted: () => listening,
      idlePollMs,
    });
    tail.start();
    await waitFor('the tail to know where the log ends', () => tail?.position !== undefined);
    return tail;
  }

  beforeEach(async () => {
    queue = createTestQueue();
    listening = false;
    read = [];
    await write();
  });

  afterEach(async () => {
    tail?.stop();
    tail = undefined;
    await queue.cleanUp();
  });

  it('reads no entry while nobody listens, and keeps up with where the log ends', async () => {
    await startTail(100);
    await write(3);
    const end = await write(2);
    await waitFor('the idle tail to reach the end of the log', () => at(end));
    expect(read).toEqual([]);
  });

  it('hands a listener that comes every entry after the position it was told, woken at once', async () => {
    // An idle poll a minute away: only wake() can make the tail read before the wait below ends.
    const started = await startTail(60_000);
    await write(2); // after the position the tail knows, before the listener comes
    listening = true;
    const told = started.position!;
    started.wake();
    const end = await write(4);
    await waitFor('the tail to hand on both entries', () => read.length === 2);
    expect(countsRead()).toEqual([2, 4]);
    expect(compareTaskEventPositions(lastPositionOfEntry(read[0]!), told)).toBeGreaterThan(0);
    expect(at(end)).toBe(true);
  });

  it('reads no more entries once the last listener has gone', async () => {
    listening = true;
    await startTail(100);
    await write(1);
    await waitFor('the entry to be handed on', () => read.length === 1);
    listening = false;
    // The read blocked in Redis when the listener went hands on the next entry; none after it.
    await write(2);
    await waitFor('the blocked read to return', () => read.length === 2);
    const end = await write(3);
    await waitFor('the idle tail to reach the end of the log', () => at(end));
    expect(countsRead()).toEqual([1, 2]);
  });
});
