import type { TaskEntity } from '@atropos/db';
import type { TasksQueue } from '@atropos/queue';
import { assignFairRounds, createTasksQueue, httpTaskQueueName, TASKS_QUEUE } from '@atropos/queue';
import { concurrencyKeyOf, TaskTypeCatalog } from '@atropos/tasks';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { withTimeout } from '../common/with-timeout.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { TaskTypesService } from '../task-types/task-types.service.js';
import { taskJob } from './task-job.js';
import { TASKS_QUEUE_TOKEN } from './queue.providers.js';

/** How long a request waits for Redis to take its jobs before it answers 503. */
const ENQUEUE_TIMEOUT_MS = 3_000;

/**
 * Bull never fails a job of a type served over HTTP as "stalled" on its own: each lapsed lease is
 * a new attempt in PostgreSQL, and the claim fails the task when its budget is spent (`exhaust`).
 */
const HTTP_MAX_STALLED_COUNT = 1_000_000;

/**
 * Where each task's job lives: the main queue (the default pool's built-in and command types) or
 * the queue of another pool's, which the built-in workers take jobs from; the own
 * queue of a type served over HTTP, whose jobs only claims of the worker protocol take (the API
 * takes them on the worker's behalf); or the queue a registered type's workers take jobs from (its
 * own by default, `tasks.<name>`, opened here on first use). Every place that adds, finds or
 * removes a task's job asks here, so a job is always looked for where it was put.
 */
