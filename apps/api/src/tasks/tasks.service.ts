import { TaskEntity } from '@atropos/db';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
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
