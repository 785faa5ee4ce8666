import type { BulkDryRun, BulkItemOutcome, BulkOperation, BulkOperationStatus, ManualTaskAction, TaskStatus } from '@atropos/tasks';
import { allows, TASK_STATUSES } from '@atropos/tasks';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager, Repository } from 'typeorm';
import { DataSource } from 'typeorm';
import type { TaskEntity } from '@atropos/db';
import { PeriodicJob } from '../common/periodic-job.js';
import { TASK_REPOSITORY } from '../database/database.providers.js';
import type { Caller } from '../security/caller.js';
import { visibleTenant } from '../security/caller.js';
import type { BatchOutcome } from './task-actions.service.js';
import { TaskActionsService } from './task-actions.service.js';
import type { TaskFilters } from './task-filters.js';
import { applyTaskFilters } from './task-filters.js';

/**
 * Tasks per batch: each batch is one transaction (one statement on the tasks, one on the items),
 * short enough that the rows it locks are free again within milliseconds, and the workers and the
 * other requests never wait behind a bulk action.
 */
export const BULK_BATCH_SIZE = 200;

/** How long an API process holds an operation without renewing its lease; another one takes it over after. */
const LEASE_MS = 15_000;

/** How often each API process looks for an operation nobody works on (queued, or its process died). */
const POLL_MS = 2_000;

/** Report lines read per query while streaming a report. */
const REPORT_PAGE = 1_000;

