import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/**
 * Tenants: two tenants' keys see and act on their own tasks and runs only, through every route,
 * the stats and the event stream; an admin key sees across them; keys are managed at run time.
 */
const ADMIN = 'admin-key-0123456789abcdef';
const ACME_WRITE = 'acme-write-0123456789abcdef';
const ACME_READ = 'acme-read-0123456789abcdef';
const GLOBEX_WRITE = 'globex-write-0123456789abcdef';
const GLOBEX_READ = 'globex-read-0123456789abcdef';

type Json = Record<string, unknown>;

let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;
/** A task and a workflow run of each tenant, created through the API. */
let acmeTask: string;
let globexTask: string;
let acmeRun: string;

const call = (method: string, path: string, key: string | undefined, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${api.baseUrl}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const json = async (method: string, path: string, key: string | undefined, body?: unknown) => {
  const response = await call(method, path, key, body);
  return { status: response.status, body: (await response.json()) as Json };
};

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  api = await startApi({
    DATABASE_URL: db.url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    API_KEYS: [
      `admin:${ADMIN}`,
      `write@acme:${ACME_WRITE}`,
      `read@acme:${ACME_READ}`,
      `write@globex:${GLOBEX_WRITE}`,
      `read@globex:${GLOBEX_READ}`,
    ].join(','),
  });
  // No worker: every task stays pending, so none changes under the assertions.
  acmeTask = (await json('POST', '/tasks', ACME_WRITE, { task_type: 'default' })).body.id as string;
  globexTask = (await json('POST', '/tasks', GLOBEX_WRITE, { task_type: 'default' })).body.id as string;
  const run = await json('POST', '/workflows/sales-report/runs', ACME_WRITE, { input: { title: 'Daily', sections: 2 } });
  expect(run.status).toBe(201);
  acmeRun = run.body.id as string;
}, 60_000);

