import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@atropos/testing';
import type { Health, Task } from './platform.js';
import { Platform } from './platform.js';

/**
 * Pools: each task type has a queue (video_processing the `video` one, the others `default`), and
 * a worker takes tasks only of the queues its WORKER_QUEUES names. Two workers of the platform's
 * own worker app, one per pool, on the real API, PostgreSQL and Redis.
 */
interface QueueState {
  name: string;
  paused: boolean;
  waiting: number;
  active: number;
  delayed: number;
  workers: number;
  task_types: string[];
}

type TaskRead = Task & { waiting_reason: string | null };

let platform: Platform;

beforeAll(async () => {
  platform = await Platform.start();
  await platform.startWorker({ WORKER_ID: 'pool-default', WORKER_QUEUES: 'default', WORKER_CONCURRENCY: '2' });
}, 90_000);

afterAll(async () => {
  await platform.stop();
});

const video = { processing_time: 0.1, duration_s: 1, fps: 5, resolution: '480p' };

describe('worker pools', () => {
  it('holds a video task while no live worker serves the video queue, and says so', async () => {
    const waiting = await platform.createTask('video_processing', video);
    const read = await waitFor('the video task to say why it waits', async () => {
      const task = (await platform.getJson<TaskRead>(`/tasks/${waiting.id}`)).body;
      return task.waiting_reason ? task : undefined;
    });
    expect(read.status).toBe('pending');
    expect(read.waiting_reason).toBe('waiting: no live worker serves queue video');

    const videoQueue = (await platform.getJson<QueueState>('/queues/video')).body;
    expect(videoQueue).toMatchObject({ name: 'video', workers: 0, waiting: 1, task_types: ['video_processing'] });
    const defaultQueue = (await platform.getJson<QueueState>('/queues/default')).body;
    expect(defaultQueue.workers).toBe(1);
    expect(defaultQueue.task_types).toEqual(expect.arrayContaining(['default', 'data_processing', 'report_generation']));
    expect(defaultQueue.task_types).not.toContain('video_processing');

    await platform.startWorker({ WORKER_ID: 'pool-video', WORKER_QUEUES: 'video', WORKER_CONCURRENCY: '2' });
    const done = await platform.waitForStatus(waiting.id, ['completed'], 30_000);
    expect(done.worker_id).toBe('pool-video');
    expect((await platform.getJson<TaskRead>(`/tasks/${waiting.id}`)).body.waiting_reason).toBeNull();
  }, 60_000);

  it('runs each task on a worker of its own queue only', async () => {
    const defaults = await Promise.all(Array.from({ length: 6 }, () => platform.createTask('default', { processing_time: 0.05 })));
    const videos = await Promise.all(Array.from({ length: 4 }, () => platform.createTask('video_processing', video)));
    const ended = await Promise.all([...defaults, ...videos].map((task) => platform.waitForStatus(task.id, ['completed'], 30_000)));
    expect(ended.slice(0, 6).map((task) => task.worker_id)).toEqual(Array(6).fill('pool-default'));
    expect(ended.slice(6).map((task) => task.worker_id)).toEqual(Array(4).fill('pool-video'));
  }, 60_000);

  it('lists every queue with its live workers; /queue stays the sum, /health and the metrics show each', async () => {
    const { status, body } = await platform.getJson<{ data: QueueState[] }>('/queues');
    expect(status).toBe(200);
    expect(body.data.map((queue) => [queue.name, queue.workers])).toEqual([
      ['default', 1],
      ['video', 1],
    ]);
    const total = (await platform.getJson<{ waiting: number; paused: boolean }>('/queue')).body;
    expect(total).toMatchObject({ waiting: 0, paused: false });

    const health = (await platform.getJson<Health & { queues: QueueState[] }>('/health')).body;
    expect(health.queues.map((queue) => [queue.name, queue.workers])).toEqual([
      ['default', 1],
      ['video', 1],
    ]);
    expect(health.workers.live.map((worker) => [worker.worker_id, (worker as { queues?: string[] }).queues])).toEqual([
      ['pool-default', ['default']],
      ['pool-video', ['video']],
    ]);

    const metrics = await (await fetch(`${platform.api.baseUrl}/metrics`)).text();
    expect(metrics).toContain('atropos_queue_pool_workers{queue="video"} 1');
    expect(metrics).toContain('atropos_queue_pool_jobs{queue="default",state="waiting"} 0');

    const unknown = await platform.getJson<{ message: string }>('/queues/no_such_queue');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('no_such_queue');
  });

  it('pauses, flushes and resumes one queue while the other goes on', async () => {
    const paused = await platform.request<QueueState>('POST', '/queues/video/pause');
    expect(paused.status).toBe(200);
    expect(paused.body.paused).toBe(true);
    expect((await platform.getJson<QueueState>('/queues/default')).body.paused).toBe(false);

    const held = await Promise.all([platform.createTask('video_processing', video), platform.createTask('video_processing', video)]);
    const other = await platform.createTask('default', { processing_time: 0.05 });
    expect((await platform.waitForStatus(other.id, ['completed'])).worker_id).toBe('pool-default');
    expect((await platform.getTask(held[0].id)).status).toBe('pending');
    expect((await platform.getJson<QueueState>('/queues/video')).body.waiting).toBe(2);

    const flushed = await platform.request<{ cancelled: number }>('POST', '/queues/video/flush');
    expect(flushed.body).toEqual({ cancelled: 2 });
    for (const task of held) expect((await platform.getTask(task.id)).status).toBe('cancelled');

    const resumed = await platform.request<QueueState>('POST', '/queues/video/resume');
    expect(resumed.body).toMatchObject({ paused: false, waiting: 0 });
    const after = await platform.createTask('video_processing', video);
    expect((await platform.waitForStatus(after.id, ['completed'], 30_000)).worker_id).toBe('pool-video');
  }, 60_000);
});