@Injectable()
export class TaskQueues implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TaskQueues');
  private readonly httpQueues = new Map<string, TasksQueue>();
  /** The other queues (of a pool other than the default one, of registered types), by queue name, opened on first use. */
  private readonly registeredQueues = new Map<string, TasksQueue>();

  constructor(
    @Inject(TASKS_QUEUE_TOKEN) readonly main: TasksQueue,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly catalog: TaskTypeCatalog,
    private readonly types: TaskTypesService,
  ) {
    for (const entry of catalog.entries) {
      if (entry.kind !== 'http') continue;
      this.httpQueues.set(
        entry.name,
        createTasksQueue({
          redisUrl: config.redisUrl,
          prefix: config.queuePrefix,
          name: httpTaskQueueName(entry.name),
          connectionName: 'atropos-api-http',
          settings: {
            // A job the API took for a worker over HTTP stays locked as long as the attempt's lease.
            lockDuration: config.httpWorkerLeaseMs,
            // How soon a lapsed lease's job goes back to wait, for the next claim to take it over.
            stalledInterval: Math.max(500, Math.round(config.httpWorkerLeaseMs / 2)),
            maxStalledCount: HTTP_MAX_STALLED_COUNT,
          },
        }),
      );
    }
  }

  /**
   * Runs, in this API, the upkeep Bull does in its workers for the queues no Atropos worker
   * processes: delayed jobs (schedules, retry backoff) moved to wait when due, and jobs whose
   * lock ran out (a lapsed lease) moved back to wait. A processor with concurrency 0 is Bull's
   * public way to get exactly that without taking any job; claims take jobs one by one.
   */
  onApplicationBootstrap(): void {
    for (const [type, queue] of this.httpQueues) {
      queue.on('error', (error) => this.logger.warn(`Queue of ${type}: ${String(error)}`));
      queue
        .process(0, () => Promise.reject(new Error('jobs of types served over HTTP are taken by claims')))
        .catch((error: unknown) => {
          this.logger.warn(`Queue of ${type} stopped its upkeep: ${String(error)}`);
        });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const queues = [...this.httpQueues.values(), ...this.registeredQueues.values()];
    await Promise.all(queues.map((queue) => queue.close().catch(() => undefined)));
  }

  /** Whether tasks of this type are served over HTTP (and so queued on their own queue). */
  servedOverHttp(taskType: string): boolean {
    return this.httpQueues.has(taskType);
  }

  /** The types served over HTTP, each with its own queue. */
  httpTypes(): string[] {
    return [...this.httpQueues.keys()];
  }

  /**
   * The queue a task of this type is queued on. A type the catalog does not have is a registered
   * one: its registration's queue, or its default queue while this API has not read it yet.
   */
  of(taskType: string): TasksQueue {
    const http = this.httpQueues.get(taskType);
    if (http) return http;
    return this.named(this.types.queueOf(taskType));
  }

  /** The Bull queue of this name (one of the names TaskTypesService gives), opened on first use. */
  named(name: string): TasksQueue {
    if (name === TASKS_QUEUE) return this.main;
    return [...this.httpQueues.values()].find((queue) => queue.name === name) ?? this.registered(name);
  }

  /** Every queue opened so far: the main one first, then one per type served over HTTP, then those of registered types. */
  all(): TasksQueue[] {
    return [this.main, ...this.httpQueues.values(), ...this.registeredQueues.values()];
  }

  /** Every queue, with those of every registered type opened first: what pausing and counting cover. */
  async every(): Promise<TasksQueue[]> {
    for (const name of await this.types.queueNames()) this.named(name);
    return this.all();
  }

  private registered(name: string): TasksQueue {
    let queue = this.registeredQueues.get(name);
    if (!queue) {
      queue = createTasksQueue({ name, redisUrl: this.config.redisUrl, prefix: this.config.queuePrefix, connectionName: 'atropos-api' });
      queue.on('error', (error) => this.logger.warn(`Queue ${name}: ${String(error)}`));
      this.registeredQueues.set(name, queue);
    }
    return queue;
  }

  /**
   * Ends the job of a task no worker will report on any more: a job taken for a worker over HTTP
   * (active, locked by its claim) is moved to completed, which removes it; a job still waiting is
   * removed. One moved meanwhile is left to the next claim, which finds the task final and drops it.
   */
  async drop(taskType: string, id: string): Promise<void> {
    const queue = this.of(taskType);
    const job = await queue.getJob(id);
    if (!job) return;
    // A lease's lock first: finishing while ignoring a lock leaves it behind, and a lock stops a removal.
    if (queue !== this.main) await queue.client.del(job.lockKey()).catch(() => undefined);
    await job.moveToCompleted(undefined, true, true).catch(() => job.remove().catch(() => undefined));
  }

  /** Queues the tasks, one round trip per queue; rejects if Redis does not take them in time. */
  async enqueue(tasks: TaskEntity[]): Promise<void> {
    const byQueue = new Map<TasksQueue, TaskEntity[]>();
    for (const task of tasks) {
      const queue = this.of(task.taskType);
      const queued = byQueue.get(queue);
      if (queued) queued.push(task);
      else byQueue.set(queue, [task]);
    }
    await withTimeout(
      Promise.all(
        [...byQueue].map(async ([queue, queued]) => {
          const rounds = await this.roundsOf(queue, queued);
          return queue.addBulk(queued.map((task, index) => taskJob(task, this.config, rounds[index])));
        }),
      ),
      ENQUEUE_TIMEOUT_MS,
      `Redis did not take the jobs within ${ENQUEUE_TIMEOUT_MS} ms`,
    );
  }

  /**
   * The fairness round of each task (0 for a task without a concurrency key): tasks of a type with
   * a `key` take turns with the other keys of their queue instead of running in the order queued.
   */
  private async roundsOf(queue: TasksQueue, tasks: TaskEntity[]): Promise<number[]> {
    const keys = tasks.map((task) => {
      if (task.concurrencyKey != null) return task.concurrencyKey;
      const template = this.types.known(task.taskType)?.limits?.key;
      return template === undefined ? null : concurrencyKeyOf(template, task.parameters);
    });
    const keyed = tasks.flatMap((task, index) => (keys[index] == null ? [] : [{ priority: task.priority, key: keys[index] }]));
    if (keyed.length === 0) return tasks.map(() => 0);
    const assigned = await assignFairRounds(queue.client, this.config.queuePrefix, queue.name, keyed);
    let next = 0;
    return keys.map((key) => (key == null ? 0 : (assigned[next++] ?? 0)));
  }
}
