import type { TaskEntity } from '@atropos/db';
import { TaskRefusedError, TaskStore } from '@atropos/db';
import { publishControl } from '@atropos/queue';
import { allows, TaskStatus } from '@atropos/tasks';
import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { TaskEventsService } from '../events/task-events.service.js';
import { REDIS_PROBE } from '../queue/queue.providers.js';
import { TaskQueues } from '../queue/task-queues.js';
import { TaskTypesService } from '../task-types/task-types.service.js';

/**
 * What a person can do to an existing task: cancel, retry, delete. Each decision is one guarded
 * write of the TaskStore, so it races safely with the workers: a worker's own writes are
 * conditioned on `status = 'processing'`, and a claim on a non-final status.
 */
@Injectable()
export class TaskActionsService {
  private readonly logger = new Logger(TaskActionsService.name);

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly store: TaskStore,
    private readonly queues: TaskQueues,
    private readonly types: TaskTypesService,
    @Inject(REDIS_PROBE) private readonly redis: Redis,
    private readonly events: TaskEventsService,
  ) {}

  /**
   * Marks the task `cancelled` first, which settles it; then a queued job is removed, or the
   * worker holding the task is told to stop it.
   */
  async cancel(id: string, tenant: string | null = null): Promise<TaskEntity> {
    await this.requireVisible(id, tenant);
    const { previous, task, events } = await refusedAsHttp(this.store.cancel(id));
    if (this.queues.servedOverHttp(task.taskType)) {
      // No process of ours runs it: its worker learns at its next report (409), and its job goes now.
      await this.queues.drop(task.taskType, id);
    } else if (previous === TaskStatus.Processing) {
      await publishControl(this.redis, this.config.queuePrefix, { type: 'cancel', taskId: id }).catch((error: unknown) =>
        this.logger.warn(`Task ${id} cancelled, but its worker could not be told (${String(error)}); its result will be dropped`),
      );
    } else {
      await this.removeQueuedJob(task.taskType, id);
    }
    this.events.publish(events);
    return task;
  }

  /** Runs a failed or cancelled task again with a fresh budget of attempts. */
  async retry(id: string, tenant: string | null = null): Promise<TaskEntity> {
    // The row decides first: a task the table does not let be retried keeps its job untouched.
    const current = await this.store.get(id);
    if (!current || (tenant !== null && current.tenant !== tenant)) throw new NotFoundException(`No task with id ${id}`);
    if (!allows(current.status, 'retry'))
      throw toHttp(new TaskRefusedError('retry', id, current.status, 'only failed or cancelled tasks can be'));
    const job = await this.queues.of(current.taskType).getJob(id);
    if (job && (await job.isActive())) {
      throw new ConflictException(`Task ${id} is still being stopped on a worker; retry it again in a few seconds`);
    }
    await job?.remove();
    const { task, events } = await refusedAsHttp(this.store.retry(id, this.types.attemptsOf(current.taskType)));
    await this.queues.enqueue([task]);
    this.events.publish(events);
    return task;
  }

  /** Deletes a final task; its history goes with it. */
  async delete(id: string, tenant: string | null = null): Promise<void> {
    await this.requireVisible(id, tenant);
    const { events } = await refusedAsHttp(this.store.delete(id));
    this.events.publish(events);
  }

  /**
   * 404 for a task of another tenant, as for one that does not exist. A task never changes tenant,
   * so checking before the guarded write is as good as checking in it.
   */
  private async requireVisible(id: string, tenant: string | null): Promise<void> {
    if (tenant === null) return;
    const task = await this.store.get(id);
    if (!task || task.tenant !== tenant) throw new NotFoundException(`No task with id ${id}`);
  }

  private async removeQueuedJob(taskType: string, id: string): Promise<void> {
    // A job a worker has just taken is locked and stays; that worker finds the row cancelled and drops it.
    await (await this.queues.of(taskType).getJob(id))?.remove().catch(() => undefined);
  }
}

/** A refusal of the store as the API answers it: 404 for no such task, 409 for a status that does not allow it. */
export function toHttp(error: TaskRefusedError): Error {
  return error.status === null ? new NotFoundException(error.message) : new ConflictException(error.message);
}

async function refusedAsHttp<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    throw error instanceof TaskRefusedError ? toHttp(error) : error;
  }
}
