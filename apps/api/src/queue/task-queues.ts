import type { TasksQueue } from '@atropos/queue';
import { createTasksQueue, TASKS_QUEUE } from '@atropos/queue';
import { Inject, Injectable } from '@nestjs/common';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { TaskTypesService } from '../task-types/task-types.service.js';

/** The `tasks` queue, as the API opens it at start. */
export const TASKS_QUEUE_TOKEN = Symbol('TASKS_QUEUE');

/**
 * The Bull queues tasks go on: the `tasks` queue of the built-in and command types, and the queue
 * each registered type's workers take jobs from (its own by default, `tasks.<name>`), opened on
 * first use. Every place that queues, finds or removes a task's job asks here for its queue.
 */
@Injectable()
export class TaskQueues {
  private readonly opened = new Map<string, TasksQueue>();

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(TASKS_QUEUE_TOKEN) readonly main: TasksQueue,
    private readonly types: TaskTypesService,
  ) {
    this.opened.set(TASKS_QUEUE, main);
  }

  /** The queue of a task of `taskType`. */
  forType(taskType: string): TasksQueue {
    return this.named(this.types.queueOf(taskType));
  }

  /** Every queue opened so far, `tasks` first. */
  all(): TasksQueue[] {
    return [...this.opened.values()];
  }

  /** The queue of every type the API knows, registered ones included, opened if need be. */
  async every(): Promise<TasksQueue[]> {
    for (const name of await this.types.queueNames()) this.named(name);
    return this.all();
  }

  /** Groups tasks by the queue their type goes on. */
  group<T extends { taskType: string }>(tasks: T[]): Array<[TasksQueue, T[]]> {
    const groups = new Map<TasksQueue, T[]>();
    for (const task of tasks) {
      const queue = this.forType(task.taskType);
      groups.set(queue, [...(groups.get(queue) ?? []), task]);
    }
    return [...groups.entries()];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((queue) => queue.close().catch(() => undefined)));
  }

  private named(name: string): TasksQueue {
    let queue = this.opened.get(name);
    if (!queue) {
      queue = createTasksQueue({ name, redisUrl: this.config.redisUrl, prefix: this.config.queuePrefix, connectionName: 'atropos-api' });
      this.opened.set(name, queue);
    }
    return queue;
  }
}
