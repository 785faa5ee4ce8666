import os from 'node:os';
import { databaseEnv } from '@atropos/db';
import { describeFieldProblems, toFieldProblems } from '@atropos/tasks';
import { resolveConfigDir } from '@atropos/tasks/config';
import { redisEnv } from '@atropos/queue';
import { z } from 'zod';

/** Every variable the worker reads, with its validation and default (the spec checks each is documented). */
export const workerEnv = z.object({
  ...databaseEnv,
  ...redisEnv,
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  WORKER_ID: z.string().min(1).max(200).optional(),
  PROGRESS_WRITE_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(25_000),
  STALLED_CHECK_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  CONFIG_DIR: z.string().optional(),
  ARTIFACT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 * 1024 * 1024)
    .default(10 * 1024 * 1024),
});

export interface WorkerConfig {
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  queuePrefix: string;
  concurrency: number;
  /** Names this process in task rows and heartbeats; host and pid unless WORKER_ID says otherwise. */
  workerId: string;
  progressWriteIntervalMs: number;
  heartbeatIntervalMs: number;
  /** How long a stopping worker lets running tasks finish before handing them back to the queue. */
  shutdownGraceMs: number;
  stalledCheckIntervalMs: number;
  /** Where task-types.json is read from. */
  configDir: string;
  /** Largest artifact a task may save. */
  artifactMaxBytes: number;
  /** The worker's environment, from which each command type's allow-list passes variables on. */
  environment: NodeJS.ProcessEnv;
}

export { WORKER_CONFIG } from '@atropos/worker';

/** Reads and validates the environment once at start; a bad value stops the worker with what to fix. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = workerEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid worker configuration: ${describeFieldProblems(toFieldProblems(parsed.error.issues))}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    concurrency: e.WORKER_CONCURRENCY,
    workerId: e.WORKER_ID ?? `${os.hostname()}:${process.pid}`,
    progressWriteIntervalMs: e.PROGRESS_WRITE_INTERVAL_MS,
    heartbeatIntervalMs: e.HEARTBEAT_INTERVAL_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    stalledCheckIntervalMs: e.STALLED_CHECK_INTERVAL_MS,
    configDir: resolveConfigDir(env),
    artifactMaxBytes: e.ARTIFACT_MAX_BYTES,
    environment: env,
  };
}
