import type { TaskProgress } from '@atropos/client';
import {
  AtroposClient,
  ConflictError,
  ConnectionError,
  NotFoundError,
  TaskFailedError,
  ValidationError,
  WaitTimeoutError,
} from '@atropos/client';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Platform } from './platform.js';

/**
 * @atropos/client, the library, against a real API and worker: the calls, the typed errors, and
 * waitForResult over the event stream, and over polling when the stream is unavailable or breaks.
 */
let platform: Platform;

/** A client whose every request is recorded ("GET /tasks/{id}/status"…), optionally through `intercept`. */
function recordingClient(intercept?: (request: Request) => Promise<Response> | undefined) {
  const requests: string[] = [];
  const client = new AtroposClient({
    baseUrl: platform.api.baseUrl,
    fetch: (request) => {
      requests.push(`${request.method} ${new URL(request.url).pathname}`);
      return intercept?.(request) ?? fetch(request);
    },
  });
  return { client, requests };
}

const statusReads = (requests: string[]) => requests.filter((line) => /^GET \/tasks\/[^/]+\/status$/.test(line)).length;

beforeAll(async () => {
  platform = await Platform.start({ TASK_MAX_RETRIES: '1' });
  await platform.startWorker({ WORKER_CONCURRENCY: '4' });
});

afterAll(async () => {
  await platform?.stop();
});

describe('waitForResult', () => {
  it('follows the task over the event stream, reporting each change, and resolves with its result', async () => {
    const { client, requests } = recordingClient();
    const task = await client.createTask({ task_type: 'data_processing', parameters: { processing_time: 3, record_count: 10_000 } });
    const seen: TaskProgress[] = [];
    const outcome = await client.waitForResult(task.id, { onProgress: (progress) => seen.push(progress) });

    const [row] = await platform.db.query<{ result: unknown }>('SELECT result FROM tasks WHERE id = $1', [task.id]);
    expect(outcome).toMatchObject({ id: task.id, status: 'completed', result: row!.result, error: null });
    expect(seen.at(-1)).toMatchObject({ id: task.id, status: 'completed', progress: 100 });
    const percents = seen.filter((progress) => progress.status === 'processing').map((progress) => progress.progress);
    expect(percents.length).toBeGreaterThanOrEqual(2);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(seen.some((progress) => progress.progress_message?.startsWith('Processed '))).toBe(true);
    // The stream carried the changes: one status read to start, none per change.
    expect(requests).toContain('GET /tasks/events');
    expect(statusReads(requests)).toBe(1);
  });

  it('polls the status when the event stream cannot be opened', async () => {
    const { client, requests } = recordingClient((request) =>
      new URL(request.url).pathname === '/tasks/events' ? Promise.resolve(new Response('Not here', { status: 404 })) : undefined,
    );
    const task = await client.createTask({ task_type: 'default', parameters: { processing_time: 1 } });
    const seen: TaskProgress[] = [];
    const outcome = await client.waitForResult(task.id, { onProgress: (progress) => seen.push(progress), pollIntervalMs: 100 });
    expect(outcome).toMatchObject({ status: 'completed', result: { message: null } });
    expect(seen.at(-1)?.status).toBe('completed');
    expect(statusReads(requests)).toBeGreaterThan(2);
  });

  it('goes on by polling when the event stream breaks mid-way', async () => {
    let broken = 0;
    const { client, requests } = recordingClient((request) => {
      if (new URL(request.url).pathname !== '/tasks/events') return undefined;
      return fetch(request).then((response) => {
        // Delivers the first chunk of the stream, then fails as a dropped connection would.
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const { value } = await reader.read();
            if (value) controller.enqueue(value);
            await reader.cancel();
            broken += 1;
            controller.error(new TypeError('terminated'));
          },
        });
        return new Response(body, { status: response.status, headers: response.headers });
      });
    });
    const task = await client.createTask({ task_type: 'default', parameters: { processing_time: 1.5 } });
    const outcome = await client.waitForResult(task.id, { pollIntervalMs: 100 });
    expect(outcome.status).toBe('completed');
    expect(broken).toBe(1);
    expect(statusReads(requests)).toBeGreaterThan(2);
  });

  it('rejects with a TaskFailedError that holds every attempt error when the task fails', async () => {
    const client = new AtroposClient({ baseUrl: platform.api.baseUrl });
    const task = await client.createTask({ task_type: 'default', parameters: { processing_time: 0, fail_attempts: 5 } });
    const failure = await client.waitForResult(task.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TaskFailedError);
    const { outcome } = failure as TaskFailedError;
    expect(outcome).toMatchObject({ id: task.id, status: 'failed', error: expect.stringContaining('attempt 2') });
    expect(outcome.attempt_errors.map((attempt) => attempt.attempt)).toEqual([1, 2]);
  });

  it('gives up after timeoutMs with a WaitTimeoutError, and stops on its AbortSignal, leaving the task running', async () => {
    const client = new AtroposClient({ baseUrl: platform.api.baseUrl });
    const task = await client.createTask({ task_type: 'default', parameters: { processing_time: 30 } });
    await expect(client.waitForResult(task.id, { timeoutMs: 500 })).rejects.toBeInstanceOf(WaitTimeoutError);

    const controller = new AbortController();
    const waiting = client.waitForResult(task.id, { signal: controller.signal });
    controller.abort(new Error('no longer needed'));
    await expect(waiting).rejects.toThrow('no longer needed');
    expect(['pending', 'processing']).toContain((await client.getTask(task.id)).status);
    await client.cancel(task.id);
  });
});

