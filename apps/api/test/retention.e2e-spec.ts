import { createDataSource, LOCK_IDS, runMigrations } from '@atropos/db';
import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, waitFor } from '@atropos/testing';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * The retention sweep of the API, run as a real process: which rows it deletes, that it goes on
 * past one batch, and that of several replicas only one runs a given sweep. Each test gets a
 * fresh database, migrated before the API starts so the rows are in place for its first sweep.
 */
let db: TestDatabase;
let queue: TestQueue;
let source: DataSource;
const apis: RunningApi[] = [];

beforeEach(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  source = await createDataSource({ url: db.url }).initialize();
  await runMigrations(source);
});

afterEach(async () => {
  await Promise.all(apis.splice(0).map((api) => api.process.stop()));
  await source?.destroy();
  await queue?.cleanUp();
  await db?.drop();
});

const start = async (env: Record<string, string> = {}) => {
  const api = await startApi({ DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix, ...env });
  apis.push(api);
  return api;
};

/** A task with the given status whose completed_at is `completedAgo` (an interval) before now, or null. */
async function insert(status: string, completedAgo: string | null, createdAgo = '90 days'): Promise<string> {
  const id = randomUUID();
  await source.query(
    `INSERT INTO tasks (id, task_type, status, created_at, completed_at)
     VALUES ($1, 'default', $2, now() - $3::interval, now() - $4::interval)`,
    [id, status, createdAgo, completedAgo],
  );
  return id;
}

/** Two steps of the default type; the second reads the first's result. */
const RUN_STEPS = [
  { name: 'first', task_type: 'default', parameters: {} },
  { name: 'second', task_type: 'default', parameters: { message: 'after ${steps.first.result.message}' } },
];

/** A workflow run with the given status, at step `currentStep`, ended `completedAgo` before now (or null). */
async function insertRun(status: string, completedAgo: string | null, currentStep: number): Promise<string> {
  const id = randomUUID();
  await source.query(
    `INSERT INTO workflow_runs (id, workflow, status, steps, current_step, created_at, completed_at)
     VALUES ($1, 'two-steps', $2, $3::jsonb, $4, now() - interval '90 days', now() - $5::interval)`,
    [id, status, JSON.stringify(RUN_STEPS), currentStep, completedAgo],
  );
  return id;
}

/** A task of step `step` of run `runId`, like insert(). */
async function insertStep(runId: string, step: number, status: string, completedAgo: string | null): Promise<string> {
  const id = randomUUID();
  await source.query(
    `INSERT INTO tasks (id, task_type, status, result, workflow_run_id, workflow_step, created_at, completed_at)
     VALUES ($1, 'default', $2, $3::jsonb, $4, $5, now() - interval '90 days', now() - $6::interval)`,
    [id, status, status === 'completed' ? JSON.stringify({ message: `step ${step}` }) : null, runId, step, completedAgo],
  );
  return id;
}

const remaining = async (ids: string[]) =>
  (await db.query<{ id: string }>(`SELECT id FROM tasks WHERE id = ANY($1::uuid[])`, [ids])).map((row) => row.id).sort();

const sweepLine = /Sweep deleted (\d+) final task\(s\)/;

