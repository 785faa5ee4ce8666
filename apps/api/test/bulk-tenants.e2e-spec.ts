import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';

/**
 * Bulk actions and tenants: a tenant's key counts and acts on its own tasks only, whatever the
 * filter; another tenant's operation answers 404; an admin key sees every tenant's tasks. No worker.
 */
const ADMIN = 'admin-key-0123456789abcdef';
const ACME_WRITE = 'acme-write-0123456789abcdef';
const ACME_READ = 'acme-read-0123456789abcdef';
const GLOBEX_WRITE = 'globex-write-0123456789abcdef';

let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;

const call = async (method: string, path: string, key: string, body?: unknown) => {
  const response = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as Record<string, unknown> };
};

async function createTasks(key: string, run: string, count: number): Promise<string[]> {
  const { status, body } = await call('POST', '/tasks/batch', key, {
    tasks: Array.from({ length: count }, () => ({ task_type: 'default', labels: { run } })),
  });
  expect(status).toBe(201);
  return (body.data as Array<{ id: string }>).map((task) => task.id);
}

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  api = await startApi({
    DATABASE_URL: db.url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    API_KEYS: [`admin:${ADMIN}`, `write@acme:${ACME_WRITE}`, `read@acme:${ACME_READ}`, `write@globex:${GLOBEX_WRITE}`].join(','),
  });
}, 60_000);

afterAll(async () => {
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('bulk actions across tenants', () => {
  it("act on the caller's tenant only; another tenant's operation is not found; an admin counts every tenant", async () => {
    const run = randomUUID();
    const acme = await createTasks(ACME_WRITE, run, 3);
    const globex = await createTasks(GLOBEX_WRITE, run, 2);
    const filter = { 'label.run': run };

    expect((await call('POST', '/tasks/bulk', ADMIN, { action: 'cancel', filter, dry_run: true })).body).toMatchObject({ matched: 5 });
    expect((await call('POST', '/tasks/bulk', ACME_WRITE, { action: 'cancel', filter, dry_run: true })).body).toMatchObject({
      matched: 3,
      applicable: 3,
    });
    // Naming another tenant's task changes nothing: it is not among the tasks the key may see.
    const started = await call('POST', '/tasks/bulk', ACME_WRITE, { action: 'cancel', filter, ids: [...acme, globex[0]] });
    expect(started.status).toBe(202);
    expect(started.body.matched).toBe(3);
    const id = started.body.id as string;
    const done = await waitFor('the bulk cancel to end', async () => {
      const { body } = await call('GET', `/bulk-operations/${id}`, ACME_WRITE);
      return body.status === 'completed' ? body : undefined;
    });
    expect(done).toMatchObject({ acted: 3, skipped: 0 });
    const rows = await db.query<{ tenant: string; status: string }>(
      `SELECT tenant, status FROM tasks WHERE id = ANY($1) GROUP BY tenant, status ORDER BY tenant`,
      [[...acme, ...globex]],
    );
    expect(rows).toEqual([
      { tenant: 'acme', status: 'cancelled' },
      { tenant: 'globex', status: 'pending' },
    ]);

    expect((await call('GET', `/bulk-operations/${id}`, GLOBEX_WRITE)).status).toBe(404);
    expect((await call('GET', `/bulk-operations/${id}/report`, GLOBEX_WRITE)).status).toBe(404);
    expect((await call('POST', `/bulk-operations/${id}/cancel`, GLOBEX_WRITE)).status).toBe(404);
    expect((await call('GET', `/bulk-operations/${id}`, ADMIN)).status).toBe(200);
    expect((await call('POST', '/tasks/bulk', ACME_READ, { action: 'cancel', filter })).status).toBe(403);

    const [audit] = await db.query<{ tenant: string; actor: string }>(
      `SELECT tenant, actor FROM audit_log WHERE action = 'task.bulk' AND target = $1`,
      [id],
    );
    expect(audit).toEqual({ tenant: 'acme', actor: expect.stringMatching(/^env:/) });
  }, 60_000);
});
