import os from 'node:os';
import { z } from 'zod';
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
  /** Tasks this process runs at once (default 4). */
  concurrency?: number;
  /** Prefix of the deployment's Redis keys: its QUEUE_PREFIX (default `atropos`). */
  queuePrefix?: string;
  /** Names this process in task rows, heartbeats and logs (default `<hostname>:<pid>`). */
  workerId?: string;
  /**
   * The Bull queue to take every one of these types' jobs from. By default each type has its own
   * queue (`tasks.<name>`), so this worker only ever takes jobs it can run; a shared name puts
   * them on one queue, which every worker on it must then serve whole.
   */
  queue?: string;
  /** PostgreSQL connections of this process (default 10). */
  databasePoolSize?: number;
  /** At most one progress write per task per interval (default 500 ms). */
  progressWriteIntervalMs?: number;
  /** Heartbeat period; a worker silent for three periods is gone (default 5000 ms). */
  heartbeatIntervalMs?: number;
  /** On stop(), time running tasks get to finish before they are handed back (default 25000 ms). */
  shutdownGraceMs?: number;
  /** How often this worker looks for jobs whose worker died or handed them back (default 30000 ms). */
  stalledCheckIntervalMs?: number;
  /** Largest artifact a task may save (default 10 MiB). */
  artifactMaxBytes?: number;
  /** Where the worker logs (default: one line per message on stdout/stderr). */
  logger?: WorkerLogger;
}

/** The options with every default filled in, as the runtime reads them. */
export interface WorkerConfig {
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  queuePrefix: string;
  concurrency: number;
  workerId: string;
  /** undefined: one queue per type. */
  queue: string | undefined;
  progressWriteIntervalMs: number;
  heartbeatIntervalMs: number;
  shutdownGraceMs: number;
  stalledCheckIntervalMs: number;
  artifactMaxBytes: number;
}

const int = (min: number, max: number) => z.int().min(min).max(max);

/** The bounds of each setting; the same as the environment variables that set them (worker-env.ts). */
const settings = z.strictObject({
  databaseUrl: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).default('postgres://postgres@127.0.0.1:5432/atropos'),
  redisUrl: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).default('redis://127.0.0.1:6379'),
  concurrency: int(1, 256).default(4),
  queuePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "." or "-"')
    .default('atropos'),
  workerId: z.string().min(1).max(200).optional(),
  queue: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,200}$/, 'must be 1-200 letters, digits, "_", "." or "-"')
    .optional(),
  databasePoolSize: int(1, 200).default(10),
  progressWriteIntervalMs: int(0, 60_000).default(500),
  heartbeatIntervalMs: int(100, 60_000).default(5_000),
  shutdownGraceMs: int(0, 3_600_000).default(25_000),
  stalledCheckIntervalMs: int(100, 600_000).default(30_000),
  artifactMaxBytes: int(1, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
});

/** A setting startWorker cannot use; the message names each one and why. */
export class WorkerConfigError extends Error {
  override name = 'WorkerConfigError';
}

/** The environment variable of each option (the same as the platform's worker reads). */
const ENV_VARIABLES = {
  databaseUrl: 'DATABASE_URL',
  redisUrl: 'REDIS_URL',
  queuePrefix: 'QUEUE_PREFIX',
  concurrency: 'WORKER_CONCURRENCY',
  workerId: 'WORKER_ID',
  databasePoolSize: 'DATABASE_POOL_SIZE',
  progressWriteIntervalMs: 'PROGRESS_WRITE_INTERVAL_MS',
  heartbeatIntervalMs: 'HEARTBEAT_INTERVAL_MS',
  shutdownGraceMs: 'SHUTDOWN_GRACE_MS',
  stalledCheckIntervalMs: 'STALLED_CHECK_INTERVAL_MS',
  artifactMaxBytes: 'ARTIFACT_MAX_BYTES',
} as const;

const TEXT_OPTIONS = new Set(['databaseUrl', 'redisUrl', 'queuePrefix', 'workerId']);

export function resolveWorkerConfig(options: Omit<WorkerOptions, 'tasks' | 'logger'>, env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const merged: Record<string, unknown> = { ...options };
  const fromEnv = new Map<string, string>();
  for (const [option, variable] of Object.entries(ENV_VARIABLES)) {
    const value = env[variable];
    if (merged[option] !== undefined || value === undefined || value === '') continue;
    merged[option] = TEXT_OPTIONS.has(option) ? value : Number(value);
    fromEnv.set(option, variable);
  }
  const parsed = settings.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const option = String(issue.path[0] ?? 'options');
      const source = fromEnv.has(option) ? `${fromEnv.get(option)} (from the environment)` : option;
      return `${source}: ${issue.message}`;
    });
    throw new WorkerConfigError(`Invalid worker options: ${problems.join('; ')}`);
  }
  const { workerId, queue, ...rest } = parsed.data;
  return { ...rest, queue, workerId: workerId ?? `${os.hostname()}:${process.pid}` };
}
