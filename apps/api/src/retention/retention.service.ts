import { LOCK_IDS, TaskStore, withSessionLock } from '@atropos/db';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryRunner } from 'typeorm';
import type { ApiConfig } from '../config/api.config.js';
import { PeriodicJob } from '../common/periodic-job.js';
import { API_CONFIG } from '../config/api.config.js';
import { AuditLogService } from '../audit/audit-log.service.js';

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
  /** Audit log entries older than AUDIT_RETENTION_DAYS (0 when it is 0). */
  auditEntries: number;
}

/**
 * Deletes final tasks (completed, failed, cancelled) completed more than RESULT_RETENTION_DAYS
 * ago, final workflow runs likewise together with their step tasks, bulk operations ended as long
 * ago with their reports, webhook deliveries made as long ago, and expired Idempotency-Keys:
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
    private readonly store: TaskStore,
    private readonly audit: AuditLogService,
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
      const auditEntries = await this.deleteExpiredAuditEntries(runner);
      if (this.config.resultRetentionDays === 0) {
        return { cutoff: null, tasks: 0, workflowRuns: 0, stepTasks: 0, idempotencyKeys, auditEntries };
      }
      // Fixed once, on the database's clock, so the loops end even while tasks keep completing.
      const [row] = (await runner.query(`SELECT now() - make_interval(days => $1) AS cutoff`, [this.config.resultRetentionDays])) as Array<{
        cutoff: Date;
      }>;
      const cutoff = row!.cutoff;
      const { workflowRuns, stepTasks } = await this.deleteExpiredRuns(runner, cutoff);
      const tasks = await this.deleteExpiredTasks(runner, cutoff);
      // Bulk operations ended as long ago, with their reports (bulk_operation_items, by cascade).
      await this.deleteInBatches(
        runner,
        `DELETE FROM bulk_operations WHERE id IN (
           SELECT id FROM bulk_operations WHERE finished_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff],
      );
      // Webhook deliveries made (delivered or given up on) as long ago, with their attempt logs (by cascade).
      await this.deleteInBatches(
        runner,
        `DELETE FROM webhook_deliveries WHERE id IN (
           SELECT id FROM webhook_deliveries WHERE created_at < $1 AND status <> 'pending' LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff],
      );
      return { cutoff, tasks, workflowRuns, stepTasks, idempotencyKeys, auditEntries };
    });
  }

  /** Final runs completed before the cutoff, each with its step tasks (TaskStore.expireRuns), a batch at a time. */
  private async deleteExpiredRuns(runner: QueryRunner, cutoff: Date): Promise<{ workflowRuns: number; stepTasks: number }> {
    let workflowRuns = 0;
    let stepTasks = 0;
    let deleted: number;
    do {
      const batch = await this.store.expireRuns(runner, cutoff, RUN_RETENTION_BATCH_SIZE);
      deleted = batch.runs;
      workflowRuns += batch.runs;
      stepTasks += batch.steps;
    } while (deleted === RUN_RETENTION_BATCH_SIZE && !this.periodic.stopping);
    return { workflowRuns, stepTasks };
  }

  /** Final tasks of no run completed before the cutoff (TaskStore.expireTasks), a batch at a time. */
  private async deleteExpiredTasks(runner: QueryRunner, cutoff: Date): Promise<number> {
    let total = 0;
    let deleted: number;
    do {
      deleted = await this.store.expireTasks(runner, cutoff, RETENTION_BATCH_SIZE);
      total += deleted;
    } while (deleted === RETENTION_BATCH_SIZE && !this.periodic.stopping);
    return total;
  }

  /** Audit log entries older than AUDIT_RETENTION_DAYS, a batch at a time (none with 0: kept forever). */
  private async deleteExpiredAuditEntries(runner: QueryRunner): Promise<number> {
    if (this.config.auditRetentionDays === 0) return 0;
    const [row] = (await runner.query(`SELECT now() - make_interval(days => $1) AS cutoff`, [this.config.auditRetentionDays])) as Array<{
      cutoff: Date;
    }>;
    let total = 0;
    let deleted: number;
    do {
      deleted = await this.audit.expire(runner, row!.cutoff, RETENTION_BATCH_SIZE);
      total += deleted;
    } while (deleted === RETENTION_BATCH_SIZE && !this.periodic.stopping);
    return total;
  }

  /** Idempotency-Keys past their expires_at (the keys a client may repeat a request with). */
  private async deleteExpiredIdempotencyKeys(runner: QueryRunner): Promise<number> {
    return this.deleteInBatches(
      runner,
      `DELETE FROM idempotency_keys WHERE (tenant, "key") IN (
         SELECT tenant, "key" FROM idempotency_keys WHERE expires_at < now() LIMIT $1 FOR UPDATE SKIP LOCKED)`,
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
    this.logger.log(
      `Sweep ${tasks}, ${report.idempotencyKeys} expired idempotency key(s) and ${report.auditEntries} audit log entr(ies) past AUDIT_RETENTION_DAYS`,
    );
  }
}
