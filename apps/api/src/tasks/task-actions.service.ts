import { TaskEntity, TaskRefusedError, TaskStore } from '@atropos/db';
import { publishControl } from '@atropos/queue';
import type { ManualTaskAction } from '@atropos/tasks';
import { allows, bulkSkipReason, TaskStatus } from '@atropos/tasks';
import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { EntityManager } from 'typeorm';
import { DataSource, In } from 'typeorm';
import { invalidRequest } from '../common/validation.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { TaskEventsService } from '../events/task-events.service.js';
import { REDIS_PROBE } from '../queue/queue.providers.js';
import { TaskQueues } from '../queue/task-queues.js';
import { TaskTypesService } from '../task-types/task-types.service.js';

/** New parameters for a retry: merged into the task's (top-level keys) or replacing them. */
export interface ParameterEdit {
  parameters: Record<string, unknown>;
  mode: 'merge' | 'replace';
  /** The key that asks, as the audit log names it. */
  changedBy: string;
}

/** What became of one task of a bulk action's batch. */
export type BatchOutcome = { id: string; outcome: 'acted'; reason: null } | { id: string; outcome: 'skipped'; reason: string };

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
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Marks the task `cancelled` first, which settles it; then a queued job is removed, or the
   * worker holding the task is told to stop it.
   */
  async cancel(id: string, tenant: string | null = null): Promise<TaskEntity> {
    await this.requireVisible(id, tenant);
    const { previous, task, events } = await refusedAsHttp(this.store.cancel(id));
    await this.stopCancelled(task.taskType, id, previous);
    this.events.publish(events);
    return task;
  }

  /** After a task was marked `cancelled`: a queued job is removed, or the worker holding it is told to stop. */
  private async stopCancelled(taskType: string, id: string, previous: TaskStatus): Promise<void> {
    if (this.queues.servedOverHttp(taskType)) {
      // No process of ours runs it: its worker learns at its next report (409), and its job goes now.
      await this.queues.drop(taskType, id);
    } else if (previous === TaskStatus.Processing) {
      await publishControl(this.redis, this.config.queuePrefix, { type: 'cancel', taskId: id }).catch((error: unknown) =>
        this.logger.warn(`Task ${id} cancelled, but its worker could not be told (${String(error)}); its result will be dropped`),
      );
    } else {
      await this.removeQueuedJob(taskType, id);
    }
  }

  /**
   * Runs a failed or cancelled task again with a fresh budget of attempts; with `edit`, with new
   * parameters (validated against the task's type, merged into its own or replacing them), the
   * version it had kept in its history.
   */
  async retry(id: string, tenant: string | null = null, edit?: ParameterEdit): Promise<TaskEntity> {
    // The row decides first: a task the table does not let be retried keeps its job untouched.
    const current = await this.store.get(id);
    if (!current || (tenant !== null && current.tenant !== tenant)) throw new NotFoundException(`No task with id ${id}`);
    if (!allows(current.status, 'retry'))
      throw toHttp(new TaskRefusedError('retry', id, current.status, 'only failed or cancelled tasks can be'));
    const parameters = edit ? await this.editedParameters(current, edit) : undefined;
    const job = await this.queues.of(current.taskType).getJob(id);
    if (job && (await job.isActive())) {
      throw new ConflictException(`Task ${id} is still being stopped on a worker; retry it again in a few seconds`);
    }
    await job?.remove();
    const attempts = this.types.attemptsOf(current.taskType);
    const { task, events } = await refusedAsHttp(
      parameters && edit
        ? this.store.retryWithParameters(id, attempts, { parameters, changedBy: edit.changedBy })
        : this.store.retry(id, attempts),
    );
    await this.queues.enqueue([task]);
    this.events.publish(events);
    return task;
  }

  /**
   * One batch of a bulk action (POST /tasks/bulk): `action` on each of `ids` whose status allows
   * it, in one statement, and `record` of what became of each (acted on, or skipped and why) in
   * the same transaction, so a batch is either wholly done and recorded or not at all; the queue
   * and the events follow the commit, as for a single action.
   */
  async applyBatch(
    action: ManualTaskAction,
    ids: string[],
    record: (manager: EntityManager, outcomes: BatchOutcome[]) => Promise<void>,
  ): Promise<{ acted: number; skipped: number }> {
    const before = new Map((await this.store.getMany(ids)).map((task) => [task.id, task]));
    const skipped = new Map<string, string>();
    const candidates: TaskEntity[] = [];
    for (const id of ids) {
      const task = before.get(id);
      if (!task || !allows(task.status, action)) skipped.set(id, bulkSkipReason(action, task?.status ?? null));
      else if (action === 'retry' && (await this.stillStopping(task))) skipped.set(id, 'still being stopped on a worker');
      else candidates.push(task);
    }
    const candidateIds = candidates.map((task) => task.id);
    const { acted, afterCommit } = await this.dataSource.transaction(async (manager) => {
      const done = await this.writeBatch(action, candidates, manager);
      // A candidate the statement left alone changed status in between: say what it is now.
      const changed = candidateIds.filter((id) => !done.acted.has(id));
      if (changed.length > 0) {
        const now = new Map((await manager.getRepository(TaskEntity).findBy({ id: In(changed) })).map((task) => [task.id, task.status]));
        for (const id of changed) skipped.set(id, bulkSkipReason(action, now.get(id) ?? null));
      }
      await record(
        manager,
        ids.map((id): BatchOutcome =>
          done.acted.has(id) ? { id, outcome: 'acted', reason: null } : { id, outcome: 'skipped', reason: skipped.get(id)! },
        ),
      );
      return done;
    });
    await afterCommit();
    return { acted: acted.size, skipped: ids.length - acted.size };
  }

  /** The store's write of a batch, and what must follow its commit (the queue, the workers, the events). */
  private async writeBatch(
    action: ManualTaskAction,
    tasks: TaskEntity[],
    manager: EntityManager,
  ): Promise<{ acted: Set<string>; afterCommit: () => Promise<void> }> {
    if (tasks.length === 0) return { acted: new Set(), afterCommit: () => Promise.resolve() };
    const ids = tasks.map((task) => task.id);
    if (action === 'cancel') {
      const write = await this.store.cancelMany(ids, manager);
      return {
        acted: new Set(write.previous.keys()),
        afterCommit: async () => {
          for (const snapshot of write.snapshots)
            await this.stopCancelled(snapshot.task_type, snapshot.id, write.previous.get(snapshot.id)!);
          this.events.publish(write.events);
        },
      };
    }
    if (action === 'retry') {
      const write = await this.store.retryMany(
        tasks.map((task) => ({ id: task.id, attempts: this.types.attemptsOf(task.taskType) })),
        manager,
      );
      return {
        acted: new Set(write.tasks.map((task) => task.id)),
        afterCommit: async () => {
          // Queued after the commit: a crash in between leaves pending rows without a job, which the sweeper queues.
          await this.queues.enqueue(write.tasks);
          this.events.publish(write.events);
        },
      };
    }
    const write = await this.store.deleteMany(ids, manager);
    return {
      acted: new Set(write.deleted),
      afterCommit: () => {
        this.events.publish(write.events);
        return Promise.resolve();
      },
    };
  }

  /**
   * As for one retry: a task whose job a worker still holds (a cancel it has not acted on yet) is
   * left alone; any other job it has left behind is removed before the retry queues a new one.
   */
  private async stillStopping(task: TaskEntity): Promise<boolean> {
    const job = await this.queues.of(task.taskType).getJob(task.id);
    if (job && (await job.isActive())) return true;
    await job?.remove();
    return false;
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

  /** The parameters an edit asks for, checked against the task's type (defaults filled in); 400 naming each field at fault. */
  private async editedParameters(task: TaskEntity, edit: ParameterEdit): Promise<Record<string, unknown>> {
    const wanted = edit.mode === 'replace' ? edit.parameters : { ...task.parameters, ...edit.parameters };
    const check = await this.types.check(task.taskType, wanted);
    if (!check.ok) throw invalidRequest(check.problems);
    return check.parameters;
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
