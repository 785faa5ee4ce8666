import { TaskEntity } from '@atropos/db';
import type { TasksQueue } from '@atropos/queue';
import { publishControl } from '@atropos/queue';
import { FINAL_STATUSES, TaskStatus, UNFINISHED_STATUSES } from '@atropos/tasks';
import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { TaskEventsService } from '../events/task-events.service.js';
import { enqueueTasks } from '../queue/task-job.js';
import { REDIS_PROBE, TASKS_QUEUE_TOKEN } from '../queue/queue.providers.js';

const CANCELLABLE = UNFINISHED_STATUSES;
const RETRYABLE: readonly TaskStatus[] = [TaskStatus.Failed, TaskStatus.Cancelled];

/**
 * What a person can do to an existing task: cancel, retry, delete. Each decision is one
 * conditional UPDATE or DELETE on the row, so it races safely with the workers: a worker's own
 * writes are conditioned on `status = 'processing'`, and a claim on a non-final status.
 */
@Injectable()
export class TaskActionsService {
  private readonly logger = new Logger(TaskActionsService.name);

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly dataSource: DataSource,
    @Inject(TASKS_QUEUE_TOKEN) private readonly queue: TasksQueue,
    @Inject(REDIS_PROBE) private readonly redis: Redis,
    private readonly events: TaskEventsService,
  ) {}

  /**
   * Marks the task `cancelled` first, which settles it: a worker that picks it up afterwards finds
   * nothing to claim, and one already running it can no longer record another outcome. Then a
   * queued job is removed, or the worker holding the task is told to stop it.
   */
  async cancel(id: string): Promise<TaskEntity> {
    const rows = (await this.dataSource.query(
      `UPDATE tasks t SET status = $2, completed_at = now(), updated_at = now()
         FROM (SELECT id, status AS previous FROM tasks WHERE id = $1 FOR UPDATE) p
        WHERE t.id = p.id AND p.previous = ANY($3::task_status[])
        RETURNING p.previous`,
      [id, TaskStatus.Cancelled, CANCELLABLE],
    )) as [Array<{ previous: TaskStatus }>, number];
    const previous = rows[0][0]?.previous;
    if (!previous) throw await this.notAllowed(id, 'cancelled', 'it is already final');
    if (previous === TaskStatus.Processing) {
      await publishControl(this.redis, this.config.queuePrefix, { type: 'cancel', taskId: id }).catch((error) =>
        this.logger.warn(`Task ${id} cancelled, but its worker could not be told (${String(error)}); its result will be dropped`),
      );
    } else {
      await this.removeQueuedJob(id);
    }
    const task = await this.load(id);
    this.events.updated([task]);
    return task;
  }

  /**
   * Runs a failed or cancelled task again with a fresh budget of attempts. Earlier attempts stay
   * in its history, and attempt numbers keep counting up, so no late write of an old attempt can
   * land on the new one.
   */
  async retry(id: string): Promise<TaskEntity> {
    // The row first: a task that is not failed or cancelled (pending, say, with its job queued)
    // answers 409 before its job is touched; removing that job would leave it waiting for the sweeper.
    const current = await this.dataSource.getRepository(TaskEntity).findOne({ select: { id: true, status: true }, where: { id } });
    if (!current) throw new NotFoundException(`No task with id ${id}`);
    if (!RETRYABLE.includes(current.status)) {
      throw new ConflictException(`Task ${id} is ${current.status} and cannot be retried: only failed or cancelled tasks can be`);
    }
    const job = await this.queue.getJob(id);
    if (job && (await job.isActive())) {
      throw new ConflictException(`Task ${id} is still being stopped on a worker; retry it again in a few seconds`);
    }
    await job?.remove();
    const [rows] = (await this.dataSource.query(
      `UPDATE tasks SET status = $2, max_attempts = attempts + $3, progress = 0, progress_message = NULL,
              result = NULL, error = NULL, worker_id = NULL, started_at = NULL, completed_at = NULL,
              scheduled_for = NULL, updated_at = now()
        WHERE id = $1 AND status = ANY($4::task_status[])
        RETURNING id`,
      [id, TaskStatus.Pending, this.config.maxRetries + 1, RETRYABLE],
    )) as [Array<{ id: string }>, number];
    if (rows.length === 0) throw await this.notAllowed(id, 'retried', 'only failed or cancelled tasks can be');
    const task = await this.load(id);
    await enqueueTasks(this.queue, [task], this.config);
    this.events.updated([task]);
    return task;
  }

  /** Deletes a final task; its history goes with it. */
  async delete(id: string): Promise<void> {
    const [, deleted] = (await this.dataSource.query(
      `DELETE FROM tasks WHERE id = $1 AND status = ANY($2::task_status[])`,
      [id, FINAL_STATUSES],
    )) as [unknown, number];
    if (deleted === 0) throw await this.notAllowed(id, 'deleted', 'only final tasks can be; cancel it first');
    this.events.deleted(id);
  }

  private async removeQueuedJob(id: string): Promise<void> {
    // A job a worker has just taken is locked and stays; that worker finds the row cancelled and drops it.
    await (await this.queue.getJob(id))?.remove().catch(() => undefined);
  }

  private async load(id: string): Promise<TaskEntity> {
    const task = await this.dataSource.getRepository(TaskEntity).findOneBy({ id });
    if (!task) throw new NotFoundException(`No task with id ${id}`);
    return task;
  }

  private async notAllowed(id: string, action: string, why: string): Promise<Error> {
    const task = await this.dataSource.getRepository(TaskEntity).findOneBy({ id });
    if (!task) return new NotFoundException(`No task with id ${id}`);
    return new ConflictException(`Task ${id} is ${task.status} and cannot be ${action}: ${why}`);
  }
}
