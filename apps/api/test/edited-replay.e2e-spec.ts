import type { AppProcess, RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, startWorker, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/**
 * Replay with edited parameters (POST /tasks/{id}/retry with `parameters`): the task runs again,
 * on a real worker, with the new parameters, and keeps every version it had with who set it,
 * when, and which attempts ran with it.
 */
let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;
let worker: AppProcess;

interface Task {
  id: string;
  status: string;
  parameters: Record<string, unknown>;
  result: unknown;
  attempts: number;
}

interface Version {
  version: number;
  parameters: Record<string, unknown>;
  changed_by: string | null;
  changed_at: string;
  attempts: number[];
  ran_on_task_id: string | null;
}

interface ErrorBody {
  details: Array<{ field: string; message: string }>;
}

const post = (path: string, body?: unknown) =>
  fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const getTask = async (id: string) => (await (await fetch(`${api.baseUrl}/tasks/${id}`)).json()) as Task;
const versions = async (id: string) =>
  ((await (await fetch(`${api.baseUrl}/tasks/${id}/parameter-versions`)).json()) as { data: Version[] }).data;
const final = (id: string) =>
  waitFor(`task ${id} to end`, async () => {
    const task = await getTask(id);
    return ['completed', 'failed', 'cancelled'].includes(task.status) ? task : undefined;
  });

/** A default task whose every attempt fails on purpose (one attempt each: TASK_MAX_RETRIES=0), failed already. */
async function failedTask(message: string): Promise<Task> {
  const response = await post('/tasks', { task_type: 'default', parameters: { processing_time: 0, message, fail_attempts: 100 } });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as Task;
  const task = await final(id);
  expect(task.status).toBe('failed');
  return task;
}

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  const env = { DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix, TASK_MAX_RETRIES: '0' };
  api = await startApi(env);
  worker = await startWorker(env);
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('a replay with edited parameters', () => {
  it('runs with the new parameters and keeps both versions, with who changed them and which attempt ran with each', async () => {
    const task = await failedTask('wrong value');
    expect(await versions(task.id)).toEqual([
      {
        version: 1,
        parameters: { processing_time: 0, message: 'wrong value', fail_attempts: 100 },
        changed_by: null,
        changed_at: expect.any(String),
        attempts: [1],
        ran_on_task_id: null,
      },
    ]);

    const retry = await post(`/tasks/${task.id}/retry`, { parameters: { message: 'right value', fail_attempts: 0 } });
    expect(retry.status).toBe(202);
    expect(((await retry.json()) as Task).parameters).toEqual({ processing_time: 0, message: 'right value', fail_attempts: 0 });
    const done = await final(task.id);
    expect(done).toMatchObject({ status: 'completed', attempts: 2, result: { message: 'right value' } });

    const history = await versions(task.id);
    expect(history).toEqual([
      expect.objectContaining({
        version: 1,
        parameters: { processing_time: 0, message: 'wrong value', fail_attempts: 100 },
        changed_by: null,
        attempts: [1],
      }),
      expect.objectContaining({
        version: 2,
        parameters: { processing_time: 0, message: 'right value', fail_attempts: 0 },
        changed_by: 'open',
        attempts: [2],
      }),
    ]);
    expect(Date.parse(history[1]!.changed_at)).toBeGreaterThan(Date.parse(history[0]!.changed_at));

    const [audit] = await db.query<{ detail: unknown }>(`SELECT detail FROM audit_log WHERE action = 'task.retry' AND target = $1`, [
      task.id,
    ]);
    expect(audit!.detail).toEqual({ mode: 'merge', parameters: { processing_time: 0, message: 'right value', fail_attempts: 0 } });
  });

  it('replaces the parameters whole when asked (defaults fill in the rest), and a plain retry keeps them', async () => {
    const task = await failedTask('first');
    const replace = await post(`/tasks/${task.id}/retry`, { parameters: { message: 'second', fail_attempts: 100 }, mode: 'replace' });
    expect(replace.status).toBe(202);
    // processing_time was 0; replaced, it takes its default.
    expect(((await replace.json()) as Task).parameters).toEqual({ processing_time: 5, message: 'second', fail_attempts: 100 });
    expect(await final(task.id)).toMatchObject({ status: 'failed', attempts: 2 });
    expect((await post(`/tasks/${task.id}/retry`)).status).toBe(202);
    const plain = await getTask(task.id);
    expect(plain.parameters).toEqual({ processing_time: 5, message: 'second', fail_attempts: 100 });
    expect((await versions(task.id)).map((version) => version.version)).toEqual([1, 2]);
  }, 30_000);

  it('refuses parameters the type does not take, naming each, and changes nothing', async () => {
    const task = await failedTask('unchanged');
    const bad = await post(`/tasks/${task.id}/retry`, { parameters: { processing_time: -1, colour: 'red' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).details.map((detail) => detail.field).sort()).toEqual([
      'parameters.colour',
      'parameters.processing_time',
    ]);
    const badMode = await post(`/tasks/${task.id}/retry`, { parameters: {}, mode: 'sideways' });
    expect(badMode.status).toBe(400);
    expect(await getTask(task.id)).toMatchObject({
      status: 'failed',
      parameters: { processing_time: 0, message: 'unchanged', fail_attempts: 100 },
    });
    const rows = await db.query(`SELECT 1 FROM task_parameter_versions WHERE task_id = $1`, [task.id]);
    expect(rows).toHaveLength(0);
  });
});

describe('a workflow resume with edited parameters', () => {
  it("gives the failed step's new task both versions: the failed task's parameters, and the edited ones with who set them", async () => {
    const define = await fetch(`${api.baseUrl}/workflows/edited-resume`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        description: 'One step that fails until its parameters are fixed',
        steps: [{ name: 'greet', task_type: 'default', parameters: { processing_time: 0, message: 'Helo', fail_attempts: 100 } }],
      }),
    });
    expect(define.ok).toBe(true);
    const started = await post('/workflows/edited-resume/runs', { input: {} });
    expect(started.status).toBe(201);
    const runId = ((await started.json()) as { id: string }).id;
    const runStatus = async () => ((await (await fetch(`${api.baseUrl}/workflow-runs/${runId}`)).json()) as { status: string }).status;
    await waitFor('the run to fail', async () => (await runStatus()) === 'failed');
    const [failedTask] = await db.query<{ id: string }>(`SELECT id FROM tasks WHERE workflow_run_id = $1`, [runId]);

    const resume = await post(`/workflow-runs/${runId}/resume`, { parameters: { message: 'Hello', fail_attempts: 0 } });
    expect(resume.status).toBe(200);
    await waitFor('the run to complete', async () => (await runStatus()) === 'completed');
    const [replacement] = await db.query<{ id: string; result: unknown }>(
      `SELECT id, result FROM tasks WHERE workflow_run_id = $1 AND id <> $2`,
      [runId, failedTask!.id],
    );
    expect(replacement!.result).toEqual({ message: 'Hello' });
    expect(await versions(replacement!.id)).toEqual([
      expect.objectContaining({
        version: 1,
        parameters: { processing_time: 0, message: 'Helo', fail_attempts: 100 },
        changed_by: null,
        attempts: [],
        ran_on_task_id: failedTask!.id,
      }),
      expect.objectContaining({
        version: 2,
        parameters: { processing_time: 0, message: 'Hello', fail_attempts: 0 },
        changed_by: 'open',
        attempts: [1],
        ran_on_task_id: null,
      }),
    ]);
    // A resume without parameters makes no versions.
    expect(await versions(failedTask!.id)).toHaveLength(1);
  }, 60_000);
});
