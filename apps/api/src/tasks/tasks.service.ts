import type { TaskEntity } from '@atropos/db';
import type { TasksQueue } from '@atropos/queue';
import { checkTaskParameters } from '@atropos/tasks';
import { Inject, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { invalidRequest } from '../common/validation.js';
import { withTimeout } from '../common/with-timeout.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { TASK_REPOSITORY } from '../database/database.providers.js';
import { TASKS_QUEUE_TOKEN } from '../queue/queue.providers.js';
import { decodeCursor, encodeCursor } from './list-cursor.js';
import type { CreateTaskBody, ListTasksQuery } from './task.schemas.js';

/** How long a request waits for Redis to take a job before it answers 503. */
const ENQUEUE_TIMEOUT_MS = 3_000;

@Injectable()
export class TasksService {
  private readonly logger = new Logger(TasksService.name);

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(TASK_REPOSITORY) private readonly tasks: Repository<TaskEntity>,
    @Inject(TASKS_QUEUE_TOKEN) private readonly queue: TasksQueue,
  ) {}

  /**
   * Stores the task as `pending`, then queues it with jobId = task id. If Redis cannot take the
   * job, the row is removed again and the client gets 503: a 201 always means the task is queued.
   */
  async create(body: CreateTaskBody): Promise<TaskEntity> {
    const check = checkTaskParameters(body.task_type, body.parameters);
    if (!check.ok) throw invalidRequest(check.problems);
    const task = this.tasks.create({
      id: randomUUID(),
      taskType: check.taskType,
      parameters: check.parameters,
      priority: body.priority,
      maxAttempts: this.config.maxRetries + 1,
    });
    // insert() rather than save(): one INSERT … RETURNING fills in the defaults, no SELECT first.
    // The cast: TypeORM's deep-partial type cannot see through the jsonb Record.
    await this.tasks.insert(task as QueryDeepPartialEntity<TaskEntity>);
    try {
      await withTimeout(
        this.queue.add(
          { taskId: task.id },
          {
            jobId: task.id,
            priority: task.priority,
            attempts: task.maxAttempts,
            backoff: { type: 'exponential', delay: this.config.retryBackoffMs },
            removeOnComplete: true,
            removeOnFail: true,
          },
        ),
        ENQUEUE_TIMEOUT_MS,
        `Redis did not take the job within ${ENQUEUE_TIMEOUT_MS} ms`,
      );
    } catch (error) {
      this.logger.error(`Task ${task.id} not queued: ${String(error)}`);
      await this.tasks.delete(task.id).catch(() => undefined);
      throw new ServiceUnavailableException(
        'The queue (Redis) is unavailable, so the task was not accepted; try again in a few seconds',
      );
    }
    return task;
  }

  async get(id: string): Promise<TaskEntity> {
    const task = await this.tasks.findOneBy({ id });
    if (!task) throw new NotFoundException(`No task with id ${id}`);
    return task;
  }

  /** Newest first, by keyset on (created_at, id): constant cost per page however deep. */
  async list(query: ListTasksQuery): Promise<{ tasks: TaskEntity[]; nextCursor: string | null }> {
    const builder = this.tasks
      .createQueryBuilder('task')
      .orderBy('task.createdAt', 'DESC')
      .addOrderBy('task.id', 'DESC')
      .limit(query.limit + 1);
    if (query.status) builder.andWhere('task.status = :status', { status: query.status });
    if (query.task_type) builder.andWhere('task.taskType = :taskType', { taskType: query.task_type });
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
