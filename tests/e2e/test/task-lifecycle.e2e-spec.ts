import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createTasksQueue } from '@atropos/queue';
import type { Health, Task } from './platform.js';
import { Platform } from './platform.js';

/** The API and a worker as real processes, driven over HTTP, checked in PostgreSQL and Redis. */

/** The results of the built-in types, the parts these tests read. */
interface DataProcessingResult {
  aggregates: { count: number; sum: number; mean: number; min: number; max: number; std_dev: number };
  histogram: { buckets: Array<{ count: number }> };
}
interface ReportResult {
  document: string;
  byte_size: number;
  checksum: string;
  format: string;
}
interface VideoResult {
  frames_processed: number;
  output: Record<string, unknown>;
}

let platform: Platform;

beforeAll(async () => {
  platform = await Platform.start();
  await platform.startWorker({ WORKER_CONCURRENCY: '4' });
});

afterAll(async () => {
  await platform?.stop();
});

describe('each task type runs to completed with its result', () => {
  it('data_processing returns aggregates over the records, and shows progress on the way', async () => {
    const created = await platform.createTask('data_processing', { processing_time: 1.5, record_count: 400_000, seed: 7 });
    const seenProgress = new Set<number>();
    let task = created;
    while (task.status !== 'completed' && task.status !== 'failed') {
      task = (await platform.getJson<Task>(`/tasks/${created.id}/status`)).body;
      if (task.status === 'processing') seenProgress.add(task.progress);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    expect(task.status).toBe('completed');
    expect([...seenProgress].some((percent) => percent > 0 && percent < 100)).toBe(true);

    const { status, body } = await platform.getJson<{ result: DataProcessingResult }>(`/tasks/${created.id}/result`);
    expect(status).toBe(200);
    const { aggregates, histogram } = body.result;
    expect(aggregates.count).toBe(400_000);
    expect(aggregates.min).toBeLessThanOrEqual(aggregates.mean);
    expect(aggregates.mean).toBeLessThanOrEqual(aggregates.max);
    expect(aggregates.sum / aggregates.count).toBeCloseTo(aggregates.mean, 6);
    expect(aggregates.std_dev).toBeGreaterThan(0);
    expect(histogram.buckets).toHaveLength(10);
    expect(histogram.buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(400_000);

    const [row] = await platform.db.query(
      'SELECT status, progress, attempts, worker_id, started_at, completed_at FROM tasks WHERE id = $1',
      [created.id],
    );
    expect(row).toMatchObject({ status: 'completed', progress: 100, attempts: 1 });
    expect(row?.worker_id).toEqual(expect.any(String));
    expect(row?.completed_at).toBeInstanceOf(Date);
    expect(await platform.hasJob(created.id)).toBe(false);
  });

  it('report_generation returns the document with its size and checksum', async () => {
    const created = await platform.createTask('report_generation', {
      processing_time: 0.2,
      title: 'Quarterly',
      sections: 3,
      format: 'csv',
    });
    const task = await platform.waitForStatus(created.id, ['completed', 'failed']);
    expect(task.status).toBe('completed');
    const { document, byte_size, checksum, format } = task.result as ReportResult;
    expect(format).toBe('csv');
    expect(byte_size).toBe(Buffer.byteLength(document, 'utf8'));
    expect(checksum).toBe(`sha256:${createHash('sha256').update(document).digest('hex')}`);
  });

  it('video_processing walks every frame', async () => {
    const created = await platform.createTask('video_processing', { processing_time: 0.2, duration_s: 4, fps: 25, resolution: '1080p' });
    const task = await platform.waitForStatus(created.id, ['completed', 'failed']);
    expect(task.status).toBe('completed');
    const result = task.result as VideoResult;
    expect(result.frames_processed).toBe(100);
    expect(result.output).toMatchObject({ width: 1920, height: 1080, fps: 25 });
  });

  it('default echoes its message', async () => {
    const created = await platform.createTask('default', { processing_time: 0, message: 'hello' });
    const task = await platform.waitForStatus(created.id, ['completed', 'failed']);
    expect(task).toMatchObject({ status: 'completed', result: { message: 'hello' }, attempts: 1 });
  });
});

describe('retries', () => {
  it('fail_attempts: 2 completes on attempt 3 and keeps both attempt errors', async () => {
    const created = await platform.createTask('default', { processing_time: 0, fail_attempts: 2 });
    const task = await platform.waitForStatus(created.id, ['completed', 'failed']);
    expect(task.status).toBe('completed');
    expect(task.attempts).toBe(3);
    expect(task.error).toBeNull();
    expect(task.attempt_errors.map((entry) => entry.attempt)).toEqual([1, 2]);
    expect(task.attempt_errors[0]?.error).toContain('fail_attempts=2');
    expect(await platform.hasJob(created.id)).toBe(false);
  });

  it('fail_attempts: 10 fails after 1 + 3 attempts with every error kept', async () => {
    const created = await platform.createTask('default', { processing_time: 0, fail_attempts: 10 });
    const task = await platform.waitForStatus(created.id, ['completed', 'failed']);
    expect(task.status).toBe('failed');
    expect(task.attempts).toBe(4);
    expect(task.attempt_errors.map((entry) => entry.attempt)).toEqual([1, 2, 3, 4]);
    expect(task.error).toContain('attempt 4');

    const { status, body } = await platform.getJson(`/tasks/${created.id}/result`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'failed', result: null, error: task.error });
    expect(await platform.hasJob(created.id)).toBe(false);
  });

  it('a job whose row holds invalid parameters fails at once without spending retries', async () => {
    // A row written by something other than the API, queued the way the API queues.
    const [row] = await platform.db.query<{ id: string }>(
      `INSERT INTO tasks (id, task_type, parameters) VALUES (gen_random_uuid(), 'default', '{"processing_time": -5}') RETURNING id`,
    );
    const id = row!.id;
    const queue = createTasksQueue({ redisUrl: platform.queue.redisUrl, prefix: platform.queue.prefix });
    await queue.add({ taskId: id }, { jobId: id, attempts: 4, removeOnComplete: true, removeOnFail: true });
    await queue.close();

    const task = await platform.waitForStatus(id, ['completed', 'failed']);
    expect(task).toMatchObject({ status: 'failed', attempts: 1 });
    expect(task.error).toContain('parameters.processing_time');
  });
});

describe('health', () => {
  it('reports the live worker', async () => {
    const { status, body } = await platform.getJson<Health>('/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.workers.count).toBe(1);
    expect(body.workers.live[0]?.worker_id).toEqual(expect.any(String));
  });
});
