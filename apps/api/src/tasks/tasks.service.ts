import { TaskEntity } from '@atropos/db';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { invalidRequest } from '../common/validation.js';
import { TASK_REPOSITORY } from '../database/database.providers.js';
import { decodeCursor, encodeCursor } from './list-cursor.js';
import type { ListTasksQuery } from './task.schemas.js';
import type { TaskFilters } from './task-filters.js';
import { applyTaskFilters } from './task-filters.js';

/**
 * Rows per query of an export: big enough that round trips do not dominate, small enough that a
 * batch of tasks with large results stays a few megabytes in memory.
 */
const EXPORT_BATCH_SIZE = 100;

@Injectable()
export class TasksService {
  constructor(@Inject(TASK_REPOSITORY) private readonly tasks: Repository<TaskEntity>) {}

  /** The task, if `tenant` may see it (null: any tenant); else 404, as if it did not exist. */
  async get(id: string, tenant: string | null): Promise<TaskEntity> {
    const task = await this.tasks.findOneBy(tenant === null ? { id } : { id, tenant });
    if (!task) throw new NotFoundException(`No task with id ${id}`);
    return task;
  }

  /** Newest first, by keyset on (created_at, id): constant cost per page however deep. */
  async list(query: ListTasksQuery, tenant: string | null): Promise<{ tasks: TaskEntity[]; nextCursor: string | null }> {
    const builder = this.tasks
      .createQueryBuilder('task')
      .orderBy('task.createdAt', 'DESC')
      .addOrderBy('task.id', 'DESC')
      .limit(query.limit + 1);
    applyTaskFilters(builder, query);
    if (tenant !== null) builder.andWhere('task.tenant = :tenant', { tenant });
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor);
      if (!cursor) {
        throw invalidRequest([{ field: 'cursor', message: 'is not a cursor this API returned; start again without it' }]);
      }
      builder.andWhere('(task.createdAt, task.id) < (:createdAt, :id)', cursor);
    }
    const rows = await builder.getMany();
    const tasks = rows.slice(0, query.limit);
    const last = tasks.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeCursor(last) : null;
    return { tasks, nextCursor };
  }

  /**
   * Every task matching the filters, newest first, a batch at a time, read through a server-side
   * cursor: one query, planned and run once (a keyset page per batch would make PostgreSQL find
   * and sort every match again for each batch), of which the API holds one batch at a time. The
   * cursor lives in a read-only transaction on a connection of its own until the export ends, so
   * the export is one consistent snapshot; the caller caps how many run at once. Only `tenant`'s
   * tasks (null: every tenant's), as the list.
   */
  async *exportBatches(
    filters: TaskFilters,
    tenant: string | null,
    batchSize = EXPORT_BATCH_SIZE,
  ): AsyncGenerator<TaskEntity[], void, undefined> {
    const builder = this.tasks.createQueryBuilder('task').orderBy('task.createdAt', 'DESC').addOrderBy('task.id', 'DESC');
    applyTaskFilters(builder, filters);
    if (tenant !== null) builder.andWhere('task.tenant = :tenant', { tenant });
    const [sql, parameters] = builder.getQueryAndParameters();
    const runner = this.tasks.manager.dataSource.createQueryRunner('slave');
    await runner.connect();
    let committed = false;
    try {
      await runner.query('BEGIN READ ONLY');
      await runner.query(`DECLARE task_export NO SCROLL CURSOR FOR ${sql}`, parameters);
      for (;;) {
        const rows = (await runner.query(`FETCH ${batchSize} FROM task_export`)) as Array<Record<string, unknown>>;
        if (rows.length > 0) yield rows.map((row) => this.fromRaw(row));
        if (rows.length < batchSize) break;
      }
      await runner.query('COMMIT');
      committed = true;
    } finally {
      // Ended early (the client went away, or a query failed): the connection goes back to the pool clean.
      if (!committed) await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }

  /** A row the query builder selected (columns aliased `task_<column>`) as the entity, as getMany would build it. */
  private fromRaw(row: Record<string, unknown>): TaskEntity {
    const task = new TaskEntity();
    for (const column of this.tasks.metadata.columns) {
      column.setEntityValue(task, row[`task_${column.databaseName}`]);
    }
    return task;
  }
}
