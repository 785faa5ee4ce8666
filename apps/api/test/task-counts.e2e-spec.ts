import { createDataSource, runMigrations, TaskStore } from '@atropos/db';
import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, waitFor } from '@atropos/testing';
import { TASK_STATUSES } from '@atropos/tasks';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * The task counts GET /tasks/stats reads (table task_counts and its deltas, kept by triggers on
 * tasks) stay exact through every kind of write: creations through the API, a worker's claims,
 * completions and failures (the TaskStore's own batched statements), retries, cancels and deletes
 * through the API, bulk actions, the retention sweep (a run's step tasks included), hand-written
 * SQL, folds of the deltas, a rolled-back write, and TRUNCATE; per tenant as for all of them. The
 * counts are checked against a count(*) of the table after each step, both in the tables and as
 * the API serves them to each key.
 */
const ADMIN = 'admin-key-0123456789abcdef';
const ACME = 'acme-write-0123456789abcdef';
const GLOBEX = 'globex-write-0123456789abcdef';
const KEYS = [
  { key: ADMIN, tenant: null },
  { key: ACME, tenant: 'acme' },
  { key: GLOBEX, tenant: 'globex' },
] as const;

type Json = Record<string, unknown>;

interface Count {
  tenant: string;
  task_type: string;
  status: string;
  n: number;
}

interface Stats {
  generated_at: string;
  total: number;
  by_status: Record<string, number>;
  by_type: Record<string, number>;
}

let db: TestDatabase;
let queue: TestQueue;
let source: DataSource;
let store: TaskStore;
let api: RunningApi;

const call = async (method: string, path: string, key: string, body?: unknown) => {
  const response = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json };
};

/** What a count(*) of the table says, per (tenant, type, status). */
const truth = () =>
  db.query<Count>(`SELECT tenant, task_type, status::text AS status, count(*)::int AS n FROM tasks GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);

/** What the maintained counts say: the folded counts plus the deltas not folded yet. */
const maintained = () =>
  db.query<Count>(
    `SELECT tenant, task_type, status::text AS status, sum(n)::int AS n
       FROM (SELECT tenant, task_type, status, count AS n FROM task_counts
             UNION ALL SELECT tenant, task_type, status, delta FROM task_count_deltas) AS counted
      GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3`,
  );

const unfolded = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM task_count_deltas`))[0]!.n);

/** The stats a key is served, computed after everything written so far (the API caches them for a second). */
async function statsOf(key: string): Promise<Stats> {
  const [written] = await db.query<{ now: Date }>('SELECT now() AS now');
  return waitFor('stats computed after the last write', async () => {
    const answer = await call('GET', '/tasks/stats', key);
    expect(answer.status).toBe(200);
    const stats = answer.body as unknown as Stats;
    return Date.parse(stats.generated_at) > written!.now.getTime() ? stats : undefined;
  });
}

/** The counts are those of the table, in PostgreSQL and as served to each key. */
async function expectExact(): Promise<Count[]> {
  const counts = await truth();
  expect(await maintained()).toEqual(counts);
  for (const { key, tenant } of KEYS) {
    const mine = counts.filter((count) => tenant === null || count.tenant === tenant);
    const stats = await statsOf(key);
    expect(stats.total).toBe(mine.reduce((sum, count) => sum + count.n, 0));
    for (const status of TASK_STATUSES) {
      expect([status, stats.by_status[status]]).toEqual([status, sum(mine.filter((count) => count.status === status))]);
    }
    const types = new Set(mine.map((count) => count.task_type));
    for (const type of types) expect([type, stats.by_type[type]]).toEqual([type, sum(mine.filter((count) => count.task_type === type))]);
    for (const [type, n] of Object.entries(stats.by_type)) if (!types.has(type)) expect([type, n]).toEqual([type, 0]);
  }
  return counts;
}

const sum = (counts: Count[]) => counts.reduce((total, count) => total + count.n, 0);

/** Waits for the API's fold to empty the deltas; the counts are then all in task_counts, with no row at 0. */
async function afterFold(): Promise<void> {
  await waitFor('the deltas folded', async () => ((await unfolded()) === 0 ? true : undefined), { timeoutMs: 10_000, intervalMs: 100 });
  const zero = await db.query(`SELECT 1 FROM task_counts WHERE count = 0`);
  expect(zero).toEqual([]);
}

