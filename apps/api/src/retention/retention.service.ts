import { LOCK_IDS, withSessionLock } from '@atropos/db';
import { FINAL_STATUSES, FINAL_WORKFLOW_RUN_STATUSES } from '@atropos/tasks';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryRunner } from 'typeorm';
import type { ApiConfig } from '../config/api.config.js';
import { PeriodicJob } from '../common/periodic-job.js';
import { API_CONFIG } from '../config/api.config.js';

/**
 * Rows deleted per statement. Each batch is its own short transaction, so the sweep never holds
 * locks for long, however many rows are due, and workers' writes go on meanwhile.
 */
export const RETENTION_BATCH_SIZE = 10_000;

/**
 * Workflow runs deleted per statement, each with all its step tasks: fewer than tasks, so that a
 * statement still deletes about RETENTION_BATCH_SIZE rows when runs have several steps.
 */
export const RUN_RETENTION_BATCH_SIZE = 1_000;

export interface SweepReport {
  /** Final tasks and runs whose completed_at was before this time were due. Null when RESULT_RETENTION_DAYS is 0. */
  cutoff: Date | null;
  /** Tasks of no workflow run. */
  tasks: number;
  workflowRuns: number;
  /** The tasks of the deleted runs, deleted with them. */
  stepTasks: number;
  idempotencyKeys: number;
}

