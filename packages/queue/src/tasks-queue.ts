import Bull from 'bull';
import type { Queue, QueueOptions } from 'bull';
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';

/**
 * The Bull queue of the built-in and command task types, which the built-in worker serves. A task
 * type a worker registered (see @atropos/worker) is queued on the queue its registration names, by
 * default one of its own (taskQueueName); a type served over HTTP on its own (httpTaskQueueName).
 */
export const TASKS_QUEUE = 'tasks';

/**
 * The Bull queue of the types of one queue (pool) that share a queue: the built-in and command
 * types (`base` TASKS_QUEUE), or the types of a worker given a shared queue. The base itself for
 * the default pool, `<base>.pool.<name>` for the others, so that a worker serving only some pools
 * never takes a job of another. (Task-type names are snake_case: no type's own queue has this name.)
 */
export function poolQueueName(pool: string, base: string = TASKS_QUEUE): string {
  return pool === 'default' ? base : `${base}.pool.${pool}`;
}

/**
 * The default queue of a registered task type: a queue per type, so that a worker only ever takes
 * jobs of the types it serves, whatever else shares the Redis.
 */
export function taskQueueName(taskType: string): string {
  return `${TASKS_QUEUE}.${taskType}`;
}

/**
 * The Bull queue of one task type served over HTTP (config/task-types.json, `"worker": "http"`).
 * Each such type has its own, so that Atropos' workers never take its jobs and a worker over
 * HTTP claims exactly the types it asks for; the API takes the jobs on the worker's behalf.
 */
export function httpTaskQueueName(taskType: string): string {
  return `${TASKS_QUEUE}.http.${taskType}`;
}

/**
 * What a Bull job carries: the task id, and the W3C trace context of the request that queued it
 * (when tracing is on), so the worker's attempt span joins that trace. PostgreSQL holds everything
 * else, and the worker reads it back in the same statement that claims the attempt, so nothing is
 * stored twice.
 */
export interface TaskJobData {
  taskId: string;
  /**
   * Set when the task has a concurrency key of its own (POST /tasks `concurrency`): the workers'
   * flow gate then looks at it even when its type declares no limits. The row holds the key.
   */
  keyed?: true;
  traceparent?: string;
  tracestate?: string;
}

export type TasksQueue = Queue<TaskJobData>;

export interface TasksQueueOptions {
  redisUrl: string;
  /** Namespaces every Redis key, so tests and several deployments can share one Redis. */
  prefix: string;
  /** Bull's advanced settings (lock duration, stalled checks); defaults suit most deployments. */
  settings?: QueueOptions['settings'];
  /** Shown by Redis' CLIENT LIST, to tell whose connections are whose. */
  connectionName?: string;
  /** The Bull queue's name: TASKS_QUEUE unless said otherwise (see taskQueueName, httpTaskQueueName). */
  name?: string;
}

/**
 * The queue, with every Redis connection built from the one set of options below. Bull asks for
 * up to three kinds: `client` and `subscriber` are opened once and reused, a blocking `bclient`
 * each time Bull asks. Bull requires `subscriber` and `bclient` to retry forever rather than
 * fail a pending command.
 */
export function createTasksQueue(options: TasksQueueOptions): TasksQueue {
  const opened: Redis[] = [];
  const shared: Partial<Record<'client' | 'subscriber', Redis>> = {};
  const connect = (extra: RedisOptions = {}) => {
    const connection = new Redis(options.redisUrl, {
      ...baseRedisOptions,
      ...(options.connectionName ? { connectionName: options.connectionName } : {}),
      ...extra,
    });
    opened.push(connection);
    return connection;
  };
  const queue = new Bull<TaskJobData>(options.name ?? TASKS_QUEUE, {
    prefix: options.prefix,
    settings: options.settings,
    createClient(type) {
      if (type === 'bclient') return connect(blockingOptions);
      shared[type] ??= connect(type === 'subscriber' ? blockingOptions : pipelinedOptions);
      return shared[type];
    },
  });
  // Bull leaves connections made by a custom createClient to their maker: close them with the queue.
  queue.on('close', () => opened.forEach((connection) => connection.disconnect()));
  return queue;
}

/** A plain connection (heartbeats, health checks) with the same settings as the queue's. */
export function createRedisClient(redisUrl: string, extra: RedisOptions = {}): Redis {
  return new Redis(redisUrl, { ...baseRedisOptions, ...extra });
}

const baseRedisOptions: RedisOptions = {
  // Reconnect with a capped backoff forever: Redis coming back must not need a restart.
  retryStrategy: (times) => Math.min(times * 200, 2000),
  connectionName: 'atropos',
};

const blockingOptions: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: false };

/**
 * The shared `client` sends what every job costs Bull (adding it, moving it to active, to
 * completed, its locks) from many concurrent jobs or requests at once. Auto-pipelining sends the
 * commands of one event-loop turn as one write, and what comes while a pipeline is in flight as
 * the next: under load one socket write (and one read on Redis' side) carries many jobs'
 * commands, where each command was its own write. A lone command waits only for the end of its
 * event-loop turn. Not for `subscriber` and `bclient`, which wait on one command at a time.
 */
const pipelinedOptions: RedisOptions = { enableAutoPipelining: true };
