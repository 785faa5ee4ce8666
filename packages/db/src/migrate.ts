import type { DataSource, QueryRunner } from 'typeorm';

/** Any fixed number: it names the lock that serialises migrations across replicas. */
const MIGRATION_LOCK_ID = 7_417_042;

/** How often a replica that finds the lock taken asks again. */
const LOCK_POLL_MS = 200;

/**
 * Runs pending migrations. Several API replicas may start at once; the advisory lock makes the
 * others wait and then find nothing left to do, instead of racing to create the same table.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Polled, not waited for with pg_advisory_lock: a session blocked in that call holds a
    // snapshot, and a CREATE INDEX CONCURRENTLY in the holder's migrations waits for every older
    // snapshot to end, so the two would wait for each other forever.
    while (!(await tryLock(runner))) await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}

async function tryLock(runner: QueryRunner): Promise<boolean> {
  const [row] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_ID])) as Array<{ locked: boolean }>;
  return row?.locked === true;
}
