import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The worker protocol against the real API process, PostgreSQL and Redis, played by the test as a
 * worker in another language would: claims, leases, reports fenced by attempt, the worker scope.
 * (tests/e2e runs the Python example worker itself.)
 */
const WORKER = 'worker-key-0123456789abcdef';
const WRITE = 'write-key-0123456789abcdef';
const ADMIN = 'admin-key-0123456789abcdef';
const LEASE_MS = 2_000;

let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;

/** A claimed attempt, as POST /worker/claims answers it. */
interface Claim {
  task_id: string;
  attempt: number;
  max_attempts: number;
  task_type: string;
  parameters: Record<string, unknown>;
  timeout_s: number;
  lease_expires_at: string;
}

/** What these tests read of an answer: a claim, a report's or a task's fields, the queue's counts, or an error. */
type ReplyBody = Partial<Claim> & {
  id?: string;
  status?: string;
  waiting?: number;
  message?: string;
  details?: Array<{ field: string; message: string }>;
};

interface Reply {
  status: number;
  body: ReplyBody;
}

async function call(method: string, route: string, key: string, body?: unknown): Promise<Reply> {
  const response = await fetch(`${api.baseUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  // An empty answer (204) has no body: read only after checking the status.
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as ReplyBody };
}

const claim = (workerId: string, waitS = 10, types = ['echo_back']) =>
  call('POST', '/worker/claims', WORKER, { worker_id: workerId, types, wait_s: waitS });
const report = (id: string, action: string, body: Record<string, unknown>) => call('POST', `/worker/tasks/${id}/${action}`, WORKER, body);
const getTask = async (id: string) => (await call('GET', `/tasks/${id}`, WRITE)).body;

async function createTask(parameters: Record<string, unknown> = { text: 'hello' }, extra: Record<string, unknown> = {}) {
  const created = await call('POST', '/tasks', WRITE, { task_type: 'echo_back', parameters, ...extra });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

/** Whether Bull holds a job for the task in the type's own queue. */
const hasJob = async (id: string) => (await queue.redis.exists(`${queue.prefix}:tasks.http.echo_back:${id}`)) === 1;

/** Claims until the given task comes (earlier tests' leftovers are finished on the way). */
async function claimTask(id: string, workerId: string): Promise<Claim> {
  for (;;) {
    const claimed = await claim(workerId);
    expect(claimed.status).toBe(200);
    const body = claimed.body as Claim;
    if (body.task_id === id) return body;
    await report(body.task_id, 'complete', { attempt: body.attempt, result: null });
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'atropos-worker-protocol-'));
  writeFileSync(
    path.join(configDir, 'task-types.json'),
    JSON.stringify([
      {
        name: 'echo_back',
        description: 'Echoes text back, served over HTTP by the test.',
        worker: 'http',
        parameters: { properties: { text: { type: 'string', maxLength: 100 } }, required: ['text'] },
      },
    ]),
  );
  api = await startApi({
    DATABASE_URL: db.url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    CONFIG_DIR: configDir,
    API_KEYS: `worker:${WORKER},write:${WRITE},admin:${ADMIN}`,
    HTTP_WORKER_LEASE_MS: String(LEASE_MS),
    TASK_RETRY_BACKOFF_MS: '200',
    SWEEP_INTERVAL_MS: '500',
    SWEEP_GRACE_MS: '500',
  });
});

afterAll(async () => {
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('the worker protocol', () => {
  it('needs a worker (or admin) key, and takes only types served over HTTP', async () => {
    const byWriteKey = await call('POST', '/worker/claims', WRITE, { worker_id: 'w', types: ['echo_back'], wait_s: 0 });
    expect(byWriteKey.status).toBe(403);
    expect(byWriteKey.body.message).toContain('worker scope');
    expect((await call('GET', '/tasks', WORKER)).status).toBe(403);
    expect((await call('POST', '/worker/claims', ADMIN, { worker_id: 'w', types: ['echo_back'], wait_s: 0 })).status).toBe(204);

    const builtIn = await claim('w', 0, ['default', 'echo_back']);
    expect(builtIn.status).toBe(400);
    expect(builtIn.body.details).toEqual([{ field: 'types.0', message: expect.stringContaining('the types that are: echo_back') }]);
    const bad = await call('POST', '/worker/claims', WORKER, { worker_id: 'has space', types: [], wait_s: 61 });
    expect(bad.body.details?.map((detail) => detail.field).sort()).toEqual(['types', 'wait_s', 'worker_id']);
    expect((await report('not-a-uuid', 'heartbeat', { attempt: 1 })).status).toBe(400);
    expect((await report('0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21', 'heartbeat', { attempt: 1 })).status).toBe(404);
  });

  it('answers malformed reports with a 4xx that says what is wrong, never a 5xx', async () => {
    // No task to claim, and none with this id: a body that happens to be valid gets 204 or 404.
    const id = '5d2f4c1e-0c7b-4f6e-8a4b-3e2d1c0b9a87';
    const weird: unknown[] = [null, true, -1, 0, 1.5, 2 ** 31, Number.MAX_SAFE_INTEGER + 2, '', '1', '\u0000', [], {}];
    const bodies: Array<[string, unknown]> = [];
    for (const value of weird) {
      bodies.push(['/worker/claims', { worker_id: value, types: ['echo_back'], wait_s: 0 }]);
      bodies.push(['/worker/claims', { worker_id: 'w', types: value, wait_s: 0 }]);
      bodies.push(['/worker/claims', { worker_id: 'w', types: [value], wait_s: 0 }]);
      bodies.push(['/worker/claims', { worker_id: 'w', types: ['echo_back'], wait_s: value }]);
      for (const action of ['heartbeat', 'progress', 'complete', 'fail']) {
        bodies.push([`/worker/tasks/${id}/${action}`, { attempt: value, progress: 1, error: 'e' }]);
      }
      bodies.push([`/worker/tasks/${id}/progress`, { attempt: 1, progress: value }]);
      bodies.push([`/worker/tasks/${id}/progress`, { attempt: 1, progress: 1, message: value }]);
      bodies.push([`/worker/tasks/${id}/fail`, { attempt: 1, error: value }]);
      bodies.push([`/worker/tasks/${id}/fail`, { attempt: 1, error: 'e', retryable: value }]);
    }
    bodies.push(['/worker/claims', null], ['/worker/claims', []], [`/worker/tasks/${id}/complete`, { attempt: 1, result: 1, extra: 1 }]);
    for (const [route, body] of bodies) {
      const answer = await call('POST', route, WORKER, body);
      expect({ route, body, status: answer.status < 500 }).toEqual({ route, body, status: true });
      if (answer.status >= 400) expect(answer.body.message?.length).toBeGreaterThan(0);
    }
  });

  it('answers a claim as soon as a task comes (long poll), 204 when none does', async () => {
    expect((await claim('idle', 1)).status).toBe(204);
    const waiting = claim('waiting', 20);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const id = await createTask({ text: 'wake up' });
    const claimed = await waiting;
    expect(claimed).toEqual({
      status: 200,
      body: {
        task_id: id,
        attempt: 1,
        max_attempts: 4,
        task_type: 'echo_back',
        parameters: { text: 'wake up' },
        timeout_s: 3_600,
        lease_expires_at: expect.any(String),
      },
    });
    expect(Date.parse(claimed.body.lease_expires_at ?? '') - Date.now()).toBeLessThanOrEqual(LEASE_MS);
    expect(await getTask(id)).toMatchObject({ status: 'processing', worker_id: 'waiting', attempts: 1 });
    await report(id, 'complete', { attempt: 1, result: null });
  });

  it('records progress, extends the lease, completes with the result and leaves no job behind', async () => {
    const id = await createTask({ text: 'count me' });
    const { attempt } = await claimTask(id, 'py-1');
    const progress = await report(id, 'progress', { attempt, progress: 40, message: 'almost half' });
    expect(progress).toEqual({ status: 200, body: { task_id: id, attempt, lease_expires_at: expect.any(String) } });
    expect(await getTask(id)).toMatchObject({ status: 'processing', progress: 40, progress_message: 'almost half' });
    expect((await report(id, 'heartbeat', { attempt })).status).toBe(200);
    expect(await hasJob(id)).toBe(true);

    const done = await report(id, 'complete', { attempt, result: { echoed: 'count me' } });
    expect(done).toEqual({ status: 200, body: { task_id: id, attempt, status: 'completed' } });
    expect(await getTask(id)).toMatchObject({ status: 'completed', progress: 100, result: { echoed: 'count me' }, attempt_errors: [] });
    expect(await hasJob(id)).toBe(false);
    expect((await report(id, 'complete', { attempt, result: 'again' })).status).toBe(409);
  });

  it("stores a worker's output that PostgreSQL cannot hold with U+FFFD in its place, as a handler's would be, never refusing it", async () => {
    const id = await createTask({ text: 'hostile output' });
    const first = await claimTask(id, 'py-hostile');
    expect((await report(id, 'progress', { attempt: first.attempt, progress: 10, message: 'half\u0000way \ud800' })).status).toBe(200);
    expect(await getTask(id)).toMatchObject({ progress_message: 'half\ufffdway \ufffd' });
    expect((await report(id, 'fail', { attempt: first.attempt, error: 'bad\u0000byte \udfff' })).body.status).toBe('retrying');
    const second = await claimTask(id, 'py-hostile');
    const done = await report(id, 'complete', {
      attempt: second.attempt,
      result: { text: 'a\u0000b', lone: '\ud83d', ['key\u0000']: ['x\udc00'] },
      message: 'done\u0000',
    });
    expect(done.body.status).toBe('completed');
    expect(await getTask(id)).toMatchObject({
      status: 'completed',
      result: { text: 'a\ufffdb', lone: '\ufffd', 'key\ufffd': ['x\ufffd'] },
      progress_message: 'done\ufffd',
      attempt_errors: [expect.objectContaining({ attempt: 1, error: 'bad\ufffdbyte \ufffd' })],
    });
    // The worker's own name and the path are still checked: they are not output.
    const named = await call('POST', '/worker/claims', WORKER, { worker_id: 'w\u0000', types: ['echo_back'], wait_s: 0 });
    expect(named.status).toBe(400);
    expect(named.body.details).toEqual([expect.objectContaining({ field: 'worker_id' })]);
  });

  it("takes a task over once its lease ran out, and refuses the superseded attempt's late reports with 409", async () => {
    const id = await createTask({ text: 'slow' });
    const first = await claimTask(id, 'stalls');
    // No heartbeat: the lease runs out, Bull's stalled check puts the job back, the next claim takes it over.
    const second = await claimTask(id, 'takes-over');
    expect(second.attempt).toBe(first.attempt + 1);

    const late = await report(id, 'complete', { attempt: first.attempt, result: { from: 'stalled worker' } });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain(`is at attempt ${second.attempt}`);
    expect((await report(id, 'heartbeat', { attempt: first.attempt })).status).toBe(409);
    expect((await report(id, 'fail', { attempt: first.attempt, error: 'too late' })).status).toBe(409);

    expect((await report(id, 'complete', { attempt: second.attempt, result: { from: 'new worker' } })).status).toBe(200);
    expect(await getTask(id)).toMatchObject({
      status: 'completed',
      attempts: 2,
      worker_id: 'takes-over',
      result: { from: 'new worker' },
      attempt_errors: [{ attempt: 1, worker_id: 'stalls', error: expect.stringContaining('lease of the attempt ran out') }],
    });
  });

  it('retries a retryable failure after the backoff, and fails for good one that is not', async () => {
    const id = await createTask({ text: 'flaky' });
    const first = await claimTask(id, 'py-1');
    expect(await report(id, 'fail', { attempt: first.attempt, error: 'connection reset' })).toEqual({
      status: 200,
      body: { task_id: id, attempt: 1, status: 'retrying' },
    });
    expect(await getTask(id)).toMatchObject({ status: 'retrying', error: 'connection reset' });
    const second = await claimTask(id, 'py-1');
    expect(second.attempt).toBe(2);
    expect((await report(id, 'fail', { attempt: 2, error: 'bad input', retryable: false })).body.status).toBe('failed');
    expect(await getTask(id)).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: 'bad input',
      attempt_errors: [
        expect.objectContaining({ attempt: 1, error: 'connection reset' }),
        expect.objectContaining({ attempt: 2, error: 'bad input' }),
      ],
    });
    expect(await hasJob(id)).toBe(false);
  });

  it('tells the worker of a cancelled task to stop, and gives back no job', async () => {
    const id = await createTask({ text: 'cancel me' });
    const { attempt } = await claimTask(id, 'py-1');
    expect((await call('POST', `/tasks/${id}/cancel`, WRITE)).status).toBe(200);
    const refused = await report(id, 'progress', { attempt, progress: 10, message: null });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('is cancelled');
    expect(await hasJob(id)).toBe(false);
    // The cancelled task can be retried at once: no job of it is left active.
    expect((await call('POST', `/tasks/${id}/retry`, WRITE)).status).toBe(202);
    expect((await claimTask(id, 'py-1')).attempt).toBe(2);
  });

  it('fails an attempt past its timeout at its next heartbeat, which is refused', async () => {
    const id = await createTask({ text: 'too slow' }, { timeout_s: 1 });
    const { attempt, lease_expires_at: lease } = await claimTask(id, 'py-1');
    expect(Date.parse(lease) - Date.now()).toBeLessThanOrEqual(1_000);
    await waitFor('the attempt to pass its timeout', () => Date.now() > Date.parse(lease) + 100);
    const refused = await report(id, 'heartbeat', { attempt });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('ran past its timeout of 1 s');
    expect(await getTask(id)).toMatchObject({
      status: 'retrying',
      attempt_errors: [expect.objectContaining({ attempt: 1, error: "Timed out: the attempt ran longer than the task's timeout of 1 s" })],
    });
  });

  it("has the sweeper queue again, on the type's own queue, a task whose job was lost", async () => {
    const id = await createTask({ text: 'lost' });
    const key = `${queue.prefix}:tasks.http.echo_back`;
    await queue.redis.multi().del(`${key}:${id}`).lrem(`${key}:wait`, 0, id).exec();
    expect(await hasJob(id)).toBe(false);
    await waitFor('the sweeper to queue the task again', () => hasJob(id));
    expect((await claimTask(id, 'py-1')).attempt).toBe(1);
    // Nothing went to the queue of Atropos' own workers.
    expect(await queue.redis.exists(`${queue.prefix}:tasks:${id}`)).toBe(0);
  });

  it('gives no task while the queue is paused', async () => {
    expect((await call('POST', '/queue/pause', ADMIN)).status).toBe(200);
    const id = await createTask({ text: 'paused' });
    expect((await call('GET', '/queue', ADMIN)).body.waiting).toBeGreaterThanOrEqual(1);
    expect((await claim('py-1', 1)).status).toBe(204);
    expect((await call('POST', '/queue/resume', ADMIN)).status).toBe(200);
    await claimTask(id, 'py-1');
  });
});
