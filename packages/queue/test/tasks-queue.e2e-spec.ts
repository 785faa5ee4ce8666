import type { TestQueue } from '@atropos/testing';
import { createTestQueue, waitFor } from '@atropos/testing';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { createRedisClient, createTasksQueue, readLiveWorkers, removeHeartbeat, workerRegistryKeys, writeHeartbeat } from '../src/index.js';
import type { WorkerHeartbeat } from '../src/index.js';

let redis: TestQueue;

beforeEach(() => {
  redis = createTestQueue();
});

afterEach(async () => {
  await redis?.cleanUp();
});

describe('the tasks queue', () => {
  it('keeps one job per task id, however often it is queued, under its own prefix', async () => {
    const queue = createTasksQueue({ redisUrl: redis.redisUrl, prefix: redis.prefix });
    await queue.add({ taskId: 'task-1' }, { jobId: 'task-1' });
    await queue.add({ taskId: 'task-1' }, { jobId: 'task-1' });
    expect(await queue.getWaitingCount()).toBe(1);
    expect(await redis.redis.exists(`${redis.prefix}:tasks:task-1`)).toBe(1);
    await queue.close();
  });

  it('pipelines the shared connection only, and runs every job of a burst through it', async () => {
    const queue = createTasksQueue({ redisUrl: redis.redisUrl, prefix: redis.prefix });
    const done: string[] = [];
    void queue.process(16, (job) => {
      done.push(job.data.taskId);
      return Promise.resolve();
    });
    await queue.isReady();
    const ids = Array.from({ length: 200 }, (_, index) => `burst-${index}`);
    await Promise.all(ids.map((taskId) => queue.add({ taskId }, { jobId: taskId, removeOnComplete: true })));
    await waitFor('every job of the burst to run', () => done.length === ids.length);
    expect([...done].sort()).toEqual([...ids].sort());
    expect(queue.client.options.enableAutoPipelining).toBe(true);
    // Blocking and subscribing connections wait on one command at a time: never pipelined.
    const { eclient, bclient } = queue as unknown as Record<'eclient' | 'bclient', Redis>;
    expect(eclient.options.enableAutoPipelining).toBeFalsy();
    expect(bclient.options.enableAutoPipelining).toBeFalsy();
    expect(await queue.getCompletedCount()).toBe(0);
    await queue.close();
  });

  it('closes every connection it opened, so a process can exit', async () => {
    const connectionName = `${redis.prefix}-close-test`;
    const queue = createTasksQueue({ redisUrl: redis.redisUrl, prefix: redis.prefix, connectionName });
    await queue.add({ taskId: 'task-2' }, { jobId: 'task-2' });
    const connectionsOf = async () =>
      ((await redis.redis.client('LIST')) as string).split('\n').filter((line) => line.includes(`name=${connectionName} `)).length;
    expect(await connectionsOf()).toBeGreaterThan(0);
    await queue.close();
    await waitFor('the queue connections to close', async () => (await connectionsOf()) === 0);
  });
});

describe('worker heartbeats', () => {
  const heartbeat = (id: string): WorkerHeartbeat => ({
    worker_id: id,
    hostname: 'host',
    pid: 1,
    concurrency: 2,
    started_at: new Date().toISOString(),
    seen_at: new Date().toISOString(),
    active_task_ids: [],
  });

  it('lists the workers whose heartbeat has not expired', async () => {
    const client = createRedisClient(redis.redisUrl);
    await writeHeartbeat(client, redis.prefix, heartbeat('b'), 10_000);
    await writeHeartbeat(client, redis.prefix, heartbeat('a'), 10_000);
    await writeHeartbeat(client, redis.prefix, heartbeat('short-lived'), 100);
    await waitFor('the short heartbeat to expire', async () =>
      (await readLiveWorkers(client, redis.prefix)).every((worker) => worker.worker_id !== 'short-lived'),
    );
    expect((await readLiveWorkers(client, redis.prefix)).map((worker) => worker.worker_id)).toEqual(['a', 'b']);
    await removeHeartbeat(client, redis.prefix, 'a');
    expect((await readLiveWorkers(client, redis.prefix)).map((worker) => worker.worker_id)).toEqual(['b']);
    client.disconnect();
  });

  it('keeps them in a registry that prunes expired entries and expires with the last heartbeat', async () => {
    const client = createRedisClient(redis.redisUrl);
    const keys = workerRegistryKeys(redis.prefix);
    await writeHeartbeat(client, redis.prefix, heartbeat('gone'), 50);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await writeHeartbeat(client, redis.prefix, heartbeat('live'), 300);
    // The write that came after the expiry pruned the dead worker from both keys.
    expect(await redis.redis.zrange(keys.expiries, 0, -1)).toEqual(['live']);
    expect(await redis.redis.hkeys(keys.heartbeats)).toEqual(['live']);
    expect(await redis.redis.pttl(keys.expiries)).toBeGreaterThan(0);
    expect(await redis.redis.pttl(keys.heartbeats)).toBeGreaterThan(0);
    await waitFor(
      'the registry to expire with its last heartbeat',
      async () => (await redis.redis.exists(keys.expiries, keys.heartbeats)) === 0,
    );
    expect(await readLiveWorkers(client, redis.prefix)).toEqual([]);
    client.disconnect();
  });

  it('leaves out a value that is not a heartbeat, and still lists the others', async () => {
    const client = createRedisClient(redis.redisUrl);
    const keys = workerRegistryKeys(redis.prefix);
    const written = heartbeat('c');
    await writeHeartbeat(client, redis.prefix, written, 10_000);
    // Another version's entries in the registry: not JSON, and JSON of another shape.
    const expiry = Date.now() + 10_000;
    await client.zadd(keys.expiries, expiry, 'not-json', expiry, 'old-shape');
    await client.hset(keys.heartbeats, 'not-json', '{', 'old-shape', JSON.stringify({ worker_id: 'old-shape', pid: 'one' }));
    const live = await readLiveWorkers(client, redis.prefix);
    expect(live).toEqual([written]);
    client.disconnect();
  });
});