afterAll(async () => {
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('every task and run belongs to the tenant of the key that created it', () => {
  it('records the tenant on the rows, and shows it on the task', async () => {
    const rows = await db.query<{ id: string; tenant: string }>(
      `SELECT id, tenant FROM tasks WHERE workflow_run_id IS NULL ORDER BY tenant`,
    );
    expect(rows).toEqual([
      { id: acmeTask, tenant: 'acme' },
      { id: globexTask, tenant: 'globex' },
    ]);
    const [run] = await db.query<{ tenant: string }>(`SELECT tenant FROM workflow_runs WHERE id = $1`, [acmeRun]);
    expect(run!.tenant).toBe('acme');
    const steps = await db.query<{ tenant: string }>(`SELECT tenant FROM tasks WHERE workflow_run_id = $1`, [acmeRun]);
    expect(steps.map((step) => step.tenant)).toEqual(['acme']);
    expect((await json('GET', `/tasks/${acmeTask}`, ACME_READ)).body.tenant).toBe('acme');
  });
});

/** Every route that reads or acts on one task or run: here, a task of globex or the run of acme. */
const ROUTES: Array<[string, () => string]> = [
  ['GET', () => `/tasks/${globexTask}`],
  ['GET', () => `/tasks/${globexTask}/status`],
  ['GET', () => `/tasks/${globexTask}/result`],
  ['GET', () => `/tasks/${globexTask}/logs`],
  ['GET', () => `/tasks/${globexTask}/logs/stream`],
  ['GET', () => `/tasks/${globexTask}/artifacts/report.md`],
  ['GET', () => `/tasks/events?task_id=${globexTask}`],
  ['POST', () => `/tasks/${globexTask}/cancel`],
  ['POST', () => `/tasks/${globexTask}/retry`],
  ['DELETE', () => `/tasks/${globexTask}`],
  ['GET', () => `/workflow-runs/${acmeRun}`],
  ['GET', () => `/workflow-runs/${acmeRun}/events`],
  ['POST', () => `/workflow-runs/${acmeRun}/pause`],
  ['POST', () => `/workflow-runs/${acmeRun}/resume`],
  ['POST', () => `/workflow-runs/${acmeRun}/rerun`],
  ['POST', () => `/workflow-runs/${acmeRun}/cancel`],
  ['POST', () => `/workflow-runs/${acmeRun}/steps/build/approve`],
  ['POST', () => `/workflow-runs/${acmeRun}/steps/build/reject`],
];
const KEYS = { acme: { read: ACME_READ, write: ACME_WRITE }, globex: { read: GLOBEX_READ, write: GLOBEX_WRITE } };
const ownerOf = (path: string) => (path.includes(globexTask) ? 'globex' : 'acme');
const scopeOf = (method: string) => (method === 'GET' ? 'read' : 'write');
const bodyOf = (method: string, path: string) => (path.endsWith('/rerun') ? { from_step: 'build' } : method === 'POST' ? {} : undefined);

/** A route answered with a stream (200 and no end) is read only as far as its status. */
const statusOf = async (response: Response) => {
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) await response.body?.cancel();
  else await response.text();
  return response.status;
};

describe.each(ROUTES)('%s route %#', (method, path) => {
  it.each(['read', 'write'] as const)(
    "answers the other tenant's %s key 404 (or 403 where its scope is short), as for a row that does not exist, and changes nothing",
    async (scope) => {
      const other = ownerOf(path()) === 'acme' ? KEYS.globex : KEYS.acme;
      const before = await db.query(`SELECT id, status, updated_at FROM tasks ORDER BY id`);
      const response = await call(method, path(), other[scope], bodyOf(method, path()));
      // The event stream of one task answers an unknown task with a stream that stays silent, so
      // another tenant's too (the stream test below checks that nothing comes through).
      const expected = scope === 'read' && scopeOf(method) === 'write' ? 403 : path().startsWith('/tasks/events') ? 200 : 404;
      expect(await statusOf(response)).toBe(expected);
      expect(await db.query(`SELECT id, status, updated_at FROM tasks ORDER BY id`)).toEqual(before);
    },
  );
});

/** Reads only: the actions would change what the other cases read (the owner's actions are tested below). */
describe.each(ROUTES.filter(([method]) => method === 'GET'))('%s route %#', (method, path) => {
  it.each(['owner', 'admin'] as const)('reaches the row for the %s', async (who) => {
    const key = who === 'admin' ? ADMIN : KEYS[ownerOf(path())].read;
    const response = await call(method, path(), key);
    const status = await statusOf(response);
    // The artifact route finds the task, which saved no such file.
    expect(status).toBe(path().includes('/artifacts/') ? 404 : path().endsWith('/result') ? 202 : 200);
  });
});

describe('actions on their own tasks', () => {
  it('lets a tenant cancel its own task, and an admin key cancel any', async () => {
    expect((await call('POST', `/tasks/${acmeTask}/cancel`, GLOBEX_WRITE)).status).toBe(404);
    expect((await call('POST', `/tasks/${acmeTask}/cancel`, ACME_WRITE)).status).toBe(200);
    const extra = (await json('POST', '/tasks', GLOBEX_WRITE, { task_type: 'default' })).body.id as string;
    expect((await call('POST', `/tasks/${extra}/cancel`, ADMIN)).status).toBe(200);
    expect((await call('DELETE', `/tasks/${extra}`, ACME_WRITE)).status).toBe(404);
    expect((await call('DELETE', `/tasks/${extra}`, GLOBEX_WRITE)).status).toBe(204);
  });
});

describe('lists, stats and Idempotency-Keys', () => {
  it('lists only the tenant its own tasks and runs; admin all', async () => {
    const ids = async (key: string) => ((await json('GET', '/tasks?limit=100', key)).body.data as Json[]).map((task) => task.id);
    expect(await ids(ACME_READ)).toContain(acmeTask);
    expect(await ids(ACME_READ)).not.toContain(globexTask);
    expect(await ids(GLOBEX_READ)).toEqual([globexTask]);
    expect(await ids(ADMIN)).toEqual(expect.arrayContaining([acmeTask, globexTask]));
    const runs = async (key: string) => ((await json('GET', '/workflow-runs', key)).body.data as Json[]).map((run) => run.id);
    expect(await runs(ACME_READ)).toEqual([acmeRun]);
    expect(await runs(GLOBEX_READ)).toEqual([]);
    expect(await runs(ADMIN)).toEqual([acmeRun]);
    // A filter naming another tenant's run finds nothing either.
    expect((await json('GET', `/tasks?workflow_run_id=${acmeRun}`, GLOBEX_READ)).body.data).toEqual([]);
  });

  it('exports only the tenant its own tasks; admin all', async () => {
    const exported = async (key: string) =>
      (await (await call('GET', '/tasks/export?format=jsonl', key)).text())
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as Json).id);
    expect(await exported(ACME_READ)).toContain(acmeTask);
    expect(await exported(ACME_READ)).not.toContain(globexTask);
    expect(await exported(GLOBEX_READ)).toEqual([globexTask]);
    expect(await exported(ADMIN)).toEqual(expect.arrayContaining([acmeTask, globexTask]));
  });

  it("counts only the tenant's tasks in the stats", async () => {
    const total = async (key: string) => (await json('GET', '/tasks/stats', key)).body.total as number;
    const [counts] = await db.query<{ acme: number; globex: number; all: number }>(
      `SELECT count(*) FILTER (WHERE tenant = 'acme')::int AS acme, count(*) FILTER (WHERE tenant = 'globex')::int AS globex,
              count(*)::int AS all FROM tasks`,
    );
    expect(await total(ACME_READ)).toBe(counts!.acme);
    expect(await total(GLOBEX_READ)).toBe(counts!.globex);
    expect(await total(ADMIN)).toBe(counts!.all);
    expect(counts!.acme).not.toBe(counts!.all);
  });

  it('keeps Idempotency-Keys apart: the same key in two tenants creates two tasks, and replays only within one', async () => {
    const create = (key: string) =>
      call('POST', '/tasks', key, { task_type: 'default', parameters: { message: 'once' } }, { 'idempotency-key': 'nightly-42' });
    const acme = await create(ACME_WRITE);
    const globex = await create(GLOBEX_WRITE);
    expect([acme.status, globex.status]).toEqual([201, 201]);
    const [acmeId, globexId] = [((await acme.json()) as Json).id, ((await globex.json()) as Json).id];
    expect(acmeId).not.toBe(globexId);
    const replay = await create(ACME_WRITE);
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as Json).id).toBe(acmeId);
  });
});