/**
 * Deletes final tasks (completed, failed, cancelled) completed more than RESULT_RETENTION_DAYS
 * ago, final workflow runs likewise together with their step tasks, and expired Idempotency-Keys:
 * once at start, then every RETENTION_SWEEP_INTERVAL_MS. A step task goes only with its run, so a
 * run that may still be resumed (running, paused, or failed within the period) keeps the results
 * of its completed steps, however old they are.
 * Every replica schedules it; a PostgreSQL advisory lock lets only one run a given sweep, and
 * the others skip theirs.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private readonly periodic: PeriodicJob;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly dataSource: DataSource,
  ) {
    this.periodic = new PeriodicJob(
      async () => this.logReport(await this.sweep()),
      config.retentionSweepIntervalMs,
      (error) => this.logger.warn(`Sweep failed; next one in ${config.retentionSweepIntervalMs} ms: ${String(error)}`),
    );
  }

  onApplicationBootstrap(): void {
    // Runs in the background: a first sweep over a large backlog must not delay serving requests.
    this.periodic.start({ runNow: true });
  }

  /** Lets a running sweep finish its current batch, before the pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.periodic.stop();
  }

  /**
   * One sweep, if no other replica is running one: returns what it deleted, or null when another
   * replica held the lock. The lock is a session lock on a connection of its own, held across
   * the batches, each of which commits on its own.
   */
  async sweep(): Promise<SweepReport | null> {
    return withSessionLock(this.dataSource, LOCK_IDS.retention, async (runner) => {
      const idempotencyKeys = await this.deleteExpiredIdempotencyKeys(runner);
      if (this.config.resultRetentionDays === 0) return { cutoff: null, tasks: 0, workflowRuns: 0, stepTasks: 0, idempotencyKeys };
      // Fixed once, on the database's clock, so the loops end even while tasks keep completing.
      const [row] = (await runner.query(`SELECT now() - make_interval(days => $1) AS cutoff`, [
        this.config.resultRetentionDays,
      ])) as Array<{ cutoff: Date }>;
      const cutoff = row!.cutoff;
      const { workflowRuns, stepTasks } = await this.deleteExpiredRuns(runner, cutoff);
      const tasks = await this.deleteExpiredTasks(runner, cutoff);
      return { cutoff, tasks, workflowRuns, stepTasks, idempotencyKeys };
    });
  }

  /**
   * Final runs completed before the cutoff, each with its step tasks in the same statement, a batch
   * at a time. The partial index on workflow_runs.completed_at finds the runs, tasks_workflow_run_idx
   * their tasks. FOR UPDATE re-checks a run's status at delete time, so a run resumed meanwhile is
   * kept, and SKIP LOCKED never waits on a run the engine holds (it is left for the next sweep).
   */
  private async deleteExpiredRuns(runner: QueryRunner, cutoff: Date): Promise<{ workflowRuns: number; stepTasks: number }> {
    let workflowRuns = 0;
    let stepTasks = 0;
    let deleted: number;
    do {
      const [row] = (await runner.query(
        `WITH due AS (
           SELECT id FROM workflow_runs
            WHERE completed_at < $1 AND status = ANY($2::workflow_run_status[])
            LIMIT $3
              FOR UPDATE SKIP LOCKED),
         steps AS (DELETE FROM tasks WHERE workflow_run_id IN (SELECT id FROM due) RETURNING 1),
         runs AS (DELETE FROM workflow_runs WHERE id IN (SELECT id FROM due) RETURNING 1)
         SELECT (SELECT count(*) FROM runs)::int AS runs, (SELECT count(*) FROM steps)::int AS steps`,
        [cutoff, [...FINAL_WORKFLOW_RUN_STATUSES], RUN_RETENTION_BATCH_SIZE],
      )) as Array<{ runs: number; steps: number }>;
      deleted = row!.runs;
      workflowRuns += deleted;
      stepTasks += row!.steps;
    } while (deleted === RUN_RETENTION_BATCH_SIZE && !this.periodic.stopping);
    return { workflowRuns, stepTasks };
  }

  /**
   * Final tasks of no run completed before the cutoff, a batch at a time. A step task is left to its
   * run: deleting it alone would make a resume run its step again, or fail on a reference to its
   * result. The partial index on completed_at finds the rows; FOR UPDATE re-checks each one's status
   * at delete time, so a task retried meanwhile is kept, and SKIP LOCKED never waits on a row being
   * written (it is left for the next sweep).
   */
  private async deleteExpiredTasks(runner: QueryRunner, cutoff: Date): Promise<number> {
    return this.deleteInBatches(
      runner,
      `DELETE FROM tasks WHERE id IN (
         SELECT id FROM tasks
          WHERE completed_at < $1 AND status = ANY($2::task_status[]) AND workflow_run_id IS NULL
          LIMIT $3
            FOR UPDATE SKIP LOCKED)`,
      [cutoff, [...FINAL_STATUSES]],
    );
  }

  /** Idempotency-Keys past their expires_at (the keys a client may repeat a request with). */
  private async deleteExpiredIdempotencyKeys(runner: QueryRunner): Promise<number> {
    return this.deleteInBatches(
      runner,
      `DELETE FROM idempotency_keys WHERE "key" IN (
         SELECT "key" FROM idempotency_keys WHERE expires_at < now() LIMIT $1 FOR UPDATE SKIP LOCKED)`,
      [],
    );
  }

  /** Runs `sql` (whose last parameter is the batch size) until a batch deletes less than a full batch. */
  private async deleteInBatches(runner: QueryRunner, sql: string, parameters: unknown[]): Promise<number> {
    let total = 0;
    let deleted: number;
    do {
      const result = await runner.query(sql, [...parameters, RETENTION_BATCH_SIZE], true);
      deleted = result.affected ?? 0;
      total += deleted;
      // A shutdown stops the sweep between batches; the next start carries on.
    } while (deleted === RETENTION_BATCH_SIZE && !this.periodic.stopping);
    return total;
  }

  private logReport(report: SweepReport | null): void {
    if (!report) {
      this.logger.log('Sweep skipped: another replica is running one');
      return;
    }
    const tasks = report.cutoff
      ? `deleted ${report.tasks} final task(s) completed before ${report.cutoff.toISOString()}, ` +
        `${report.workflowRuns} final workflow run(s) with their ${report.stepTasks} step task(s)`
      : 'kept every task and workflow run (RESULT_RETENTION_DAYS=0)';
    this.logger.log(`Sweep ${tasks}, and ${report.idempotencyKeys} expired idempotency key(s)`);
  }
}
