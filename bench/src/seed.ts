import type { BenchDatabase } from './bench-database.js';

const CHUNK = 250_000;

/**
 * Fills the tasks table up to `rows` rows in SQL (INSERT … SELECT generate_series), in chunks so
 * progress shows. The rows look like real history: the four types, mostly completed with some
 * failed and cancelled, created over the last 20 days with their parameters, results and labels (a
 * `project` of 100 values, a `customer` of 5,000, for the label filter). All
 * are final, so the API's sweeper has nothing to re-queue; the bench API keeps them forever
 * (RESULT_RETENTION_DAYS=0). VACUUM ANALYZE afterwards, as autovacuum would get to in time.
 */
export async function seedTasks(db: BenchDatabase, rows: number, log: (line: string) => void): Promise<void> {
  const [{ count }] = (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM tasks')) as [{ count: number }];
  for (let from = count + 1; from <= rows; from += CHUNK) {
    const to = Math.min(rows, from + CHUNK - 1);
    await db.query(
      `INSERT INTO tasks (id, task_type, status, parameters, labels, priority, progress, result, error, attempts, max_attempts,
                          worker_id, created_at, updated_at, started_at, completed_at)
       SELECT gen_random_uuid(),
              (ARRAY['default', 'data_processing', 'report_generation', 'video_processing'])[1 + g % 4],
              s.status::task_status,
              jsonb_build_object('processing_time', g % 7, 'fail_attempts', 0, 'seed', g),
              jsonb_build_object('project', 'p' || (g % 100), 'customer', (g % 5000)::text),
              1 + g % 10,
              CASE WHEN s.status = 'completed' THEN 100 ELSE g % 100 END,
              CASE WHEN s.status = 'completed' THEN jsonb_build_object('message', 'done', 'count', g) END,
              CASE WHEN s.status = 'failed' THEN 'Simulated failure' END,
              1, 4, 'bench-seed', t.at, t.at + interval '2 seconds', t.at + interval '10 ms', t.at + interval '2 seconds'
         FROM generate_series($1::int, $2::int) AS g,
              LATERAL (SELECT CASE g % 20 WHEN 0 THEN 'failed' WHEN 1 THEN 'cancelled' ELSE 'completed' END AS status) AS s,
              -- Naming g makes the subquery run per row: uncorrelated, PostgreSQL computes it once for the
              -- whole statement, and every row of a chunk would share one random time.
              LATERAL (SELECT now() - interval '20 days' * random() + interval '0' * g AS at) AS t`,
      [from, to],
    );
    log(`seeded ${to.toLocaleString('en-US')} / ${rows.toLocaleString('en-US')} rows`);
  }
  await db.query('VACUUM ANALYZE tasks');
}

/** Some ids to ask for, spread over the whole table. */
export async function sampleIds(db: BenchDatabase, count: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(`SELECT id FROM tasks ORDER BY random() LIMIT $1`, [count]);
  return rows.map((row) => row.id);
}