describe('the event stream', () => {
  it("carries only the tenant's own tasks' events; admin hears all", async () => {
    const listen = (key: string) => {
      const abort = new AbortController();
      const seen: string[] = [];
      const done = (async () => {
        const response = await fetch(`${api.baseUrl}/tasks/events`, { headers: { authorization: `Bearer ${key}` }, signal: abort.signal });
        expect(response.status).toBe(200);
        const decoder = new TextDecoder();
        for await (const chunk of response.body!) seen.push(decoder.decode(chunk as Uint8Array));
      })().catch(() => undefined);
      return { seen: () => seen.join(''), stop: () => abort.abort(), done };
    };
    const acme = listen(ACME_READ);
    const admin = listen(ADMIN);
    // Give both streams time to subscribe before anything happens.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const globexId = (await json('POST', '/tasks', GLOBEX_WRITE, { task_type: 'default' })).body.id as string;
    const acmeId = (await json('POST', '/tasks', ACME_WRITE, { task_type: 'default' })).body.id as string;
    await call('POST', `/tasks/${globexId}/cancel`, GLOBEX_WRITE);
    await call('DELETE', `/tasks/${globexId}`, GLOBEX_WRITE);
    await waitFor("acme's own event", () => acme.seen().includes(acmeId));
    await waitFor('every event at the admin', () => admin.seen().includes(acmeId) && admin.seen().includes(`"task_id":"${globexId}"`));
    acme.stop();
    admin.stop();
    await Promise.all([acme.done, admin.done]);
    expect(acme.seen()).not.toContain(globexId);
    expect(acme.seen()).not.toContain('"tenant":"globex"');
  }, 30_000);
});

