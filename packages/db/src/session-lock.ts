import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Runs `work` only if this process gets the PostgreSQL advisory lock `lockId`, on a connection of
 * its own that holds the lock until `work` is done; returns null at once when another replica
 * holds it. Periodic jobs (retention, the sweeper) use it so that one replica runs at a time.
 */
export async function withSessionLock<T>(
  dataSource: DataSource,
  lockId: number,
  work: (runner: QueryRunner) => Promise<T>,
): Promise<T | null> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [lockId])) as Array<{ locked: boolean }>;
    if (!row?.locked) return null;
    try {
      return await work(runner);
    } finally {
      // Should the unlock fail, the connection is broken: the pool drops it, and PostgreSQL frees
      // a session's locks when its connection ends.
      await runner.query('SELECT pg_advisory_unlock($1)', [lockId]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}

/** Lock ids, one per job that must run on one replica at a time. */
export const LOCK_IDS = {
  migrations: 7_417_042,
  retention: 7_417_043,
  sweeper: 7_417_044,
  workflowSweep: 7_417_045,
  taskCountsFold: 7_417_046,
} as const;
