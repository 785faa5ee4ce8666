import { ReadCollapser, TaskEntity } from '@atropos/db';
import type { TaskStatus } from '@atropos/tasks';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { In } from 'typeorm';
import type { Repository } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { invalidRequest } from '../common/validation.js';
import { TASK_REPOSITORY } from '../database/database.providers.js';
import type { ListCursor } from './list-cursor.js';
import { decodeCursor, encodeCursor } from './list-cursor.js';
import type { ListOptionalField } from './list-tasks.query.js';
import { LIST_OPTIONAL_FIELDS } from './list-tasks.query.js';
import type { ListTasksQuery, TaskView } from './task.schemas.js';
import type { ExportFormat } from './task-export-format.js';
import { exportSelection, exportStatement } from './task-export-query.js';
import { iso, jsonObjectOf, STATUS_FIELDS, TASK_FIELDS } from './task-view-sql.js';
import { ARTIFACT_LIST_SQL } from '../artifacts/artifacts.service.js';
import type { TaskFilters } from './task-filters.js';
import { applyTaskFilters } from './task-filters.js';

/** What the read routes answer: the JSON text PostgreSQL wrote, sent as it is. */
export type JsonText = string;

/** A task's JSON for `GET /tasks/{id}`, with what decides whether to ask why it waits. */
export interface TaskDetailJson {
  json: JsonText;
  id: string;
  status: TaskStatus;
  taskType: string;
}

// Named statements: each pooled connection parses and plans them once, then only binds and runs them.
const STATUS_QUERY = {
  name: 'task-status-view',
  text: `SELECT ${jsonObjectOf(STATUS_FIELDS)} AS json FROM tasks task WHERE task.id = $1 AND ($2::text IS NULL OR task.tenant = $2)`,
};
const DETAIL_QUERY = {
  name: 'task-detail-view',
  // waiting_reason is null here; the controller fills it in for a task that waits.
  text: `SELECT ${jsonObjectOf(TASK_FIELDS, { artifacts: ARTIFACT_LIST_SQL, waiting_reason: 'NULL' })} AS json,
                task.id, task.status, task.task_type
           FROM tasks task WHERE task.id = $1 AND ($2::text IS NULL OR task.tenant = $2)`,
};

/** The fields of a page's tasks: all but the optional ones not asked for, in the order of the whole view. */
function summaryFields(include: readonly ListOptionalField[]): Array<keyof TaskView> {
  return TASK_FIELDS.filter((field) => !isOptional(field) || include.includes(field));
}

const isOptional = (field: string): field is ListOptionalField => (LIST_OPTIONAL_FIELDS as readonly string[]).includes(field);

@Injectable()
export class TasksService {
  /** TypeORM's own pool, for the read routes' statements (named, and answering JSON text). */
  private readonly pool: Pool;
  /** Pages asked for at the same time with the same filters are read once (see ReadCollapser). */
  private readonly pages: ReadCollapser;

  constructor(@Inject(TASK_REPOSITORY) private readonly tasks: Repository<TaskEntity>) {
    this.pool = (tasks.manager.dataSource.driver as PostgresDriver).master as Pool;
    this.pages = new ReadCollapser(this.pool);
  }

  /** `GET /tasks/{id}/status`'s JSON, if `tenant` may see the task (null: any tenant); else 404. */
  async statusJson(id: string, tenant: string | null): Promise<JsonText> {
    const { rows } = await this.pool.query<{ json: string }>({ ...STATUS_QUERY, values: [id, tenant] });
    if (!rows[0]) throw new NotFoundException(`No task with id ${id}`);
    return rows[0].json;
  }

  /** `GET /tasks/{id}`'s JSON (artifacts included, waiting_reason null), if `tenant` may see the task; else 404. */
  async detailJson(id: string, tenant: string | null): Promise<TaskDetailJson> {
    const { rows } = await this.pool.query<{ json: string; id: string; status: TaskStatus; task_type: string }>({
      ...DETAIL_QUERY,
      values: [id, tenant],
    });
    const row = rows[0];
    if (!row) throw new NotFoundException(`No task with id ${id}`);
    return { json: row.json, id: row.id, status: row.status, taskType: row.task_type };
  }

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
  async listJson(query: ListTasksQuery, tenant: string | null): Promise<JsonText> {
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (cursor === null) throw invalidRequest([{ field: 'cursor', message: 'is not a cursor this API returned; start again without it' }]);
    // The validated query and the tenant decide the statement: requests that collapse into one
    // read build it once too.
    return this.pages.read(JSON.stringify([tenant, query]), async (client) => {
      const [sql, parameters] = this.listStatement(query, tenant, cursor).getQueryAndParameters();
      const { rows } = await client.query<{ json: string; id: string; created_at: string }>(sql, parameters);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const nextCursor = rows.length > query.limit && last ? encodeCursor({ createdAt: new Date(last.created_at), id: last.id }) : null;
      return `{"data":[${page.map((row) => row.json).join(',')}],"next_cursor":${JSON.stringify(nextCursor)}}`;
    });
  }

  private listStatement(query: ListTasksQuery, tenant: string | null, cursor: ListCursor | undefined) {
    const builder = this.tasks
      .createQueryBuilder('task')
      .select([])
      .addSelect(jsonObjectOf(summaryFields(query.include ?? [])), 'json')
      .addSelect('task.id', 'id')
      .addSelect(iso('task.created_at'), 'created_at')
      .limit(query.limit + 1);
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
    if (cursor) builder.andWhere(`(${order.createdAt}, ${order.id}) < (:createdAt, :id)`, cursor);
    return builder;
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
    const client = await this.pool.connect();
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
