import { createDataSource, TaskEntity } from '@atropos/db';
import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { presentTask, presentTaskStatus } from '../src/tasks/task.presenter.js';

/**
 * The read routes answer JSON that PostgreSQL writes (task-view-sql.ts); the routes that answer a
 * row they just wrote use the presenters (task.presenter.ts). Both must give the same wire shape:
 * for rows in every state the columns allow (results, a JSON null result, errors, attempt errors,
 * labels, a concurrency key with and without a limit, a schedule, a trace, artifacts), each read
 * route's answer equals what the presenters make of the same row, key order included (a page of
 * the list leaves out what its `include` does not name).
 */
let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;
let dataSource: DataSource;

type Json = Record<string, unknown>;

const post = (path: string, body: unknown) =>
  fetch(`${api.baseUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function create(body: Json): Promise<string> {
  const response = await post('/tasks', { task_type: 'default', ...body });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function read(path: string): Promise<{ body: Json; type: string | null }> {
  const response = await fetch(`${api.baseUrl}${path}`);
  expect(response.status).toBe(200);
  return { body: (await response.json()) as Json, type: response.headers.get('content-type') };
}

const entity = (id: string) => dataSource.getRepository(TaskEntity).findOneByOrFail({ id });

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  api = await startApi({ DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix });
  dataSource = await createDataSource({ url: db.url }).initialize();
});

afterAll(async () => {
  await dataSource?.destroy();
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('the read routes and the presenters', () => {
  let ids: Record<'plain' | 'named' | 'keyed' | 'keyedNoLimit' | 'scheduled' | 'completed' | 'nullResult' | 'failed', string>;

  beforeAll(async () => {
    const run = randomUUID();
    ids = {
      plain: await create({ parameters: { processing_time: 0 }, labels: { run } }),
      named: await create({ name: 'Invoice "run", ACME', labels: { run, customer: '42' }, priority: 9 }),
      keyed: await create({ labels: { run }, concurrency: { key: 'customer-7', limit: 2 } }),
      keyedNoLimit: await create({ labels: { run }, concurrency: { key: 'customer-8' }, timeout_s: 30 }),
      scheduled: await create({ labels: { run }, delay_ms: 3_600_000 }),
      completed: await create({ labels: { run } }),
      nullResult: await create({ labels: { run } }),
      failed: await create({ labels: { run } }),
    };
    // States only a worker reaches, written directly (through processing, as the transition table
    // asks): what matters here is how each column reads.
    await dataSource.query(`UPDATE tasks SET status = 'processing' WHERE id = ANY($1)`, [[ids.completed, ids.nullResult, ids.failed]]);
    await dataSource.query(
      `UPDATE tasks SET status = 'completed', progress = 100, progress_message = 'all done ✓', attempts = 1, worker_id = 'w-1',
              started_at = now() - interval '2 seconds', completed_at = now(), trace_id = '4bf92f3577b34da6a3ce929d0e0e4736',
              result = '{"rows": 12, "nested": {"ok": true, "list": [1, 2.5, "x"]}, "unicode": "é\\u2028"}'
        WHERE id = $1`,
      [ids.completed],
    );
    await dataSource.query(
      `UPDATE tasks SET status = 'completed', progress = 100, result = 'null'::jsonb, completed_at = now() WHERE id = $1`,
      [ids.nullResult],
    );
    await dataSource.query(
      `UPDATE tasks SET status = 'failed', attempts = 4, error = 'boom: line 1
line 2', completed_at = now(),
              attempt_errors = jsonb_build_array(
                jsonb_build_object('attempt', 1, 'error', 'first', 'worker_id', 'w-1', 'failed_at', '2026-12-01T00:00:00.123Z'),
                jsonb_build_object('attempt', 2, 'error', 'second', 'worker_id', null, 'failed_at', '2026-12-01T00:00:01.000Z'))
        WHERE id = $1`,
      [ids.failed],
    );
    await dataSource.query(
      `INSERT INTO task_artifacts (task_id, name, content_type, size_bytes, content, created_at)
       VALUES ($1, 'report.csv', 'text/csv', 3, 'a,b', now() - interval '1 second'), ($1, 'chart.png', 'image/png', 2, '\\x0102', now())`,
      [ids.completed],
    );
  });

  it('GET /tasks/{id}/status answers what presentTaskStatus makes of the row', async () => {
    for (const id of Object.values(ids)) {
      const { body, type } = await read(`/tasks/${id}/status`);
      const expected = presentTaskStatus(await entity(id));
      expect(type).toBe('application/json; charset=utf-8');
      expect(Object.keys(body)).toEqual(Object.keys(expected));
      expect(body).toEqual(expected);
    }
  });

  it('GET /tasks/{id} answers what presentTask makes of the row, with its artifacts and why it waits', async () => {
    for (const [kind, id] of Object.entries(ids)) {
      const { body, type } = await read(`/tasks/${id}`);
      const { artifacts, waiting_reason: waitingReason, ...task } = body;
      const expected = presentTask(await entity(id));
      expect(type).toBe('application/json; charset=utf-8');
      expect(Object.keys(task)).toEqual(Object.keys(expected));
      expect(task).toEqual(expected);
      expect(Object.keys(body).slice(-2)).toEqual(['artifacts', 'waiting_reason']);
      // No worker runs: a task that could start waits for one; a final one waits for nothing.
      if (expected.status === 'pending') expect(waitingReason).toBe('waiting: no live worker serves queue default');
      else expect(waitingReason).toBeNull();
      if (kind !== 'completed') expect(artifacts).toEqual([]);
    }
  });

  it('lists artifacts oldest first, as GET /tasks/{id}/artifacts/{name} serves them', async () => {
    const { body } = await read(`/tasks/${ids.completed}`);
    expect(body.artifacts).toEqual([
      expect.objectContaining({
        name: 'report.csv',
        content_type: 'text/csv',
        size_bytes: 3,
        url: `/tasks/${ids.completed}/artifacts/report.csv`,
      }),
      expect.objectContaining({
        name: 'chart.png',
        content_type: 'image/png',
        size_bytes: 2,
        url: `/tasks/${ids.completed}/artifacts/chart.png`,
      }),
    ]);
    for (const artifact of body.artifacts as Array<{ created_at: string; url: string }>) {
      expect(new Date(artifact.created_at).toISOString()).toBe(artifact.created_at);
      expect((await fetch(`${api.baseUrl}${artifact.url}`)).status).toBe(200);
    }
  });

  it('GET /tasks answers what presentTask makes of each row less parameters, result and attempt errors, newest first, and pages on', async () => {
    const run = (await entity(ids.plain)).labels['run']!;
    const { body, type } = await read(`/tasks?label.run=${run}&limit=5`);
    expect(type).toBe('application/json; charset=utf-8');
    const first = body.data as Json[];
    expect(first).toHaveLength(5);
    const { body: rest } = await read(`/tasks?label.run=${run}&limit=5&cursor=${String(body.next_cursor)}`);
    expect(rest.next_cursor).toBeNull();
    const all = [...first, ...(rest.data as Json[])];
    expect(all.map((task) => task.id).sort()).toEqual(Object.values(ids).sort());
    for (const task of all) {
      const {
        parameters: _parameters,
        result: _result,
        attempt_errors: _attemptErrors,
        ...expected
      } = presentTask(await entity(task.id as string));
      expect(Object.keys(task)).toEqual(Object.keys(expected));
      expect(task).toEqual(expected);
    }
  });

  it('GET /tasks?include= adds the fields it names, in their places', async () => {
    const run = (await entity(ids.plain)).labels['run']!;
    const { body: whole } = await read(`/tasks?label.run=${run}&limit=20&include=parameters,result,attempt_errors`);
    for (const task of whole.data as Json[]) {
      const expected = presentTask(await entity(task.id as string));
      expect(Object.keys(task)).toEqual(Object.keys(expected));
      expect(task).toEqual(expected);
    }
    const { body: some } = await read(`/tasks?label.run=${run}&limit=20&include=result`);
    for (const task of some.data as Json[]) {
      const { parameters: _parameters, attempt_errors: _attemptErrors, ...expected } = presentTask(await entity(task.id as string));
      expect(task).toEqual(expected);
    }
    const refused = await fetch(`${api.baseUrl}/tasks?include=result,secrets`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(/"secrets" cannot be included/);
  });
});