describe('keys managed at run time', () => {
  it('lets only an admin key create, list and revoke keys; a created key works at once, in its tenant, until revoked', async () => {
    expect((await call('POST', '/api-keys', ACME_WRITE, { name: 'x', scope: 'read' })).status).toBe(403);
    const created = await json('POST', '/api-keys', ADMIN, { name: 'globex-reporting', scope: 'read', tenant: 'globex' });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^atr_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({
      name: 'globex-reporting',
      scope: 'read',
      tenant: 'globex',
      created_by: expect.stringMatching(/^env:[0-9a-f]{8}$/),
      revoked_at: null,
    });
    // Only its hash is stored.
    const [row] = await db.query<{ secret_hash: Buffer }>(`SELECT secret_hash FROM api_keys WHERE id = $1`, [created.body.id]);
    expect(row!.secret_hash.toString('hex')).not.toContain(Buffer.from(secret).toString('hex'));
    expect(JSON.stringify((await json('GET', '/api-keys', ADMIN)).body)).not.toContain(secret);

    const ids = ((await json('GET', '/tasks', secret)).body.data as Json[]).map((task) => task.id);
    expect(ids).toContain(globexTask);
    expect(ids).not.toContain(acmeTask);
    expect((await call('POST', '/tasks', secret, { task_type: 'default' })).status).toBe(403);
    await waitFor('last_used_at to be written', async () => {
      const [used] = await db.query<{ last_used_at: Date | null }>(`SELECT last_used_at FROM api_keys WHERE id = $1`, [created.body.id]);
      return used!.last_used_at !== null;
    });

    expect((await json('DELETE', `/api-keys/${created.body.id as string}`, ADMIN)).body.revoked_at).toEqual(expect.any(String));
    await waitFor('the revoked key to stop working', async () => (await call('GET', '/tasks', secret)).status === 401);
    expect((await call('DELETE', '/api-keys/0123456789abcdef', ADMIN)).status).toBe(404);
    expect((await call('DELETE', '/api-keys/not-an-id', ADMIN)).status).toBe(400);
  });

  it('refuses a key with a bad scope, tenant or expiry by field, and stops an expired key', async () => {
    const bad = await json('POST', '/api-keys', ADMIN, {
      name: '',
      scope: 'root',
      tenant: 'Acme Corp',
      expires_at: '2001-01-01T00:00:00Z',
    });
    expect(bad.status).toBe(400);
    expect((bad.body.details as Array<{ field: string }>).map((detail) => detail.field).sort()).toEqual([
      'expires_at',
      'name',
      'scope',
      'tenant',
    ]);
    const soon = new Date(Date.now() + 1_500).toISOString();
    const created = await json('POST', '/api-keys', ADMIN, { name: 'short-lived', scope: 'read', expires_at: soon });
    expect(created.status).toBe(201);
    await waitFor(
      'the expired key to stop working',
      async () => (await call('GET', '/tasks', created.body.secret as string)).status === 401,
    );
  });
});

describe('an API with no API_KEYS', () => {
  it('is open (tenant default) until a key is stored, then asks every caller for one', async () => {
    const own = await createTestDatabase();
    const open = await startApi({ DATABASE_URL: own.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: `${queue.prefix}-open` });
    try {
      const task = await fetch(`${open.baseUrl}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ task_type: 'default' }),
      });
      expect(((await task.json()) as Json).tenant).toBe('default');
      const created = await fetch(`${open.baseUrl}/api-keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'first', scope: 'admin' }),
      });
      expect(created.status).toBe(201);
      const { secret, created_by: createdBy } = (await created.json()) as { secret: string; created_by: string };
      expect(createdBy).toBe('open');
      await waitFor('the API to ask for keys', async () => (await fetch(`${open.baseUrl}/tasks`)).status === 401);
      expect((await fetch(`${open.baseUrl}/tasks`, { headers: { 'x-api-key': secret } })).status).toBe(200);
    } finally {
      await open.process.stop();
      await own.drop();
    }
  }, 60_000);
});
