import type { DataSource } from 'typeorm';

/** Any fixed number: it names the lock that serialises migrations across replicas. */
const MIGRATION_LOCK_ID = 7_417_042;

/**
 * Runs pending migrations. Several API replicas may start at once; the advisory lock makes the
 * others wait and then find nothing left to do, instead of racing to create the same table.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}