describe('retention', () => {
  it('deletes final tasks completed over RESULT_RETENTION_DAYS (30) ago, batch after batch, expired idempotency keys and old audit entries', async () => {
    // More than two batches of 10,000 due rows.
    await source.query(
      `INSERT INTO tasks (id, task_type, status, created_at, completed_at)
       SELECT gen_random_uuid(), 'default', 'completed', now() - interval '40 days', now() - interval '31 days'
         FROM generate_series(1, 20000)`,
    );
    const due = [await insert('completed', '31 days'), await insert('failed', '45 days'), await insert('cancelled', '31 days')];
    const kept = [
      await insert('completed', '29 days'),
      await insert('failed', '1 hour'),
      await insert('pending', null),
      await insert('processing', null),
      // Retried by hand after it had failed long ago: no longer final, so kept whatever its completed_at says.
      await insert('pending', '40 days'),
      await insert('retrying', '40 days'),
    ];
    await source.query(
      `INSERT INTO idempotency_keys (key, request_hash, task_ids, expires_at, tenant) VALUES
         ('expired', 'h', '{}', now() - interval '1 minute', 'default'), ('live', 'h', '{}', now() + interval '1 hour', 'default'),
         ('expired', 'h', '{}', now() + interval '1 hour', 'acme')`,
    );
    // AUDIT_RETENTION_DAYS is 365 by default.
    await source.query(
      `INSERT INTO audit_log (at, actor, tenant, action, status) VALUES
         (now() - interval '400 days', 'env:a', 'default', 'task.cancel', 200),
         (now() - interval '300 days', 'env:a', 'default', 'task.retry', 202)`,
    );

    // Webhook deliveries made over 30 days ago go; recent ones, and one still being tried, stay.
    await source.query(
      `INSERT INTO webhook_deliveries (url, tenant, event, data, status, created_at) VALUES
         ('https://example.com/old', 'default', 'task.completed', '{}', 'delivered', now() - interval '31 days'),
         ('https://example.com/old-failed', 'default', 'task.failed', '{}', 'failed', now() - interval '40 days'),
         ('https://example.com/new', 'default', 'task.completed', '{}', 'delivered', now() - interval '1 hour'),
         ('https://example.com/pending', 'default', 'task.completed', '{}', 'pending', now() - interval '31 days')`,
    );

    const api = await start();
    await api.process.waitForLog(sweepLine);
    expect(api.process.log).toMatch(
      /Sweep deleted 20003 final task\(s\) completed before \S+, 0 final workflow run\(s\) with their 0 step task\(s\), 1 expired idempotency key\(s\) and 1 audit log entr\(ies\)/,
    );

    expect(await remaining([...due, ...kept])).toEqual([...kept].sort());
    const [count] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM tasks`);
    expect(Number(count!.n)).toBe(kept.length);
    // Keys are per tenant: another tenant's key of the same name that has not expired stays.
    const keys = await db.query<{ key: string; tenant: string }>(`SELECT key, tenant FROM idempotency_keys ORDER BY tenant, key`);
    expect(keys).toEqual([
      { key: 'expired', tenant: 'acme' },
      { key: 'live', tenant: 'default' },
    ]);
    const audit = await db.query<{ action: string }>(`SELECT action FROM audit_log`);
    expect(audit).toEqual([{ action: 'task.retry' }]);
    const deliveries = await db.query<{ url: string }>(`SELECT url FROM webhook_deliveries ORDER BY url`);
    expect(deliveries).toEqual([{ url: 'https://example.com/new' }, { url: 'https://example.com/pending' }]);
  });

  it('deletes final workflow runs ended over RESULT_RETENTION_DAYS ago with their step tasks, and keeps every task of any other run', async () => {
    const completedRun = await insertRun('completed', '31 days', 1);
    const failedRun = await insertRun('failed', '40 days', 1);
    const cancelledRun = await insertRun('cancelled', '31 days', 0);
    const due = [
      await insertStep(completedRun, 0, 'completed', '35 days'),
      await insertStep(completedRun, 1, 'completed', '31 days'),
      await insertStep(failedRun, 0, 'completed', '45 days'),
      await insertStep(failedRun, 1, 'failed', '40 days'),
      await insertStep(cancelledRun, 0, 'cancelled', '31 days'),
      await insert('completed', '31 days'),
    ];
    // Runs that may still go on: their old completed steps are what a resume reuses.
    const pausedRun = await insertRun('paused', null, 1);
    const recentlyFailedRun = await insertRun('failed', '1 day', 1);
    const runningRun = await insertRun('running', null, 1);
    const pausedFirstStep = await insertStep(pausedRun, 0, 'completed', '60 days');
    const kept = [
      pausedFirstStep,
      await insertStep(recentlyFailedRun, 0, 'completed', '50 days'),
      await insertStep(recentlyFailedRun, 1, 'failed', '1 day'),
      await insertStep(runningRun, 0, 'completed', '40 days'),
      await insertStep(runningRun, 1, 'pending', null),
      await insert('completed', '29 days'),
    ];

    const api = await start();
    await api.process.waitForLog(sweepLine);
    expect(api.process.log).toMatch(
      /Sweep deleted 1 final task\(s\) completed before \S+, 3 final workflow run\(s\) with their 5 step task\(s\), 0 expired/,
    );
    expect(await remaining([...due, ...kept])).toEqual([...kept].sort());
    const runs = await db.query<{ id: string }>(`SELECT id FROM workflow_runs ORDER BY id`);
    expect(runs.map((row) => row.id)).toEqual([pausedRun, recentlyFailedRun, runningRun].sort());

    // The paused run resumes at its second step, from the first step's kept result.
    const resumed = await fetch(`${api.baseUrl}/workflow-runs/${pausedRun}/resume`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(resumed.status).toBe(200);
    const steps = await db.query<{ id: string; workflow_step: number; parameters: { message?: string } }>(
      `SELECT id, workflow_step, parameters FROM tasks WHERE workflow_run_id = $1 ORDER BY workflow_step`,
      [pausedRun],
    );
    expect(steps.map((row) => row.workflow_step)).toEqual([0, 1]);
    expect(steps[0]!.id).toBe(pausedFirstStep);
    expect(steps[1]!.parameters.message).toBe('after step 0');
  });

  it('takes its period from RESULT_RETENTION_DAYS, and keeps every task when it is 0', async () => {
    const eightDays = await insert('completed', '8 days');
    const sixDays = await insert('completed', '6 days');

    const keepAll = await start({ RESULT_RETENTION_DAYS: '0' });
    await keepAll.process.waitForLog('Sweep kept every task');
    expect(await remaining([eightDays, sixDays])).toEqual([eightDays, sixDays].sort());
    await keepAll.process.stop();

    const week = await start({ RESULT_RETENTION_DAYS: '7' });
    await week.process.waitForLog(sweepLine);
    expect(week.process.log).toContain('Sweep deleted 1 final task(s)');
    expect(await remaining([eightDays, sixDays])).toEqual([sixDays]);
  });

  it('runs each sweep on one replica only: the others skip theirs while it runs', async () => {
    // Hold the idempotency_keys table so that the first replica to take the sweep lock stays
    // inside its sweep (its first DELETE waits for the table) until this transaction ends.
    await db.query('BEGIN');
    await db.query('LOCK TABLE idempotency_keys IN EXCLUSIVE MODE');
    const due = [await insert('completed', '31 days'), await insert('failed', '31 days'), await insert('cancelled', '31 days')];
    let released = false;
    try {
      const replicas = await Promise.all([start({ RETENTION_SWEEP_INTERVAL_MS: '1000' }), start({ RETENTION_SWEEP_INTERVAL_MS: '1000' })]);
      // Both have tried at least once, and over a second has passed: one holds the lock and
      // waits, the other has skipped.
      const skipper = await waitFor('a replica to skip a sweep', () =>
        replicas.find((api) => api.process.log.includes('Sweep skipped: another replica is running one')),
      );
      const sweeper = replicas.find((api) => api !== skipper)!;
      expect(sweeper.process.log).not.toContain('Sweep skipped');
      expect(await remaining(due)).toEqual([...due].sort());
      // The waiting sweep is the only one under way: one session holds the lock.
      const holders = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted`,
        [LOCK_IDS.retention],
      );
      expect(Number(holders[0]!.n)).toBe(1);

      await db.query('COMMIT');
      released = true;
      await sweeper.process.waitForLog('Sweep deleted 3 final task(s)');
      expect(await remaining(due)).toEqual([]);
      // Every row was deleted once, by the replica that held the lock.
      expect(skipper.process.log).not.toMatch(/Sweep deleted [1-9]/);
    } finally {
      if (!released) await db.query('ROLLBACK');
    }
  });
});
