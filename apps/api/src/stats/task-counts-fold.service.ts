import { LOCK_IDS } from '@atropos/db';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PeriodicJob } from '../common/periodic-job.js';

/**
 * How often the deltas are folded into the counts. Between folds a read of the counts also sums
 * the deltas written since the last one: about one row per write statement of tasks, so a second's
 * worth stays a small read even under a heavy load of writes.
 */
export const TASK_COUNTS_FOLD_INTERVAL_MS = 1_000;

/**
 * Moves the rows of `task_count_deltas` (appended by the triggers on tasks, see the migration
 * TaskCounts1767700000000) into `task_counts`: at start, then every TASK_COUNTS_FOLD_INTERVAL_MS.
 * Every replica schedules it; a transaction-scoped advisory lock lets one fold at a time, and the
 * others skip theirs (two folds at once would be correct, but could deadlock on the counter rows).
 */
@Injectable()
export class TaskCountsFoldService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TaskCounts');
  private readonly periodic: PeriodicJob;

  constructor(private readonly dataSource: DataSource) {
    this.periodic = new PeriodicJob(
      () => this.fold(),
      TASK_COUNTS_FOLD_INTERVAL_MS,
      (error) => this.logger.warn(`Fold of the task counts failed; next one in ${TASK_COUNTS_FOLD_INTERVAL_MS} ms: ${String(error)}`),
    );
  }

  onApplicationBootstrap(): void {
    this.periodic.start({ runNow: true });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.periodic.stop();
  }

  /**
   * One fold, in one transaction: the deltas it deletes are the ones it adds (those committed
   * meanwhile are not seen by its DELETE and wait for the next fold), and a reader sees either
   * all of them as deltas or all of them in the counts. Returns the number of deltas folded, or
   * null when another replica was folding.
   */
  async fold(): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const [lock] = await manager.query<Array<{ locked: boolean }>>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
        LOCK_IDS.taskCountsFold,
      ]);
      if (!lock?.locked) return null;
      const [moved] = await manager.query<Array<{ n: number }>>(
        `WITH moved AS (
           DELETE FROM task_count_deltas RETURNING tenant, task_type, status, delta
         ), added AS (
           INSERT INTO task_counts (tenant, task_type, status, count)
           SELECT tenant, task_type, status, sum(delta) FROM moved GROUP BY 1, 2, 3
           ON CONFLICT (tenant, task_type, status) DO UPDATE SET count = task_counts.count + EXCLUDED.count
         )
         SELECT count(*)::int AS n FROM moved`,
      );
      // Types and tenants whose tasks are all gone leave the table (a separate statement: the one
      // above cannot see its own updates).
      if (moved!.n > 0) await manager.query('DELETE FROM task_counts WHERE count = 0');
      return moved!.n;
    });
  }
}
