import { TaskStatus, TaskTypeCatalog } from '@atropos/tasks';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { ShortCache } from '../common/short-cache.js';
import type { TaskStats } from './stats.schemas.js';
import type { CountRow } from './tally-counts.js';
import { tallyCounts } from './tally-counts.js';
import { DURATION_WINDOW_HOURS, THROUGHPUT_WINDOW_MINUTES } from './stats.schemas.js';

/**
 * How long one computation of the figures serves every request: a page full of dashboards polling
 * GET /tasks/stats then costs one set of queries per second per API process, not one per request
 * (they would stack up under load). `generated_at` tells how old the figures are.
 */
export const STATS_CACHE_MS = 1_000;

/**
 * For this long past STATS_CACHE_MS, a request is answered with the last figures while one
 * recomputation runs in the background. The counts cost the same at any table size, but the
 * duration percentiles sort every task completed in the last 24 hours, which is more on a busier
 * (hence larger) table: under a steady stream of requests none waits for that sort, so their
 * latency does not grow with it. A dashboard polling every few seconds still gets figures
 * computed for it, as before.
 */
export const STATS_STALE_MS = 1_000;

/** The rows of one tenant, the first parameter (null: every tenant's). */
const OF_TENANT = '($1::text IS NULL OR tenant = $1)';

/**
 * Figures about the tasks table, computed in PostgreSQL: no row is loaded into the API. The counts
 * come from the table of counts the triggers on tasks maintain (a few rows at any table size); the
 * windows read the tasks completed within them from the index on completed_at alone, which carries
 * the columns they need (migration CompletedAtCoveringIndex1767900000000): more entries on a busier
 * table, but no heap page (see STATS_STALE_MS). The three queries run in one REPEATABLE READ
 * transaction, so they see the same snapshot and the same now(): the counts add up and every window
 * ends at `generated_at`.
 */
@Injectable()
export class StatsService {
  private readonly cache = new ShortCache<TaskStats>(STATS_CACHE_MS, 1_000, STATS_STALE_MS);

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: TaskTypeCatalog,
  ) {}

  /** The figures of one tenant's tasks (null: all tenants), shared with the requests of the same second for it. */
  taskStats(tenant: string | null): Promise<TaskStats> {
    return this.cache.get(tenant === null ? '*' : `tenant:${tenant}`, () => this.compute(tenant));
  }

  private async compute(tenant: string | null): Promise<TaskStats> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const counts = await this.counts(manager, tenant);
      const durations = await this.durations(manager, tenant);
      const throughput = await this.throughput(manager, tenant);
      return { generated_at: durations.until, ...counts, durations: durations.stats, throughput };
    });
  }

  /**
   * From the counts the triggers on tasks maintain (migration TaskCounts1767700000000): the folded
   * counts plus the deltas not folded yet, in one statement, so a fold committing meanwhile is seen
   * entirely or not at all. It reads one row per (tenant, type, status) and per recent write
   * statement, however many tasks the table holds.
   */
  private async counts(manager: EntityManager, tenant: string | null): Promise<Pick<TaskStats, 'total' | 'by_status' | 'by_type'>> {
    const rows: CountRow[] = await manager.query(
      `SELECT task_type, status::text AS status, sum(count) AS count
         FROM (SELECT task_type, status, count FROM task_counts WHERE ${OF_TENANT}
               UNION ALL
               SELECT task_type, status, delta FROM task_count_deltas WHERE ${OF_TENANT}) AS counted
        GROUP BY task_type, status
       HAVING sum(count) <> 0`,
      [tenant],
    );
    return tallyCounts(rows, this.catalog.names());
  }

  /** p50 and p95 in one sort per type; an index-only scan of the index on completed_at reads the window's tasks. */
  private async durations(manager: EntityManager, tenant: string | null): Promise<{ until: string; stats: TaskStats['durations'] }> {
    const [window]: Array<{ since: Date; until: Date }> = await manager.query(
      `SELECT now() - make_interval(hours => $1) AS since, now() AS until`,
      [DURATION_WINDOW_HOURS],
    );
    const rows: Array<{ task_type: string; completed: string; percentiles: Array<number | null> }> = await manager.query(
      `SELECT task_type, count(*) AS completed,
              percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY duration_ms) AS percentiles
         FROM (SELECT task_type, extract(epoch FROM completed_at - started_at)::float8 * 1000 AS duration_ms
                 FROM tasks
                WHERE completed_at >= $2 AND status = $3 AND started_at IS NOT NULL AND ${OF_TENANT}) AS completed
        GROUP BY task_type`,
      [tenant, window!.since, TaskStatus.Completed],
    );
    const byType: TaskStats['durations']['by_type'] = Object.fromEntries(
      this.catalog.names().map((name) => [name, { completed: 0, p50_ms: null, p95_ms: null }]),
    );
    for (const row of rows) {
      const [p50, p95] = row.percentiles;
      byType[row.task_type] = { completed: Number(row.completed), p50_ms: roundMs(p50), p95_ms: roundMs(p95) };
    }
    return { until: window!.until.toISOString(), stats: { since: window!.since.toISOString(), by_type: byType } };
  }

  /** One row per minute from generate_series, so minutes without any completion are there as 0. */
  private async throughput(manager: EntityManager, tenant: string | null): Promise<TaskStats['throughput']> {
    const rows: Array<{ minute: Date; completed: string; failed: string }> = await manager.query(
      `WITH minutes AS (
         SELECT generate_series(date_trunc('minute', now()) - make_interval(mins => $1 - 1),
                                date_trunc('minute', now()), interval '1 minute') AS minute
       ), finished AS (
         SELECT date_trunc('minute', completed_at) AS minute,
                count(*) FILTER (WHERE status = $2) AS completed,
                count(*) FILTER (WHERE status = $3) AS failed
           FROM tasks
          WHERE completed_at >= date_trunc('minute', now()) - make_interval(mins => $1 - 1)
            AND status IN ($2, $3) AND ($4::text IS NULL OR tenant = $4)
          GROUP BY 1
       )
       SELECT minutes.minute, coalesce(finished.completed, 0) AS completed, coalesce(finished.failed, 0) AS failed
         FROM minutes LEFT JOIN finished USING (minute)
        ORDER BY minutes.minute`,
      [THROUGHPUT_WINDOW_MINUTES, TaskStatus.Completed, TaskStatus.Failed, tenant],
    );
    return {
      since: rows[0]!.minute.toISOString(),
      per_minute: rows.map((row) => ({
        minute: row.minute.toISOString(),
        completed: Number(row.completed),
        failed: Number(row.failed),
      })),
    };
  }
}

/** Milliseconds to one decimal: finer is noise, coarser hides sub-millisecond no-op tasks. */
function roundMs(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(value * 10) / 10;
}
