import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@atropos/testing';
import { Platform } from './platform.js';
import type { ApiError, Health, Page, Task } from './platform.js';

/** Cancel, retry, delete, priority, scheduling, batches, idempotency, timeouts and queue control. */

const FINAL = ['completed', 'failed', 'cancelled'];

describe('with a worker running', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await Platform.start();
    await platform.startWorker({ WORKER_CONCURRENCY: '8' });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('cancels a processing video_processing task: it stops within a second and stays cancelled', async () => {
    const created = await platform.createTask('video_processing', { processing_time: 20, duration_s: 60 });
    await platform.waitForStatus(created.id, ['processing']);

    const cancel = await platform.request('POST', `/tasks/${created.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'cancelled', result: null });

    // The worker drops it from the tasks it reports as running (heartbeat every 500 ms).
    await waitFor(
      'the worker to stop the cancelled task',
      async () => {
        const { body } = await platform.getJson<Health>('/health');
        return body.workers.live.every((worker) => !worker.active_task_ids.includes(created.id));
      },
      { timeoutMs: 1_500 },
    );
    await waitFor('the job to leave Redis', async () => !(await platform.hasJob(created.id)));
    const task = await platform.getTask(created.id);
    expect(task).toMatchObject({ status: 'cancelled', result: null });
    expect(task.progress).toBeLessThan(100);

    const again = await platform.request<ApiError>('POST', `/tasks/${created.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('cancelled');
  });

  it('ends each of 200 cancel-vs-pickup races in exactly one final status', async () => {
    const batch = await platform.request<{ data: Task[] }>('POST', '/tasks/batch', {
      tasks: Array.from({ length: 200 }, () => ({ task_type: 'default', parameters: { processing_time: 0 } })),
    });
    expect(batch.status).toBe(201);
    const ids = batch.body.data.map((task) => task.id);
    const answers = await Promise.all(ids.map((id) => platform.request('POST', `/tasks/${id}/cancel`)));

    const rows = await waitFor('every raced task to be final', async () => {
      const found = await platform.db.query<{ id: string; status: string; result: unknown; completed_at: Date | null }>(
        'SELECT id, status, result, completed_at FROM tasks WHERE id = ANY($1)',
        [ids],
      );
      return found.every((row) => FINAL.includes(row.status)) ? found : undefined;
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    ids.forEach((id, index) => {
      const row = byId.get(id)!;
      const answer = answers[index]!;
      if (answer.status === 200) {
        expect(row).toMatchObject({ status: 'cancelled', result: null });
      } else {
        expect(answer.status).toBe(409);
        expect(row.status).toBe('completed');
        expect(row.result).toEqual({ message: null });
      }
      expect(row.completed_at).toBeInstanceOf(Date);
    });
    // Give late worker writes a moment: none may change a final status.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await platform.db.query<{ id: string; status: string }>('SELECT id, status FROM tasks WHERE id = ANY($1)', [ids]);
    for (const row of after) expect(row.status).toBe(byId.get(row.id)!.status);
  });

  it('retries a failed task by hand with a fresh budget, keeping its earlier attempts', async () => {
    const created = await platform.createTask('default', { processing_time: 0, fail_attempts: 4 });
    const failed = await platform.waitForStatus(created.id, FINAL);
    expect(failed).toMatchObject({ status: 'failed', attempts: 4 });

    const retry = await platform.request('POST', `/tasks/${created.id}/retry`);
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ status: 'pending', max_attempts: 8, error: null });
    const task = await platform.waitForStatus(created.id, FINAL);
    expect(task).toMatchObject({ status: 'completed', attempts: 5 });
    expect(task.attempt_errors.map((entry) => entry.attempt)).toEqual([1, 2, 3, 4]);

    const notRetryable = await platform.request('POST', `/tasks/${created.id}/retry`);
    expect(notRetryable.status).toBe(409);
  });

  it('deletes a final task (204, then 404) and refuses to delete a running one (409)', async () => {
    const running = await platform.createTask('default', { processing_time: 10 });
    await platform.waitForStatus(running.id, ['processing']);
    expect((await platform.request('DELETE', `/tasks/${running.id}`)).status).toBe(409);
    expect((await platform.request('POST', `/tasks/${running.id}/cancel`)).status).toBe(200);
    expect((await platform.request('DELETE', `/tasks/${running.id}`)).status).toBe(204);
    expect((await platform.request('GET', `/tasks/${running.id}`)).status).toBe(404);
    expect((await platform.request('DELETE', `/tasks/${running.id}`)).status).toBe(404);
  });

  it('fails an attempt that runs past its timeout with a timeout error, and retries it', async () => {
    const created = await platform.createTask('default', { processing_time: 30 }, { timeout_s: 1 });
    expect(created.timeout_s).toBe(1);
    const task = await platform.waitForStatus(created.id, FINAL, 30_000);
    expect(task).toMatchObject({ status: 'failed', attempts: 4 });
    expect(task.attempt_errors).toHaveLength(4);
    for (const entry of task.attempt_errors) expect(entry.error).toContain('Timed out');
  });

  it('runs a scheduled task no earlier than its time, listed as pending with scheduled_for until then', async () => {
    const created = await platform.createTask('default', { processing_time: 0 }, { delay_ms: 1_500 });
    const due = Date.parse(created.scheduled_for!);
    expect(due).toBeGreaterThan(Date.now() + 500);
    const { body } = await platform.getJson<Page<Task>>(`/tasks?status=pending&task_type=default`);
    expect(body.data.map((task) => task.id)).toContain(created.id);

    const task = await platform.waitForStatus(created.id, FINAL);
    expect(task.status).toBe('completed');
    expect(Date.parse(task.started_at!)).toBeGreaterThanOrEqual(due - 50);

    const runAt = await platform.createTask('default', { processing_time: 0 }, { run_at: new Date(Date.now() + 800).toISOString() });
    expect(runAt.scheduled_for).not.toBeNull();
    expect((await platform.waitForStatus(runAt.id, FINAL)).status).toBe('completed');

    const both = await platform.request<ApiError>('POST', '/tasks', {
      task_type: 'default',
      delay_ms: 10,
      run_at: new Date().toISOString(),
    });
    expect(both.status).toBe(400);
    expect(both.body.message).toContain('run_at');
  });
});

describe('creating tasks', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await Platform.start();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const count = async () => Number((await platform.db.query<{ n: string }>('SELECT count(*) AS n FROM tasks'))[0]!.n);

  it('creates a batch in order, or none of it when one item is bad, naming the item and field', async () => {
    const before = await count();
    const bad = await platform.request<ApiError>('POST', '/tasks/batch', {
      tasks: [{ task_type: 'default' }, { task_type: 'data_processing', parameters: { record_count: 0 } }, { task_type: 'nope' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details?.map((problem) => problem.field)).toEqual(['tasks.1.parameters.record_count', 'tasks.2.task_type']);
    expect(await count()).toBe(before);

    const tooMany = await platform.request<ApiError>('POST', '/tasks/batch', {
      tasks: Array.from({ length: 1001 }, () => ({ task_type: 'default' })),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toContain('tasks');

    const good = await platform.request<{ data: Task[] }>('POST', '/tasks/batch', {
      tasks: [{ task_type: 'default', parameters: { message: 'a' } }, { task_type: 'report_generation' }],
    });
    expect(good.status).toBe(201);
    expect(good.body.data.map((task) => task.task_type)).toEqual(['default', 'report_generation']);
    expect(await count()).toBe(before + 2);
    for (const task of good.body.data) expect(await platform.hasJob(task.id)).toBe(true);
  });

  it('creates one task for a repeated Idempotency-Key, and refuses the key with another body', async () => {
    const before = await count();
    const body = { task_type: 'default', parameters: { message: 'once' } };
    const first = await platform.request<Task>('POST', '/tasks', body, { 'Idempotency-Key': 'order-42' });
    const second = await platform.request<Task>('POST', '/tasks', body, { 'Idempotency-Key': 'order-42' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(await count()).toBe(before + 1);

    const other = await platform.request<ApiError>('POST', '/tasks', { ...body, priority: 1 }, { 'Idempotency-Key': 'order-42' });
    expect(other.status).toBe(422);
    expect(other.body.message).toContain('order-42');

    const concurrent = await Promise.all(
      Array.from({ length: 10 }, () =>
        platform.request<{ data: Task[] }>('POST', '/tasks/batch', { tasks: [body, body] }, { 'Idempotency-Key': 'batch-7' }),
      ),
    );
    expect(concurrent.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(concurrent.filter((answer) => answer.status === 200)).toHaveLength(9);
    expect(new Set(concurrent.map((answer) => answer.body.data.map((task) => task.id).join()))).toHaveProperty('size', 1);
    expect(await count()).toBe(before + 3);

    const badKey = await platform.request<ApiError>('POST', '/tasks', body, { 'Idempotency-Key': 'x'.repeat(201) });
    expect(badKey.status).toBe(400);
    expect(badKey.body.details?.[0]?.field).toBe('Idempotency-Key');
  });

  it('cancels a pending task and removes its job; a cancelled task cannot be cancelled again', async () => {
    const task = await platform.createTask('default');
    expect(await platform.hasJob(task.id)).toBe(true);
    const cancel = await platform.request<Task>('POST', `/tasks/${task.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    expect(await platform.hasJob(task.id)).toBe(false);
    expect((await platform.request('POST', `/tasks/${task.id}/cancel`)).status).toBe(409);
    expect((await platform.request('POST', '/tasks/0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21/cancel')).status).toBe(404);
  });

  it('runs a priority-1 task queued behind 500 priority-10 tasks first', async () => {
    // Tasks left pending by the tests above would run in between (priority 5): clear them first.
    await platform.request('POST', '/queue/flush');
    const low = await platform.request<{ data: Task[] }>('POST', '/tasks/batch', {
      tasks: Array.from({ length: 500 }, () => ({ task_type: 'default', parameters: { processing_time: 0 }, priority: 10 })),
    });
    expect(low.status).toBe(201);
    const urgent = await platform.createTask('default', { processing_time: 0 }, { priority: 1 });
    const lowIds = low.body.data.map((task) => task.id);

    await platform.startWorker({ WORKER_CONCURRENCY: '1' });
    const started = await waitFor(
      'the urgent task and the first low-priority ones to start',
      async () => {
        const rows = await platform.db.query<{ id: string; started_at: Date | null }>(
          'SELECT id, started_at FROM tasks WHERE id = ANY($1) AND started_at IS NOT NULL',
          [[urgent.id, ...lowIds]],
        );
        return rows.some((row) => row.id === urgent.id) && rows.length >= 20 ? rows : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const urgentStart = started.find((row) => row.id === urgent.id)!.started_at!.getTime();
    for (const row of started) if (row.id !== urgent.id) expect(row.started_at!.getTime()).toBeGreaterThanOrEqual(urgentStart);
    await platform.request('POST', '/queue/flush');
  });
});

describe('queue control', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await Platform.start();
    await platform.startWorker();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('pauses (workers take nothing new), flushes pending tasks, and resumes', async () => {
    const paused = await platform.request('POST', '/queue/pause');
    expect(paused).toMatchObject({ status: 200, body: { paused: true } });

    const held = await Promise.all([1, 2, 3].map(() => platform.createTask('default', { processing_time: 0 })));
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const task of held) expect((await platform.getTask(task.id)).status).toBe('pending');
    expect((await platform.getJson('/queue')).body).toMatchObject({ paused: true, waiting: 3, active: 0 });

    const flush = await platform.request('POST', '/queue/flush');
    expect(flush).toMatchObject({ status: 200, body: { cancelled: 3 } });
    for (const task of held) {
      expect((await platform.getTask(task.id)).status).toBe('cancelled');
      expect(await platform.hasJob(task.id)).toBe(false);
    }

    const resumed = await platform.request('POST', '/queue/resume');
    expect(resumed).toMatchObject({ status: 200, body: { paused: false, waiting: 0 } });
    const after = await platform.createTask('default', { processing_time: 0 });
    expect((await platform.waitForStatus(after.id, FINAL)).status).toBe('completed');
  });
});