async function create(key: string, count: number, labels: Record<string, string>): Promise<string[]> {
  const created = await call('POST', '/tasks/batch', key, {
    tasks: Array.from({ length: count }, () => ({ task_type: 'default', parameters: {}, labels })),
  });
  expect(created.status).toBe(201);
  return (created.body.data as Json[]).map((task) => task.id as string);
}

async function bulk(key: string, body: Json): Promise<void> {
  const started = await call('POST', '/tasks/bulk', key, body);
  expect(started.status).toBe(202);
  const id = started.body.id as string;
  await waitFor(
    `bulk operation ${id} to end`,
    async () => {
      const operation = await call('GET', `/bulk-operations/${id}`, key);
      return operation.body.status === 'completed' ? operation.body : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  source = await createDataSource({ url: db.url }).initialize();
  store = new TaskStore(source);
  // Tasks written before the counts existed: the migration counts them once.
  await runMigrations(source);
  // Back to before the counts existed: the migrations after them are undone first.
  for (;;) {
    const [last] = await source.query<Array<{ name: string }>>(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
    await source.undoLastMigration({ transaction: 'each' });
    if (last!.name === 'TaskCounts1767700000000') break;
  }
  await source.query(
    `INSERT INTO tasks (id, task_type, status, tenant, created_at, completed_at)
     SELECT gen_random_uuid(), 'default', 'completed', 'acme', now() - interval '40 days', now() - interval '31 days'
       FROM generate_series(1, 25)`,
  );
  await source.query(
    `INSERT INTO tasks (id, task_type, status, tenant, created_at, completed_at)
     SELECT gen_random_uuid(), 'legacy_type', s.status::task_status, 'globex', now() - interval '40 days', now() - $1::interval
       FROM (VALUES ('failed'), ('pending'), ('completed')) AS s(status)`,
    ['1 hour'],
  );
  // A run ended long ago: the sweep deletes it with its step tasks (DELETE … RETURNING in a CTE).
  const run = randomUUID();
  await source.query(
    `INSERT INTO workflow_runs (id, workflow, status, steps, current_step, tenant, created_at, completed_at)
     VALUES ($1, 'two-steps', 'completed', '[]'::jsonb, 1, 'acme', now() - interval '90 days', now() - interval '31 days')`,
    [run],
  );
  await source.query(
    `INSERT INTO tasks (id, task_type, status, tenant, workflow_run_id, workflow_step, created_at, completed_at)
     SELECT gen_random_uuid(), 'default', 'completed', 'acme', $1, s, now() - interval '90 days', now() - interval '31 days'
       FROM generate_series(0, 1) AS s`,
    [run],
  );
  expect(await runMigrations(source)).toContain('TaskCounts1767700000000');
  expect(await maintained()).toEqual(await truth());

  api = await startApi({
    DATABASE_URL: db.url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    API_KEYS: [`admin:${ADMIN}`, `write@acme:${ACME}`, `write@globex:${GLOBEX}`].join(','),
  });
}, 60_000);

afterAll(async () => {
  await api?.process.stop();
  await source?.destroy();
  await queue?.cleanUp();
  await db?.drop();
});

describe('task counts', () => {
  it('counts the rows already there, and loses those the retention sweep deletes', async () => {
    await api.process.waitForLog(
      /Sweep deleted 25 final task\(s\) completed before \S+, 1 final workflow run\(s\) with their 2 step task\(s\)/,
    );
    const counts = await expectExact();
    expect(counts).toEqual([
      { tenant: 'globex', task_type: 'legacy_type', status: 'completed', n: 1 },
      { tenant: 'globex', task_type: 'legacy_type', status: 'failed', n: 1 },
      { tenant: 'globex', task_type: 'legacy_type', status: 'pending', n: 1 },
    ]);
    await afterFold();
    await expectExact();
  });

  it("stays exact through creations, a worker's claims, completions and failures, retries, cancels and deletes", async () => {
    const acme = await create(ACME, 8, { suite: 'counts' });
    await create(GLOBEX, 3, { suite: 'counts' });
    await expectExact();

    // A worker's writes: claims and completions go through the TaskStore's batched statements.
    const claims = await Promise.all(acme.slice(0, 5).map((id) => store.claim(id, 'worker-1')));
    const attempts = claims.map((claim) => (claim && 'claimed' in claim ? claim.claimed.attempt : 0));
    expect(attempts).toEqual([1, 1, 1, 1, 1]);
    await expectExact();
    await Promise.all([0, 1].map((i) => store.complete({ taskId: acme[i]!, attempt: 1 }, { ok: true }, null)));
    await store.fail({ taskId: acme[2]!, attempt: 1 }, 'try again', false);
    await store.fail({ taskId: acme[3]!, attempt: 1 }, 'gave up', true);
    const counts = await expectExact();
    expect(counts.filter((count) => count.tenant === 'acme')).toEqual([
      { tenant: 'acme', task_type: 'default', status: 'completed', n: 2 },
      { tenant: 'acme', task_type: 'default', status: 'failed', n: 1 },
      { tenant: 'acme', task_type: 'default', status: 'pending', n: 3 },
      { tenant: 'acme', task_type: 'default', status: 'processing', n: 1 },
      { tenant: 'acme', task_type: 'default', status: 'retrying', n: 1 },
    ]);

    // Through the API's routes: a retry, a cancel, a delete.
    expect((await call('POST', `/tasks/${acme[3]!}/retry`, ACME, {})).status).toBe(202);
    expect((await call('POST', `/tasks/${acme[5]!}/cancel`, ACME)).status).toBe(200);
    expect((await call('DELETE', `/tasks/${acme[5]!}`, ACME)).status).toBe(204);
    expect((await call('DELETE', `/tasks/${acme[0]!}`, ACME)).status).toBe(204);
    await expectExact();
    await afterFold();
    await expectExact();
  });

  it('stays exact through bulk cancels and deletes, per tenant', async () => {
    await bulk(GLOBEX, { action: 'cancel', filter: { 'label.suite': 'counts' } });
    await expectExact();
    await bulk(GLOBEX, { action: 'delete', filter: { 'label.suite': 'counts' } });
    const counts = await expectExact();
    expect(counts.filter((count) => count.tenant === 'globex' && count.task_type === 'default')).toEqual([]);
    expect(counts.some((count) => count.tenant === 'acme')).toBe(true);
    await afterFold();
    await expectExact();
  });

  it('stays exact through statements written by hand that change type, tenant and status of many rows at once', async () => {
    await source.query(`UPDATE tasks SET task_type = 'renamed_type' WHERE tenant = 'globex'`);
    await source.query(`UPDATE tasks SET tenant = 'globex' WHERE tenant = 'acme' AND status = 'pending'`);
    await source.query(`UPDATE tasks SET status = 'cancelled', completed_at = now() WHERE status IN ('pending', 'retrying')`);
    // Changes nothing counted: no delta at all.
    const before = await unfolded();
    await source.query(`UPDATE tasks SET progress = 50 WHERE status = 'processing'`);
    expect(await unfolded()).toBe(before);
    await expectExact();
    await afterFold();
    await expectExact();
  });

  it('counts nothing of a write that is rolled back', async () => {
    const before = await maintained();
    await expect(
      source.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO tasks (id, task_type, tenant) SELECT gen_random_uuid(), 'default', 'acme' FROM generate_series(1, 10)`,
        );
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await maintained()).toEqual(before);
    await expectExact();
  });

  it('lets writers of the same tenant, type and status go on at once: no counter row is locked until commit', async () => {
    const [a, b] = await create(ACME, 2, { suite: 'no-hot-row' });
    const first = source.createQueryRunner();
    const second = source.createQueryRunner();
    try {
      await first.startTransaction();
      await second.startTransaction();
      await first.query(`UPDATE tasks SET status = 'cancelled', completed_at = now() WHERE id = $1`, [a]);
      // With a shared counter row updated in place, this would wait for the first to commit.
      await second.query(`SET LOCAL lock_timeout = '2s'`);
      await second.query(`UPDATE tasks SET status = 'cancelled', completed_at = now() WHERE id = $1`, [b]);
      await second.commitTransaction();
      await first.commitTransaction();
    } finally {
      await first.release();
      await second.release();
    }
    await expectExact();
  });

  it('empties the counts with TRUNCATE', async () => {
    await source.query(`TRUNCATE tasks CASCADE`);
    expect(await maintained()).toEqual([]);
    await expectExact();
    expect((await statsOf(ADMIN)).total).toBe(0);
    await create(GLOBEX, 2, { suite: 'after-truncate' });
    await expectExact();
  });
});
