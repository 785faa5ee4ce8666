import { TaskEntity } from '@atropos/db';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { In } from 'typeorm';
import type { Repository } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { invalidRequest } from '../common/validation.js';
import { TASK_REPOSITORY } from '../database/database.providers.js';
import { decodeCursor, encodeCursor } from './list-cursor.js';
import type { ListTasksQuery } from './task.schemas.js';
import type { ExportFormat } from './task-export-format.js';
import { exportSelection, exportStatement } from './task-export-query.js';
import type { TaskFilters } from './task-filters.js';
import { applyTaskFilters } from './task-filters.js';

@Injectable()
export class TasksService {
  constructor(@Inject(TASK_REPOSITORY) private readonly tasks: Repository<TaskEntity>) {}

  /** The task, if `tenant` may see it (null: any tenant); else 404, as if it did not exist. */
  async get(id: string, tenant: string | null): Promise<TaskEntity> {
    const task = await this.tasks.findOneBy(tenant === null ? { id } : { id, tenant });
    if (!task) throw new NotFoundException(`No task with id ${id}`);
    return task;
  }

  /** The tasks of `ids` that `tenant` may see (null: any tenant), in the order of `ids`, in one query; the others left out. */
  async getMany(ids: string[], tenant: string | null): Promise<TaskEntity[]> {
    if (ids.length === 0) return [];
    const found = await this.tasks.findBy(tenant === null ? { id: In(ids) } : { id: In(ids), tenant });
    const byId = new Map(found.map((task) => [task.id, task]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * Newest first, by keyset on (created_at, id): constant cost per page however deep. With a label
   * filter, the page is read in the order of that label's rows in `task_labels` (same created_at,
   * same id): PostgreSQL walks the label's newest entries and stops at the page, where the
   * `created_at` index would pass every task of other labels, and the GIN index every task of this
   * one. The other filters (further labels included) still apply to each task; the driving label
   * is not tested again with `@>`, which would only mislead the planner's row estimate.
   */
  async list(query: ListTasksQuery, tenant: string | null): Promise<{ tasks: TaskEntity[]; nextCursor: string | null }> {
    const builder = this.tasks.createQueryBuilder('task').limit(query.limit + 1);
    const [label, ...otherLabels] = Object.entries(query.labels);
    const order = label ? { createdAt: 'label.created_at', id: 'label.task_id' } : { createdAt: 'task.createdAt', id: 'task.id' };
    if (label) {
      builder.innerJoin('task_labels', 'label', 'label.task_id = task.id AND label.key = :labelKey AND label.value = :labelValue', {
        labelKey: label[0],
        labelValue: label[1],
      });
    }
    builder.orderBy(order.createdAt, 'DESC').addOrderBy(order.id, 'DESC');
    applyTaskFilters(builder, { ...query, labels: Object.fromEntries(otherLabels) });
    if (tenant !== null) builder.andWhere('task.tenant = :tenant', { tenant });
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor);
      if (!cursor) {
        throw invalidRequest([{ field: 'cursor', message: 'is not a cursor this API returned; start again without it' }]);
      }
      builder.andWhere(`(${order.createdAt}, ${order.id}) < (:createdAt, :id)`, cursor);
    }
    const rows = await builder.getMany();
    const tasks = rows.slice(0, query.limit);
    const last = tasks.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeCursor(last) : null;
    return { tasks, nextCursor };
  }

  /**
   * Every task matching the filters, newest first, in the format, as PostgreSQL writes it: one
   * COPY statement (one consistent snapshot, planned and run once) on a connection of its own,
   * read as the caller takes the bytes (the connection's socket pauses when the client is slow).
   * Only `tenant`'s tasks (null: every tenant's), as the list. The caller caps how many run at once.
   */
  async *exportChunks(filters: TaskFilters, tenant: string | null, format: ExportFormat): AsyncGenerator<Buffer, void, undefined> {
    const builder = this.tasks.createQueryBuilder('task').select([]);
    for (const { expression, alias } of exportSelection(format)) builder.addSelect(expression, alias);
    builder.orderBy('task.createdAt', 'DESC').addOrderBy('task.id', 'DESC');
    applyTaskFilters(builder, filters);
    if (tenant !== null) builder.andWhere('task.tenant = :tenant', { tenant });
    const [sql, parameters] = builder.getQueryAndParameters();
    // TypeORM's query runner cannot run a COPY stream: the export borrows a client of its pool.
    const pool = (this.tasks.manager.dataSource.driver as PostgresDriver).master as Pool;
    const client = await pool.connect();
    let ended = false;
    try {
      const stream = client.query(copyTo(exportStatement(sql, parameters, format)));
      for await (const chunk of stream) yield chunk as Buffer;
      ended = true;
    } finally {
      // Left mid-COPY (the client went away, or a query failed), the connection cannot be reused:
      // it is closed, which also ends the statement in PostgreSQL.
      client.release(!ended);
    }
  }
}
