import type { TaskEntity } from '@atropos/db';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { invalidRequest } from '../common/validation.js';
import { TASK_REPOSITORY } from '../database/database.providers.js';
import { decodeCursor, encodeCursor } from './list-cursor.js';
import type { ListTasksQuery } from './task.schemas.js';
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
}
