import os from 'node:os';
import type { EnvConfig } from '@atropos/config';
import { envVar, parseEnv } from '@atropos/config';
import { databaseEnv } from '@atropos/db';
import type { LogSettings } from '@atropos/observability';
import { logEnv, logSettings } from '@atropos/observability';
import { redisEnv } from '@atropos/queue';
import { configDirEnv } from '@atropos/tasks/config';
import { z } from 'zod';

/**
 * Every variable the worker reads, under the field its code reads it by, with its validation,
 * default and meaning (the spec checks each is documented, with the same default).
 */
export const workerEnv = {
  ...databaseEnv,
  ...redisEnv,
  concurrency: envVar('WORKER_CONCURRENCY', z.coerce.number().int().min(1).max(256).default(4), 'Tasks one worker process runs at once'),
  workerId: envVar(
    'WORKER_ID',
    z
      .string()
      .min(1)
      .max(200)
      .optional()
      .transform((id) => id ?? `${os.hostname()}:${process.pid}`),
    'Names this process in task rows and heartbeats; unset: <hostname>:<pid>',
  ),
  progressWriteIntervalMs: envVar(
    'PROGRESS_WRITE_INTERVAL_MS',
    z.coerce.number().int().min(0).max(60_000).default(500),
    'At most one progress write per task per interval',
  ),
  heartbeatIntervalMs: envVar(
    'HEARTBEAT_INTERVAL_MS',
    z.coerce.number().int().min(100).max(60_000).default(5_000),
    'Heartbeat period; a worker silent for three periods is gone',
  ),
  shutdownGraceMs: envVar(
    'SHUTDOWN_GRACE_MS',
    z.coerce.number().int().min(0).max(3_600_000).default(25_000),
    'How long a stopping worker lets running tasks finish before handing them back to the queue',
  ),
  stalledCheckIntervalMs: envVar(
    'STALLED_CHECK_INTERVAL_MS',
    z.coerce.number().int().min(100).max(600_000).default(30_000),
    'How often a worker looks for jobs whose worker died or handed them back',
  ),
  configDir: configDirEnv,
  artifactMaxBytes: envVar(
    'ARTIFACT_MAX_BYTES',
    z.coerce
      .number()
      .int()
      .min(1)
      .max(1024 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    'Largest file a task may save as an artifact',
  ),
  ...logEnv,
  metricsPort: envVar(
    'METRICS_PORT',
    z.coerce.number().int().min(1).max(65_535).optional(),
    "Port of the worker's GET /metrics for Prometheus; unset: no listener",
  ),
  metricsHost: envVar('METRICS_HOST', z.string().min(1).default('0.0.0.0'), 'Address the metrics listener binds'),
  taskLogMaxLines: envVar(
    'TASK_LOG_MAX_LINES',
    z.coerce.number().int().min(0).max(1_000_000).default(1_000),
    "Lines one attempt's log keeps; past it they are dropped, and one last line says how many",
  ),
};

/** The worker's settings, typed from `workerEnv`. */
export type WorkerConfig = EnvConfig<typeof workerEnv> & {
  /** The worker's environment, from which each command type's allow-list passes variables on. */
  environment: NodeJS.ProcessEnv;
  log: LogSettings;
  /** Where GET /metrics is served; null (no listener) while METRICS_PORT is unset. */
  metrics: { port: number; host: string } | null;
};

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');

/** Reads and validates the environment once at start; a bad value stops the worker with what to fix. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const config = parseEnv(workerEnv, env, 'worker');
  const metrics = config.metricsPort === undefined ? null : { port: config.metricsPort, host: config.metricsHost };
  return { ...config, environment: env, log: logSettings(config, env), metrics };
}
