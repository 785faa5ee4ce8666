import type { EnvConfig } from '@atropos/config';
import { envVar, parseEnv } from '@atropos/config';
import { databaseEnv } from '@atropos/db';
import { logEnv } from '@atropos/observability';
import { redisEnv } from '@atropos/queue';
import { workerQueuesSchema } from '@atropos/tasks';
import os from 'node:os';
import { z } from 'zod';
import { WorkerConfigError } from '../errors/worker-config.error.js';

/**
 * The settings a worker reads from its environment variables, under the option name startWorker
 * takes them by: each with its validation, default and meaning. The platform's worker declares
 * the same (it spreads these in), so its docs check covers them.
 */
export const workerRuntimeEnv = {
  ...databaseEnv,
  ...redisEnv,
  queues: envVar(
    'WORKER_QUEUES',
    workerQueuesSchema,
    'Queues (pools) this worker takes tasks from, comma-separated (e.g. video); unset: every queue',
  ),
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
    z.coerce.number().int().min(0).max(65_535).optional(),
    "Port of the worker's GET /metrics for Prometheus; unset: no listener",
  ),
  metricsHost: envVar('METRICS_HOST', z.string().min(1).default('0.0.0.0'), 'Address the metrics listener binds'),
  taskLogMaxLines: envVar(
    'TASK_LOG_MAX_LINES',
    z.coerce.number().int().min(0).max(1_000_000).default(1_000),
    "Lines one attempt's log keeps; past it they are dropped, and one last line says how many",
  ),
};

/**
 * Every variable the atropos-worker command reads: the worker's settings and how many processes
 * to run.
 */
export const workerEnv = {
  ...workerRuntimeEnv,
  processes: envVar(
    'WORKER_PROCESSES',
    z
      .string()
      .regex(/^(auto|[1-9][0-9]{0,2})$/, { error: 'must be a number of processes (1-999) or "auto" (one per CPU)' })
      .default('1'),
    'Worker processes to run, supervised (a crashed one is started again); auto: one per CPU',
  ),
};

/** The worker settings the environment gives (everything startWorker takes but the tasks, the queue and a logger). */
export type EnvWorkerOptions = EnvConfig<typeof workerRuntimeEnv>;

/** Reads and validates the worker's variables; a bad one throws, naming it and what to fix. */
export function workerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): EnvWorkerOptions {
  return parseEnv(workerRuntimeEnv, env, 'worker');
}

/** How many worker processes WORKER_PROCESSES asks for: a number, or one per CPU for `auto`. */
export function processesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return parseProcesses(parseEnv({ processes: workerEnv.processes }, env, 'worker').processes);
}

export function parseProcesses(value: string): number {
  if (value === 'auto') return Math.max(1, os.availableParallelism());
  if (!/^[1-9][0-9]{0,2}$/.test(value)) {
    throw new WorkerConfigError(`Invalid number of processes ${JSON.stringify(value)}: a number (1-999) or "auto" (one per CPU)`);
  }
  return Number(value);
}
