import { createRedisClient, writeHeartbeat } from '@atropos/queue';
import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';

/**
 * GET /dashboard: what the web dashboard shows in one request, each part as its own route answers
 * it, scoped to the caller's tenant as there; the status of the tasks the live workers hold, in one
 * query, other tenants' left out.
 */
const ADMIN = 'admin-key-0123456789abcdef';
const ACME = 'acme-write-0123456789abcdef';
const GLOBEX = 'globex-write-0123456789abcdef';

type Json = Record<string, unknown>;

let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;

const get = async (path: string, key: string) => {
  const response = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, body: (await response.json()) as Json };
};

const create = async (key: string): Promise<string> => {
  const response = await fetch(`${api.baseUrl}/tasks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ task_type: 'default' }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as Json).id as string;
};

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  api = await startApi({
    DATABASE_URL: db.url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    API_KEYS: [`admin:${ADMIN}`, `write@acme:${ACME}`, `write@globex:${GLOBEX}`].join(','),
  });
}, 60_000);

afterAll(async () => {
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('GET /dashboard', () => {
  it('answers with every part the dashboard shows, each as its own route answers it, for each tenant', async () => {
    const acme = await create(ACME);
    const globex = await create(GLOBEX);
    // A live worker holding one task of each tenant, and one deleted meanwhile.
    const redis = createRedisClient(queue.redisUrl);
    const now = new Date().toISOString();
    await writeHeartbeat(
      redis,
      queue.prefix,
      {
        worker_id: 'w1',
        hostname: 'test-host',
        pid: 1,
        concurrency: 3,
        started_at: now,
        seen_at: now,
        active_task_ids: [globex, randomUUID(), acme],
      },
      60_000,
    );
    redis.disconnect();
    await db.query(`UPDATE tasks SET status = 'processing', attempts = 1, started_at = now() WHERE id = ANY($1::uuid[])`, [[acme, globex]]);

    for (const [key, running] of [
      [ADMIN, [globex, acme]],
      [ACME, [acme]],
      [GLOBEX, [globex]],
    ] as const) {
      // The stats are cached for a second: ask until they count the writes above.
      const dashboard = await waitFor('the dashboard after the writes', async () => {
        const answer = await get('/dashboard', key);
        expect(answer.status).toBe(200);
        const stats = answer.body.stats as { by_status: Record<string, number> };
        return stats.by_status.processing === running.length ? answer.body : undefined;
      });
      expect(dashboard.errors).toEqual({});
      expect((dashboard.running as Json[]).map((task) => [task.id, task.status])).toEqual(running.map((id) => [id, 'processing']));
      expect((dashboard.stats as Json).total).toBe((await get('/tasks/stats', key)).body.total);
      expect(dashboard.queue).toEqual((await get('/queue', key)).body);
      expect(dashboard.queues).toEqual((await get('/queues', key)).body.data);
      expect(dashboard.pending_approvals).toEqual((await get('/workflow-approvals', key)).body);
      expect(dashboard.health).toMatchObject({
        status: 'ok',
        database: { status: 'up' },
        redis: { status: 'up' },
        workers: { count: 1, live: [{ worker_id: 'w1' }] },
      });
    }
  });

  it('is documented at /docs-json, and needs a key like every other read', async () => {
    const document = (await (await fetch(`${api.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(JSON.stringify(document.paths['/dashboard']?.get?.responses['200'])).toContain('#/components/schemas/Dashboard');
    expect((await fetch(`${api.baseUrl}/dashboard`)).status).toBe(401);
  });
});