interface OperationRow {
  id: string;
  tenant: string | null;
  action: ManualTaskAction;
  filter: Record<string, string>;
  ids: string[] | null;
  status: BulkOperationStatus;
  matched: number;
  processed: number;
  acted: number;
  skipped: number;
  error: string | null;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/** What a bulk request asks, its filter already parsed. */
export interface BulkRequest {
  action: ManualTaskAction;
  /** As the body gave it, kept on the operation. */
  rawFilter: Record<string, string>;
  filters: TaskFilters;
  ids: string[] | undefined;
}

/**
 * Bulk actions (`POST /tasks/bulk`): a dry run counts; a real run is a row in `bulk_operations`
 * whose matched task ids are written to `bulk_operation_items` at once, then worked through in
 * batches of BULK_BATCH_SIZE by whichever API process holds the operation's lease (taken with
 * `FOR UPDATE SKIP LOCKED`, renewed each batch), each batch through TaskActionsService.applyBatch
 * so it is guarded by the transition table like a single action. The items without an outcome are
 * what is left to do, so a process that dies mid-way leaves the rest to the next one, and the
 * items are the report.
 */
@Injectable()
export class BulkOperationsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BulkActions');
  private readonly periodic: PeriodicJob;
  private working: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TASK_REPOSITORY) private readonly tasks: Repository<TaskEntity>,
    private readonly actions: TaskActionsService,
  ) {
    this.periodic = new PeriodicJob(
      () => this.workAll(),
      POLL_MS,
      (error) => this.logger.warn(`Bulk actions paused: ${String(error)}`),
    );
  }

  onApplicationBootstrap(): void {
    this.periodic.start({ runNow: true });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.periodic.stop();
    await this.working;
  }

  /** How many tasks the request matches, by status, and to how many the action applies now. */
  async dryRun(request: BulkRequest, caller: Caller): Promise<BulkDryRun> {
    const rows = await this.matching(request, visibleTenant(caller))
      .select('task.status', 'status')
      .addSelect('count(*)::int', 'count')
      .groupBy('task.status')
      .getRawMany<{ status: TaskStatus; count: number }>();
    const byStatus: Partial<Record<TaskStatus, number>> = {};
    for (const status of TASK_STATUSES) {
      const row = rows.find((each) => each.status === status);
      if (row) byStatus[status] = row.count;
    }
    return {
      dry_run: true,
      action: request.action,
      matched: rows.reduce((sum, row) => sum + row.count, 0),
      applicable: rows.filter((row) => allows(row.status, request.action)).reduce((sum, row) => sum + row.count, 0),
      by_status: byStatus,
    };
  }

  /**
   * Starts the operation: its row, and one item per task matched now (one INSERT … SELECT, no task
   * locked), then wakes this process's runner. Tasks created later are not part of it.
   */
  async start(request: BulkRequest, caller: Caller): Promise<BulkOperation> {
    const id = randomUUID();
    const tenant = visibleTenant(caller);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO bulk_operations (id, tenant, action, filter, ids, created_by, created_by_key_id)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7)`,
        [
          id,
          tenant,
          request.action,
          JSON.stringify(request.rawFilter),
          request.ids ? JSON.stringify(request.ids) : null,
          caller.keyName,
          caller.keyId,
        ],
      );
      const [sql, parameters] = this.matching(request, tenant, manager.getRepository<TaskEntity>(this.tasks.target))
        .select('task.id')
        .getQueryAndParameters();
      const offset = parameters.length;
      await manager.query(
        `INSERT INTO bulk_operation_items (operation_id, task_id) SELECT $${offset + 1}::uuid, matched.task_id FROM (${sql}) matched`,
        [...(parameters as unknown[]), id],
      );
      await manager.query(
        `UPDATE bulk_operations SET matched = (SELECT count(*) FROM bulk_operation_items WHERE operation_id = $1) WHERE id = $1`,
        [id],
      );
    });
    this.wake();
    return this.get(id, tenant);
  }

  /** The operation, if `tenant` may see it (null: any); else 404. */
  async get(id: string, tenant: string | null): Promise<BulkOperation> {
    const [row] = await this.dataSource.query<OperationRow[]>(
      `SELECT * FROM bulk_operations WHERE id = $1 AND ($2::varchar IS NULL OR tenant = $2)`,
      [id, tenant],
    );
    if (!row) throw new NotFoundException(`No bulk operation with id ${id}`);
    const reasons = await this.dataSource.query<Array<{ reason: string; count: number }>>(
      `SELECT reason, count(*)::int AS count FROM bulk_operation_items WHERE operation_id = $1 AND outcome = 'skipped'
        GROUP BY reason ORDER BY count DESC, reason`,
      [id],
    );
    return present(row, Object.fromEntries(reasons.map((reason) => [reason.reason, reason.count])));
  }

  /**
   * Stops an operation that has not finished: the batch under way completes (it is one
   * transaction), no other starts, and the tasks not reached are reported `not_processed`.
   */
  async cancel(id: string, tenant: string | null): Promise<BulkOperation> {
    await this.get(id, tenant);
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE bulk_operations SET status = 'cancelled', finished_at = now(), lease_expires_at = NULL
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [id],
    );
    if (rows.length === 0) {
      const current = await this.get(id, tenant);
      throw new ConflictException(`Bulk operation ${id} is already ${current.status}`);
    }
    await this.closeItems(id, 'cancelled before it was reached');
    return this.get(id, tenant);
  }

  /** The report, a page at a time in task id order: what became of each task matched. */
  async *report(
    id: string,
    tenant: string | null,
  ): AsyncGenerator<Array<{ task_id: string; outcome: BulkItemOutcome; reason: string | null }>> {
    await this.get(id, tenant);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.dataSource.query<Array<{ task_id: string; outcome: BulkItemOutcome; reason: string | null }>>(
        `SELECT task_id, COALESCE(outcome, 'not_processed') AS outcome,
                CASE WHEN outcome IS NULL THEN 'not reached yet' ELSE reason END AS reason
           FROM bulk_operation_items WHERE operation_id = $1 AND task_id > $2 ORDER BY task_id LIMIT $3`,
        [id, after, REPORT_PAGE],
      );
      if (rows.length > 0) yield rows;
      if (rows.length < REPORT_PAGE) return;
      after = rows.at(-1)!.task_id;
    }
  }

  /** Runs the runner now rather than at its next poll (a new operation was just started). */
  private wake(): void {
    if (this.working || this.periodic.stopping) return;
    this.working = this.workAll()
      .catch((error: unknown) => this.logger.warn(`Bulk actions paused: ${String(error)}`))
      .finally(() => {
        this.working = undefined;
      });
  }

  /** Takes one operation after another that no live process holds, until none is left. */
  private async workAll(): Promise<void> {
    while (!this.periodic.stopping) {
      const operation = await this.claim();
      if (!operation) return;
      await this.work(operation);
    }
  }

  private async claim(): Promise<OperationRow | undefined> {
    const [rows] = await this.dataSource.query<[OperationRow[], number]>(
      `UPDATE bulk_operations SET status = 'running', started_at = COALESCE(started_at, now()),
              lease_expires_at = now() + $1 * interval '1 millisecond'
        WHERE id = (SELECT id FROM bulk_operations
                     WHERE status IN ('queued', 'running') AND (lease_expires_at IS NULL OR lease_expires_at < now())
                     ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [LEASE_MS],
    );
    return rows[0];
  }

  /** Batch after batch while the operation is still ours (not cancelled, lease renewed); then its end. */
  private async work(operation: OperationRow): Promise<void> {
    try {
      while (!this.periodic.stopping) {
        const rows = await this.dataSource.query<Array<{ task_id: string }>>(
          `SELECT task_id FROM bulk_operation_items WHERE operation_id = $1 AND outcome IS NULL ORDER BY task_id LIMIT $2`,
          [operation.id, BULK_BATCH_SIZE],
        );
        const ids = rows.map((row) => row.task_id);
        if (ids.length === 0) {
          await this.dataSource.query(
            `UPDATE bulk_operations SET status = 'completed', finished_at = now(), lease_expires_at = NULL WHERE id = $1 AND status = 'running'`,
            [operation.id],
          );
          this.logger.log(`Bulk ${operation.action} ${operation.id} done`);
          return;
        }
        await this.actions.applyBatch(operation.action, ids, async (manager, outcomes) => {
          // Renews the lease, and stops at a cancel: the row lock makes a cancel wait for this batch, or this batch for it.
          const [owned] = await manager.query<[unknown[], number]>(
            `UPDATE bulk_operations SET lease_expires_at = now() + $2 * interval '1 millisecond',
                    processed = processed + $3, acted = acted + $4, skipped = skipped + $5
              WHERE id = $1 AND status = 'running' RETURNING id`,
            [
              operation.id,
              LEASE_MS,
              outcomes.length,
              outcomes.filter((outcome) => outcome.outcome === 'acted').length,
              outcomes.filter((outcome) => outcome.outcome === 'skipped').length,
            ],
          );
          if (owned.length === 0) throw new OperationStopped();
          await recordOutcomes(manager, operation.id, outcomes);
        });
      }
    } catch (error) {
      if (error instanceof OperationStopped) return;
      this.logger.error(`Bulk ${operation.action} ${operation.id} failed: ${String(error)}`);
      await this.dataSource.query(
        `UPDATE bulk_operations SET status = 'failed', error = $2, finished_at = now(), lease_expires_at = NULL
          WHERE id = $1 AND status = 'running'`,
        [operation.id, error instanceof Error ? error.message : String(error)],
      );
      await this.closeItems(operation.id, 'not reached: the operation failed');
    }
  }

  private async closeItems(id: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE bulk_operation_items SET outcome = 'not_processed', reason = $2 WHERE operation_id = $1 AND outcome IS NULL`,
      [id, reason],
    );
  }

  /** The tasks the request matches, for `tenant` (null: every tenant's): the list's filters, and the ids if given. */
  private matching(request: BulkRequest, tenant: string | null, repository: Repository<TaskEntity> = this.tasks) {
    const builder = repository.createQueryBuilder('task');
    applyTaskFilters(builder, request.filters);
    if (tenant !== null) builder.andWhere('task.tenant = :tenant', { tenant });
    if (request.ids) builder.andWhere('task.id IN (:...bulkIds)', { bulkIds: request.ids });
    return builder;
  }
}

/** Thrown inside a batch's transaction when the operation was cancelled meanwhile: the batch is rolled back. */
class OperationStopped extends Error {}

async function recordOutcomes(manager: EntityManager, operationId: string, outcomes: BatchOutcome[]): Promise<void> {
  await manager.query(
    `UPDATE bulk_operation_items i SET outcome = v.outcome, reason = v.reason
       FROM unnest($2::uuid[], $3::varchar[], $4::text[]) AS v(task_id, outcome, reason)
      WHERE i.operation_id = $1 AND i.task_id = v.task_id`,
    [
      operationId,
      outcomes.map((outcome) => outcome.id),
      outcomes.map((outcome) => outcome.outcome),
      outcomes.map((outcome) => outcome.reason),
    ],
  );
}

function present(row: OperationRow, skippedByReason: Record<string, number>): BulkOperation {
  return {
    id: row.id,
    action: row.action,
    filter: row.filter,
    ids: row.ids,
    status: row.status,
    matched: row.matched,
    processed: row.processed,
    acted: row.acted,
    skipped: row.skipped,
    skipped_by_reason: skippedByReason,
    progress: row.matched === 0 ? 100 : Math.floor((row.processed / row.matched) * 100),
    error: row.error,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    started_at: row.started_at?.toISOString() ?? null,
    finished_at: row.finished_at?.toISOString() ?? null,
  };
}
