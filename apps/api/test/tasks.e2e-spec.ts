import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi } from '@atropos/testing';
import { createRedisClient, writeHeartbeat } from '@atropos/queue';
import { TASK_STATUSES, TASK_TYPE_NAMES } from '@atropos/tasks';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/**
 * The API on its own (no worker), against the real PostgreSQL and Redis: what it accepts, what
 * it stores and queues, and how it answers bad input. Tasks stay pending, which makes the
 * "not finished yet" answers deterministic.
 */
let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;

const post = (path: string, body: unknown, raw = false) =>
  fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
const get = (path: string) => fetch(`${api.baseUrl}${path}`);

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  api = await startApi({ DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix });
});

afterAll(async () => {
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('POST /tasks', () => {
  it('stores a pending task with defaults filled in and queues a job whose id is the task id', async () => {
    const response = await post('/tasks', { task_type: 'data_processing', parameters: { record_count: 500 } });
    expect(response.status).toBe(201);
    const task = (await response.json()) as Record<string, unknown>;
    expect(task).toMatchObject({
      task_type: 'data_processing',
      status: 'pending',
      progress: 0,
      attempts: 0,
      max_attempts: 4,
      priority: 5,
      parameters: { record_count: 500, processing_time: 5, fail_attempts: 0 },
      result: null,
      error: null,
      attempt_errors: [],
    });

    const [row] = await db.query('SELECT status, task_type, parameters FROM tasks WHERE id = $1', [task.id]);
    expect(row).toEqual({
      status: 'pending',
      task_type: 'data_processing',
      parameters: { record_count: 500, processing_time: 5, fail_attempts: 0 },
    });
    const job = await queue.redis.hgetall(`${queue.prefix}:tasks:${String(task.id)}`);
    expect(JSON.parse(job.data ?? '{}')).toEqual({ taskId: task.id });
  });

  it('answers 400 listing the valid types for an unknown task type, and stores nothing', async () => {
    const response = await post('/tasks', { task_type: 'mine_bitcoin' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; details: unknown[] };
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    for (const name of TASK_TYPE_NAMES) expect(body.message).toContain(name);
    expect(body.details).toEqual([expect.objectContaining({ field: 'task_type' })]);
    const [count] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM tasks WHERE task_type = 'mine_bitcoin'`);
    expect(count?.n).toBe('0');
  });

  it('answers 400 naming each out-of-range or unknown parameter', async () => {
    const response = await post('/tasks', {
      task_type: 'data_processing',
      parameters: { record_count: 10_000_001, processing_time: -1, colour: 'red' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; details: Array<{ field: string }> };
    expect(body.details.map((problem) => problem.field).sort()).toEqual([
      'parameters.colour',
      'parameters.processing_time',
      'parameters.record_count',
    ]);
    expect(body.message).toContain('parameters.record_count');
  });

  it('answers 400 for unknown body fields, a bad priority and malformed JSON', async () => {
    const unknown = await post('/tasks', { task_type: 'default', colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toContain('colour');

    const priority = await post('/tasks', { task_type: 'default', priority: 11 });
    expect(priority.status).toBe(400);
    expect(((await priority.json()) as { message: string }).message).toContain('priority');

    const malformed = await post('/tasks', '{"task_type": ', true);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('gives each of many concurrent requests its own stored and queued task, and its own 400 when invalid', async () => {
    // Concurrent single-task requests share one INSERT and one addBulk: none may get another's task.
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        post('/tasks', {
          task_type: 'data_processing',
          parameters: { record_count: index % 10 === 9 ? -1 : index + 1 },
          priority: (index % 10) + 1,
        }),
      ),
    );
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as Array<Record<string, unknown>>;

    responses.forEach((response, index) => expect(response.status).toBe(index % 10 === 9 ? 400 : 201));
    const created = bodies.filter((_, index) => index % 10 !== 9);
    created.forEach((task, index) => {
      const sent = index + Math.floor(index / 9);
      expect(task).toMatchObject({ status: 'pending', priority: (sent % 10) + 1, parameters: { record_count: sent + 1 } });
      expect(typeof task.created_at).toBe('string');
    });
    const ids = created.map((task) => task.id as string);
    expect(new Set(ids).size).toBe(36);
    const rows = await db.query<{ id: string; n: number }>(
      `SELECT id, (parameters->>'record_count')::int AS n FROM tasks WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(new Map(rows.map((row) => [row.id, row.n]))).toEqual(
      new Map(created.map((task) => [task.id as string, (task.parameters as { record_count: number }).record_count])),
    );
    const jobs = await Promise.all(ids.map((id) => queue.redis.exists(`${queue.prefix}:tasks:${id}`)));
    expect(jobs.every((exists) => exists === 1)).toBe(true);
  });
});

describe('reading tasks', () => {
  it('answers 404 for an unknown id and 400 naming the id when it is malformed', async () => {
    const missing = await get('/tasks/0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });

    for (const path of ['/tasks/not-a-uuid', '/tasks/not-a-uuid/status', '/tasks/not-a-uuid/result']) {
      const malformed = await get(path);
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ details: [expect.objectContaining({ field: 'id' })] });
    }
  });

  it('gives the status of a task and 202 with Retry-After for its result until it is final', async () => {
    const created = (await (await post('/tasks', { task_type: 'default' })).json()) as { id: string };
    const status = await get(`/tasks/${created.id}/status`);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ id: created.id, status: 'pending', progress: 0, attempts: 0 });

    const result = await get(`/tasks/${created.id}/result`);
    expect(result.status).toBe(202);
    expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await result.json()).toMatchObject({ id: created.id, status: 'pending' });
  });

  it('answers 409 to a retry of a pending task and leaves its queued job alone', async () => {
    const task = (await (await post('/tasks', { task_type: 'default' })).json()) as { id: string };
    const response = await post(`/tasks/${task.id}/retry`, undefined);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { message: string }).message).toBe(
      `Task ${task.id} is pending and cannot be retried: only failed or cancelled tasks can be`,
    );
    expect(await queue.redis.exists(`${queue.prefix}:tasks:${task.id}`)).toBe(1);
    const [row] = await db.query('SELECT status FROM tasks WHERE id = $1', [task.id]);
    expect(row).toEqual({ status: 'pending' });
  });

  it('answers 200 with the result once the row is final', async () => {
    const created = (await (await post('/tasks', { task_type: 'default' })).json()) as { id: string };
    // As a worker would: claimed, then completed (the status guard allows no jump from pending).
    await db.query(`UPDATE tasks SET status = 'processing' WHERE id = $1`, [created.id]);
    await db.query(`UPDATE tasks SET status = 'completed', result = '{"message":"done"}', completed_at = now() WHERE id = $1`, [
      created.id,
    ]);
    const result = await get(`/tasks/${created.id}/result`);
    expect(result.status).toBe(200);
    expect(await result.json()).toMatchObject({ status: 'completed', result: { message: 'done' }, error: null });
  });
});

