import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TcpProxy } from '@atropos/testing';
import type { Task } from './platform.js';
import { Platform } from './platform.js';

/**
 * The sweeper keeps PostgreSQL and Redis in agreement: a task accepted by the API always runs,
 * even when its job never reached Redis or Redis lost it, and Bull's own failures reach the row.
 */
const SWEEP = { SWEEP_INTERVAL_MS: '300', SWEEP_GRACE_MS: '200' };

describe('the sweeper', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await Platform.start(SWEEP);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('queues a row that never got its job (a crash between INSERT and queue.add), and it runs', async () => {
    // Exactly what a crash right after the INSERT leaves behind: the row, and nothing in Redis.
    const [row] = await platform.db.query<{ id: string }>(
      `INSERT INTO tasks (id, task_type, parameters) VALUES (gen_random_uuid(), 'default', '{"processing_time": 0, "fail_attempts": 0}') RETURNING id`,
    );
    await platform.startWorker();
    const task = await platform.waitForStatus(row!.id, ['completed', 'failed']);
    expect(task).toMatchObject({ status: 'completed', attempts: 1 });
  });

  it('refills a Redis that lost its data from PostgreSQL: every accepted task still completes', async () => {
    await platform.request('POST', '/queue/pause');
    const batch = await platform.request<{ data: Task[] }>('POST', '/tasks/batch', {
      tasks: Array.from({ length: 20 }, () => ({ task_type: 'default', parameters: { processing_time: 0 } })),
    });
    expect(batch.status).toBe(201);
    // Redis restarted without persistence: every key of the queue is gone, the pause too.
    const keys = await platform.queue.redis.keys(`${platform.queue.prefix}:tasks:*`);
    await platform.queue.redis.del(...keys);

    for (const task of batch.body.data) {
      expect((await platform.waitForStatus(task.id, ['completed', 'failed'])).status).toBe('completed');
    }
  });

  it("fails the task of a job Bull failed on its own (stalled too often), with Bull's reason", async () => {
    await platform.request('POST', '/queue/pause');
    const created = await platform.createTask('default', { processing_time: 0 });
    // What Bull's stalled-job check does to a job that stalled more than maxStalledCount times.
    const key = (name: string) => `${platform.queue.prefix}:tasks:${name}`;
    await platform.queue.redis
      .multi()
      .lrem(key('paused'), 0, created.id)
      .lrem(key('wait'), 0, created.id)
      .zadd(key('failed'), Date.now(), created.id)
      .hset(key(created.id), 'failedReason', 'job stalled more than allowable limit', 'finishedOn', Date.now())
      .exec();

    const task = await platform.waitForStatus(created.id, ['completed', 'failed']);
    expect(task.status).toBe('failed');
    expect(task.error).toContain('stalled more than allowable limit');
    expect(await platform.hasJob(created.id)).toBe(false);
    await platform.request('POST', '/queue/resume');
  });

  it('does not revive a task left processing after its last attempt: it fails it, attempts within budget', async () => {
    // What a worker that died during the last attempt leaves once Bull has dropped its job.
    const [row] = await platform.db.query<{ id: string }>(
      `INSERT INTO tasks (id, task_type, status, attempts, max_attempts, worker_id, parameters)
       VALUES (gen_random_uuid(), 'default', 'processing', 4, 4, 'gone-worker', '{"processing_time": 0}') RETURNING id`,
    );
    const task = await platform.waitForStatus(row!.id, ['completed', 'failed']);
    expect(task).toMatchObject({ status: 'failed', attempts: 4, attempt_errors: [{ attempt: 4, worker_id: 'gone-worker' }] });
    expect(task.error).toContain('Every attempt of its budget');
  });
});

describe('a worker whose PostgreSQL goes away mid-task', () => {
  let platform: Platform;
  let postgres: TcpProxy;

  beforeAll(async () => {
    platform = await Platform.start();
    postgres = await TcpProxy.start({ host: '127.0.0.1', port: Number(new URL(platform.db.url).port || 5432) });
  });

  afterAll(async () => {
    await platform?.stop();
    await postgres?.down();
  });

  it('waits for it to come back and records the result, spending no attempt', async () => {
    await platform.startWorker({ DATABASE_URL: postgres.url(platform.db.url) });
    const created = await platform.createTask('default', { processing_time: 1.5 });
    await platform.waitForStatus(created.id, ['processing']);
    await postgres.down();
    // The handler finishes while the database is away; the worker must hold on to its result.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await postgres.up();

    const task = await platform.waitForStatus(created.id, ['completed', 'failed'], 30_000);
    expect(task).toMatchObject({ status: 'completed', attempts: 1, attempt_errors: [] });
  });
});
