import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@atropos/testing';
import { Platform } from './platform.js';

/** SIGTERM to a worker that holds a task: the task is finished or handed back, never stuck. */
let platform: Platform;

beforeEach(async () => {
  platform = await Platform.start();
});

afterEach(async () => {
  await platform?.stop();
});

describe('a worker stopped with SIGTERM mid-task', () => {
  it('finishes the task within its grace period before it exits', async () => {
    const worker = await platform.startWorker({ SHUTDOWN_GRACE_MS: '20000' });
    const created = await platform.createTask('default', { processing_time: 1.5 });
    await platform.waitForStatus(created.id, ['processing']);

    // Not SIGKILLed: it shut down by itself (Nest re-raises SIGTERM once its hooks are done).
    expect(await worker.stop('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    const [row] = await platform.db.query('SELECT status, attempts FROM tasks WHERE id = $1', [created.id]);
    expect(row).toEqual({ status: 'completed', attempts: 1 });
  });

  it('hands a task that outlasts the grace period back, and a new worker completes it', async () => {
    const first = await platform.startWorker({ SHUTDOWN_GRACE_MS: '200' });
    const created = await platform.createTask('data_processing', { processing_time: 3, record_count: 10_000 });
    await platform.waitForStatus(created.id, ['processing']);

    expect(await first.stop('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    const [handedBack] = await platform.db.query('SELECT status, attempts, worker_id FROM tasks WHERE id = $1', [created.id]);
    expect(handedBack).toEqual({ status: 'pending', attempts: 0, worker_id: null });

    await platform.startWorker();
    const task = await platform.waitForStatus(created.id, ['completed', 'failed'], 30_000);
    expect(task.status).toBe('completed');
    // The handed-back attempt was not counted against the task's retries.
    expect(task.attempts).toBe(1);
    expect(task.attempt_errors).toEqual([]);
    await waitFor('the finished job to leave Redis', async () => !(await platform.hasJob(created.id)));
  });
});
