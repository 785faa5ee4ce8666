import { z } from 'zod';
import { workerRuntimeEnv } from './config/worker-env.js';
import { WorkerConfigError } from './errors/worker-config.error.js';

export { WorkerConfigError } from './errors/worker-config.error.js';
import type { AnyTask } from './define-task.js';
import type { WorkerLogger } from './logger.js';

/**
 * What startWorker takes: the tasks to serve, where PostgreSQL and Redis are, and how to run.
 * Every option left out is read from its environment variable when that is set (DATABASE_URL,
 * REDIS_URL, QUEUE_PREFIX, WORKER_CONCURRENCY…, as the platform's own worker reads them), else
 * takes its default: a worker started beside `npm start` needs only its tasks.
 */
export interface WorkerOptions {
  /** The task types this worker serves (from defineTask); at least one. */
  tasks: readonly AnyTask[];
  /** PostgreSQL of the Atropos deployment (DATABASE_URL; default postgres://postgres@127.0.0.1:5432/atropos). */
  databaseUrl?: string;
  /** Redis of the Atropos deployment (REDIS_URL; default redis://127.0.0.1:6379). */
  redisUrl?: string;
  /**
   * The queues (pools) to serve (WORKER_QUEUES, comma-separated; default every queue): of `tasks`,
   * only the types whose `queue` is listed are served, so one deployment runs a pool of workers per
   * kind of work (e.g. `['video']` on the machines that encode).
   */
  queues?: readonly string[];
  /** Tasks this process runs at once (WORKER_CONCURRENCY; default 4). */
  concurrency?: number;
  /** Prefix of the deployment's Redis keys (QUEUE_PREFIX; default `atropos`). */
  queuePrefix?: string;
  /** Write groups of task events the Redis log keeps, about (TASK_EVENTS_LOG_LENGTH; default 10000); every writer trims it to this. */
  taskEventsLogLength?: number;
  /** Names this process in task rows, heartbeats and logs (WORKER_ID; default `<hostname>:<pid>`). */
  workerId?: string;
  /**
   * The Bull queue to take every one of these types' jobs from. By default each type has its own
   * queue (`tasks.<name>`), so this worker only ever takes jobs it can run; a shared name puts
   * them on one queue, which every worker on it must then serve whole.
   */
  queue?: string;
  /** PostgreSQL connections of this process (DATABASE_POOL_SIZE; default 10). */
  databasePoolSize?: number;
  /** At most one progress write per task per interval (PROGRESS_WRITE_INTERVAL_MS; default 500 ms). */
  progressWriteIntervalMs?: number;
  /** Heartbeat period; a worker silent for three periods is gone (HEARTBEAT_INTERVAL_MS; default 5000 ms). */
  heartbeatIntervalMs?: number;
  /** On stop(), time running tasks get to finish before they are handed back (SHUTDOWN_GRACE_MS; default 25000 ms). */
  shutdownGraceMs?: number;
  /** How often this worker looks for jobs whose worker died or handed them back (STALLED_CHECK_INTERVAL_MS; default 30000 ms). */
  stalledCheckIntervalMs?: number;
  /** Largest artifact a task may save (ARTIFACT_MAX_BYTES; default 10 MiB). */
  artifactMaxBytes?: number;
  /** Lowest level the worker logs (LOG_LEVEL; default info). */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** json, or pretty for a person at a terminal (LOG_FORMAT; default json with NODE_ENV=production, else pretty). */
  logFormat?: 'json' | 'pretty';
  /** Port of this worker's GET /metrics for Prometheus (METRICS_PORT; default none); 0 picks a free one. */
  metricsPort?: number;
  /** Address the metrics listener binds (METRICS_HOST; default 0.0.0.0). */
  metricsHost?: string;
  /** Lines one attempt's log (ctx.log) keeps (TASK_LOG_MAX_LINES; default 1000). */
  taskLogMaxLines?: number;
  /**
   * Where the worker writes its own lines (default: pino, as LOG_LEVEL and LOG_FORMAT say, each
   * line of an attempt with its task_id, task_type, attempt and worker_id).
   */
  logger?: WorkerLogger;
}

/** The options with every default filled in, as the runtime reads them. */
export interface WorkerConfig {
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  queuePrefix: string;
  taskEventsLogLength: number;
  concurrency: number;
  /** undefined: every queue. */
  queues: string[] | undefined;
  workerId: string;
  /** undefined: one queue per type. */
  queue: string | undefined;
  progressWriteIntervalMs: number;
  heartbeatIntervalMs: number;
  shutdownGraceMs: number;
  stalledCheckIntervalMs: number;
  artifactMaxBytes: number;
  logLevel: NonNullable<WorkerOptions['logLevel']>;
  logFormat: WorkerOptions['logFormat'];
  metricsPort: number | undefined;
  metricsHost: string;
  taskLogMaxLines: number;
}

const queueName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,200}$/, 'must be 1-200 letters, digits, "_", "." or "-"')
  .optional();

/**
 * Each option as given, else from its environment variable, else its default, all checked by the
 * variable's own declaration (workerRuntimeEnv), so an option and its variable accept the same.
 */
export function resolveWorkerConfig(options: Omit<WorkerOptions, 'tasks' | 'logger'>, env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [option, { name, schema }] of Object.entries(workerRuntimeEnv)) {
    let given = (options as Record<string, unknown>)[option];
    // The list option is checked as its variable is written.
    if (option === 'queues' && Array.isArray(given)) given = given.join(',');
    const parsed = schema.safeParse(given !== undefined ? given : env[name]);
    if (parsed.success) config[option] = parsed.data;
    else
      problems.push(`${given !== undefined ? option : `${name} (from the environment)`}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const queue = queueName.safeParse(options.queue);
  if (queue.success) config['queue'] = queue.data;
  else problems.push(`queue: ${queue.error.issues[0]?.message ?? 'invalid'}`);
  const unknown = Object.keys(options).filter((option) => option !== 'queue' && !(option in workerRuntimeEnv));
  for (const option of unknown) problems.push(`${option}: is not an option of startWorker`);
  if (problems.length > 0) throw new WorkerConfigError(`Invalid worker options: ${problems.join('; ')}`);
  return config as unknown as WorkerConfig;
}