describe('GET /tasks', () => {
  it('pages newest first with a cursor, without gaps or repeats, and filters by type and status', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const task = (await (await post('/tasks', { task_type: 'video_processing' })).json()) as { id: string };
      created.push(task.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/tasks?task_type=video_processing&status=pending&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await (await get(query)).json()) as { data: Array<{ id: string; task_type: string }>; next_cursor: string | null };
      expect(page.data.length).toBeLessThanOrEqual(2);
      for (const task of page.data) expect(task.task_type).toBe('video_processing');
      seen.push(...page.data.map((task) => task.id));
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());

    const none = (await (await get('/tasks?task_type=video_processing&status=completed')).json()) as { data: unknown[] };
    expect(none.data).toEqual([]);
  });

  it('answers 400 for a bad filter, limit or cursor', async () => {
    for (const query of ['status=done', 'task_type=nope', 'limit=0', 'limit=101', 'cursor=garbage', 'colour=red']) {
      const response = await get(`/tasks?${query}`);
      expect(response.status).toBe(400);
      const field = query.split('=')[0];
      expect(((await response.json()) as { message: string }).message).toContain(field);
    }
  });
});

describe('the registry, the docs and health', () => {
  it('lists every task type with the JSON Schemas of its parameters and its result', async () => {
    const types = (await (await get('/task-types')).json()) as Array<{
      name: string;
      kind: string;
      parameters_schema: { properties: Record<string, { default?: unknown }> };
      result_schema: { type: string; properties: Record<string, unknown>; required: string[] } | null;
    }>;
    // The built-in types first; the command types of config/task-types.json follow them.
    expect(types.filter((type) => type.kind === 'built_in').map((type) => type.name)).toEqual(TASK_TYPE_NAMES);
    expect(types.slice(0, TASK_TYPE_NAMES.length).map((type) => type.name)).toEqual(TASK_TYPE_NAMES);
    const dataProcessing = types.find((type) => type.name === 'data_processing');
    expect(dataProcessing?.parameters_schema.properties.record_count).toMatchObject({
      default: 1000,
      minimum: 1,
      maximum: 10_000_000,
    });
    expect(dataProcessing?.result_schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { record_count: { type: 'integer' }, aggregates: { type: 'object' }, histogram: { type: 'object' } },
      additionalProperties: false,
    });
    for (const name of TASK_TYPE_NAMES) {
      expect(types.find((type) => type.name === name)?.result_schema).toMatchObject({ type: 'object', required: expect.any(Array) });
    }
  });

  it('documents every route at /docs-json and serves Swagger UI at /docs', async () => {
    const document = (await (await get('/docs-json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/task-types',
        '/tasks',
        '/tasks/batch',
        '/tasks/{id}',
        '/tasks/{id}/status',
        '/tasks/{id}/result',
        '/tasks/{id}/cancel',
        '/tasks/{id}/retry',
        '/queue',
        '/queue/pause',
        '/queue/resume',
        '/queue/flush',
      ]),
    );
    expect(Object.keys(document.paths['/tasks/{id}']!).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(document.paths['/tasks']!).sort()).toEqual(['get', 'post']);
    expect(document.paths['/tasks/{id}/result']!.get!.responses).toHaveProperty('202');
    expect(document.components.schemas).toHaveProperty('Task');
    expect(document.components.schemas).toHaveProperty('Error');
    expect(document.components.schemas.TaskStatus).toMatchObject({ enum: [...TASK_STATUSES] });
    const ui = await get('/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('serves a document other languages can generate clients from: named operations, API-key security, itself as first server', async () => {
    type Operation = {
      operationId?: string;
      tags?: string[];
      security?: unknown[];
      'x-required-scope'?: string;
      responses: Record<string, unknown>;
    };
    const document = (await (await get('/docs-json')).json()) as {
      servers: Array<{ url: string }>;
      security: unknown[];
      tags: Array<{ name: string; description: string }>;
      paths: Record<string, Record<string, Operation>>;
      components: { securitySchemes: Record<string, Record<string, string>> };
    };
    expect(document.servers[0]?.url).toBe('/');
    expect(document.servers[1]?.url).toBe('{scheme}://{host}');
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    const ids = operations.map((operation) => operation.operationId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'createTask',
        'listTasks',
        'getTask',
        'getTaskStatus',
        'cancelTask',
        'retryTask',
        'deleteTask',
        'createTaskBatch',
        'listTaskTypes',
        'getQueue',
      ]),
    );
    for (const operation of operations) {
      expect(operation.operationId).toMatch(/^[a-z][a-zA-Z]*$/);
      expect(operation.tags?.length).toBe(1);
      expect(document.tags.map((tag) => tag.name)).toContain(operation.tags![0]);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.components.securitySchemes).toEqual({
      apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
      bearerApiKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    expect(document.components.securitySchemes.bearerApiKey).not.toHaveProperty('bearerFormat');
    expect(document.security).toEqual([{ apiKey: [] }, { bearerApiKey: [] }]);
    // What ApiKeyGuard enforces: /health is open, queue control needs admin, reads read, writes write.
    expect(document.paths['/health']!.get!.security).toEqual([]);
    expect(document.paths['/queue/flush']!.post!['x-required-scope']).toBe('admin');
    expect(document.paths['/tasks']!.get!['x-required-scope']).toBe('read');
    expect(document.paths['/tasks']!.post!['x-required-scope']).toBe('write');
    expect(Object.keys(document.paths['/tasks/{id}/cancel']!.post!.responses)).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '429',
      '503',
    ]);
  });

  it('reports PostgreSQL and Redis up and no live worker as degraded', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'degraded',
      database: { status: 'up' },
      redis: { status: 'up' },
      workers: { count: 0, live: [] },
    });
  });

  it('lists the live workers from the heartbeat registry, not an expired one', async () => {
    const redis = createRedisClient(queue.redisUrl);
    const beat = (id: string) => ({
      worker_id: id,
      hostname: 'test-host',
      pid: 1,
      concurrency: 2,
      started_at: new Date().toISOString(),
      seen_at: new Date().toISOString(),
      active_task_ids: [],
    });
    await writeHeartbeat(redis, queue.prefix, beat('expired-worker'), 1);
    await writeHeartbeat(redis, queue.prefix, beat('live-worker'), 60_000);
    redis.disconnect();
    const response = await get('/health');
    expect(await response.json()).toMatchObject({
      status: 'ok',
      workers: { count: 1, live: [{ worker_id: 'live-worker', hostname: 'test-host', concurrency: 2 }] },
    });
    await queue.redis.del(`${queue.prefix}:worker-registry:expiries`, `${queue.prefix}:worker-registry:heartbeats`);
  });

  it('keeps the database enum equal to the shared list of statuses', async () => {
    const [row] = await db.query<{ values: string[] }>(`SELECT enum_range(NULL::task_status)::text[] AS values`);
    expect(row?.values).toEqual([...TASK_STATUSES]);
  });
});
