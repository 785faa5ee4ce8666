import type { TaskEntity } from '@atropos/db';
import type { TasksQueue } from '@atropos/queue';
import { createTasksQueue, TASKS_QUEUE } from '@atropos/queue';
import { Inject, Injectable } from '@nestjs/common';
import { withTimeout } from '../common/with-timeout.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { TaskTypesService } from '../task-types/task-types.service.js';
import { taskJob } from './task-job.js';

/** How long a request waits for Redis to take its jobs before it answers 503. */
const ENQUEUE_TIMEOUT_MS = 3_000;

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

  /** The queue a task of this type is queued on. */
  of(taskType: string): TasksQueue {
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

  /** Queues the tasks, one round trip per queue; rejects if Redis does not take them in time. */
  async enqueue(tasks: TaskEntity[]): Promise<void> {
    const byQueue = new Map<TasksQueue, TaskEntity[]>();
    for (const task of tasks) {
      const queue = this.of(task.taskType);
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), task]);
    }
    await withTimeout(
      Promise.all([...byQueue].map(([queue, queued]) => queue.addBulk(queued.map((task) => taskJob(task, this.config))))),
      ENQUEUE_TIMEOUT_MS,
      `Redis did not take the jobs within ${ENQUEUE_TIMEOUT_MS} ms`,
    );
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
