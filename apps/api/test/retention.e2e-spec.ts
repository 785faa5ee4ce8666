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

const remaining = async (ids: string[]) =>
  (await db.query<{ id: string }>(`SELECT id FROM tasks WHERE id = ANY($1::uuid[])`, [ids])).map((row) => row.id).sort();

const sweepLine = /Sweep deleted (\d+) final task\(s\)/;

describe('retention', () => {
  it('deletes final tasks completed over RESULT_RETENTION_DAYS (30) ago, batch after batch, and expired idempotency keys', async () => {
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
      `INSERT INTO idempotency_keys (key, request_hash, task_ids, expires_at) VALUES
         ('expired', 'h', '{}', now() - interval '1 minute'), ('live', 'h', '{}', now() + interval '1 hour')`,
    );

    const api = await start();
    await api.process.waitForLog(sweepLine);
    expect(api.process.log).toMatch(/Sweep deleted 20003 final task\(s\) completed before \S+, and 1 expired idempotency key\(s\)/);

    expect(await remaining([...due, ...kept])).toEqual([...kept].sort());
    const [count] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM tasks`);
    expect(Number(count!.n)).toBe(kept.length);
    const keys = await db.query<{ key: string }>(`SELECT key FROM idempotency_keys`);
    expect(keys.map((row) => row.key)).toEqual(['live']);
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
      const replicas = await Promise.all([
        start({ RETENTION_SWEEP_INTERVAL_MS: '1000' }),
        start({ RETENTION_SWEEP_INTERVAL_MS: '1000' }),
      ]);
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
