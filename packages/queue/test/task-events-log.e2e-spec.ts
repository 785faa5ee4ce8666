import type { TaskEvent } from '@atropos/tasks';
import type { TestQueue } from '@atropos/testing';
import { createTestQueue } from '@atropos/testing';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { publishTaskEvents, readTaskEventsLogBounds, readTaskEventsLogEnd, taskEventsLogKey } from '../src/index.js';

let redis: TestQueue;

beforeEach(() => {
  redis = createTestQueue();
});

afterEach(async () => {
  await redis?.cleanUp();
});

const deleted = (count: number): TaskEvent[] =>
  Array.from({ length: count }, () => ({ type: 'task.deleted', task_id: randomUUID(), tenant: 'default' }));

describe('readTaskEventsLogEnd', () => {
  it('is null while there is no log', async () => {
    expect(await readTaskEventsLogEnd(redis.redis, redis.prefix)).toBeNull();
  });

  it("is the position of the last entry's last event, as the log's bounds give it", async () => {
    await publishTaskEvents(redis.redis, redis.prefix, deleted(3), 1_000);
    await publishTaskEvents(redis.redis, redis.prefix, deleted(5), 1_000);
    const [[lastId]] = (await redis.redis.xrevrange(taskEventsLogKey(redis.prefix), '+', '-', 'COUNT', 1)) as [[string, string[]]];
    const [ms, seq] = lastId.split('-').map(Number);

    const end = await readTaskEventsLogEnd(redis.redis, redis.prefix);
    expect(end).toEqual({ ms, seq, index: 4 });
    expect(end).toEqual((await readTaskEventsLogBounds(redis.redis, redis.prefix))?.lastEntry);
  });
});
