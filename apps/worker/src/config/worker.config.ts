import os from 'node:os';
import { databaseEnv } from '@atropos/db';
import type { LogSettings } from '@atropos/observability';
import { defaultLogFormat, logEnv } from '@atropos/observability';
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
  ...logEnv,
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  METRICS_HOST: z.string().min(1).default('0.0.0.0'),
  TASK_LOG_MAX_LINES: z.coerce.number().int().min(0).max(1_000_000).default(1_000),
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
  log: LogSettings;
  /** Where GET /metrics is served; no listener when the port is unset. */
  metrics: { port: number; host: string } | null;
  /** Lines an attempt's log keeps; past it they are counted and one marker says how many were dropped. */
  taskLogMaxLines: number;
}

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');

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
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? defaultLogFormat(env) },
    metrics: e.METRICS_PORT === undefined ? null : { port: e.METRICS_PORT, host: e.METRICS_HOST },
    taskLogMaxLines: e.TASK_LOG_MAX_LINES,
  };
}
