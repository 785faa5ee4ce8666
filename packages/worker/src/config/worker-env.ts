import { databaseEnv } from '@atropos/db';
import { describeFieldProblems, toFieldProblems } from '@atropos/tasks';
import { redisEnv } from '@atropos/queue';
import os from 'node:os';
import { z } from 'zod';
import type { WorkerOptions } from '../worker-config.js';
import { WorkerConfigError } from '../worker-config.js';

/**
 * The environment variables a worker reads when it is started by the atropos-worker command (or
 * workerOptionsFromEnv), with their validation and defaults.
 */
export const workerEnv = z.object({
  ...databaseEnv,
  ...redisEnv,
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  WORKER_ID: z.string().min(1).max(200).optional(),
  WORKER_PROCESSES: z
    .string()
    .regex(/^(auto|[1-9][0-9]{0,2})$/, { error: 'must be a number of processes (1-999) or "auto" (one per CPU)' })
    .default('1'),
  PROGRESS_WRITE_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(25_000),
  STALLED_CHECK_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  ARTIFACT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 * 1024 * 1024)
    .default(10 * 1024 * 1024),
});

/** The worker settings the environment gives (everything startWorker takes but the tasks and a logger). */
export type EnvWorkerOptions = Required<Omit<WorkerOptions, 'tasks' | 'logger' | 'queue'>>;

/** Reads and validates the worker's variables; a bad one throws a WorkerConfigError naming it. */
export function workerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): EnvWorkerOptions {
  const e = parseWorkerEnv(env);
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
    artifactMaxBytes: e.ARTIFACT_MAX_BYTES,
  };
}

/** How many worker processes WORKER_PROCESSES asks for: a number, or one per CPU for `auto`. */
export function processesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return parseProcesses(parseWorkerEnv(env).WORKER_PROCESSES);
}

export function parseProcesses(value: string): number {
  if (value === 'auto') return Math.max(1, os.availableParallelism());
  const count = Number(value);
  if (!/^[1-9][0-9]{0,2}$/.test(value) || !Number.isInteger(count)) {
    throw new WorkerConfigError(`Invalid number of processes ${JSON.stringify(value)}: a number (1-999) or "auto" (one per CPU)`);
  }
  return count;
}

function parseWorkerEnv(env: NodeJS.ProcessEnv) {
  const parsed = workerEnv.safeParse(env);
  if (!parsed.success) {
    throw new WorkerConfigError(`Invalid worker configuration: ${describeFieldProblems(toFieldProblems(parsed.error.issues))}`);
  }
  return parsed.data;
}