describe('the calls', () => {
  it('lists tasks as an async iterator over pages, following the cursor without gaps or repeats', async () => {
    const client = new AtroposClient({ baseUrl: platform.api.baseUrl });
    const batch = randomUUID();
    const created = await client.createTasks(
      Array.from({ length: 5 }, () => ({ task_type: 'default', parameters: { processing_time: 0, message: batch } })),
    );
    const pages: string[][] = [];
    for await (const page of client.listTasks({ task_type: 'default', params: { message: batch }, limit: 2 })) {
      pages.push(page.data.map((task) => task.id));
    }
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat().sort()).toEqual(created.map((task) => task.id).sort());
  });

  it('throws typed errors: the fields of a validation error, not found, conflict, no answer', async () => {
    const client = new AtroposClient({ baseUrl: platform.api.baseUrl });
    const invalid = await client
      .createTask({ task_type: 'data_processing', parameters: { record_count: 0, processing_time: -1 } })
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).status).toBe(400);
    expect((invalid as ValidationError).fields.map((field) => field.field).sort()).toEqual([
      'parameters.processing_time',
      'parameters.record_count',
    ]);

    await expect(client.getTask(randomUUID())).rejects.toBeInstanceOf(NotFoundError);

    const task = await client.createTask({ task_type: 'default', parameters: { processing_time: 0 } });
    await client.waitForResult(task.id);
    const conflict = await client.cancel(task.id).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).body.message).toContain('already final');

    const retried = await client.retry(task.id).catch((error: unknown) => error);
    expect(retried).toBeInstanceOf(ConflictError);

    const nobody = new AtroposClient({ baseUrl: 'http://127.0.0.1:9' });
    await expect(nobody.listTaskTypes()).rejects.toBeInstanceOf(ConnectionError);
  });

  it('cancels and retries, answering the task as the API stores it', async () => {
    const client = new AtroposClient({ baseUrl: platform.api.baseUrl });
    const task = await client.createTask(
      { task_type: 'default', parameters: { processing_time: 30 }, priority: 9 },
      { idempotencyKey: randomUUID() },
    );
    const cancelled = await client.cancel(task.id);
    expect(['cancelled', 'processing']).toContain(cancelled.status);
    await platform.waitForStatus(task.id, ['cancelled']);
    const retried = await client.retry(task.id);
    expect(retried).toMatchObject({ id: task.id, status: 'pending', priority: 9 });
    await client.cancel(task.id);
    await platform.waitForStatus(task.id, ['cancelled']);
    await client.deleteTask(task.id);
    await expect(client.getTaskStatus(task.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
