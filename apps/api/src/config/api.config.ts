import { databaseEnv } from '@atropos/db';
import { redisEnv } from '@atropos/queue';
import { describeFieldProblems, toFieldProblems } from '@atropos/tasks';
import { resolveConfigDir } from '@atropos/tasks/config';
import { z } from 'zod';
import type { StoredApiKey } from '../security/api-keys.js';
import { parseApiKeys } from '../security/api-keys.js';

/** Every variable the API reads, with its validation and default (the spec checks each is documented). */
export const apiEnv = z.object({
  ...databaseEnv,
  ...redisEnv,
  PORT: z.coerce.number().int().min(1).max(65_535).default(8000),
  HOST: z.string().min(1).default('0.0.0.0'),
  TASK_MAX_RETRIES: z.coerce.number().int().min(0).max(100).default(3),
  TASK_RETRY_BACKOFF_MS: z.coerce.number().int().min(0).max(3_600_000).default(1_000),
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().min(0.001).max(24 * 365).default(24),
  API_KEYS: z
    .string()
    .default('')
    .transform((value, context) => {
      try {
        return parseApiKeys(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000_000).default(0),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.url({ error: 'must be a comma-separated list of origins, e.g. https://tasks.example.com' }))),
  BODY_LIMIT_KB: z.coerce.number().int().min(1).max(100_000).default(1024),
  MAX_OPEN_TASKS_PER_KEY: z.coerce.number().int().min(0).max(100_000_000).default(100_000),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  SWEEP_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  RESULT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(30),
  RETENTION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1_000).max(7 * 24 * 3_600_000).default(3_600_000),
  CONFIG_DIR: z.string().optional(),
  WORKFLOW_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  SSE_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  SSE_MAX_CONNECTIONS_PER_KEY: z.coerce.number().int().min(1).max(1_000_000).default(100),
});

export interface ApiConfig {
  port: number;
  host: string;
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  queuePrefix: string;
  /** Automatic retries after the first attempt; a task gets 1 + this many attempts. */
  maxRetries: number;
  /** Delay before the first retry; each further retry waits twice as long as the one before. */
  retryBackoffMs: number;
  /** How long an Idempotency-Key is remembered. */
  idempotencyKeyTtlMs: number;
  /** Hashed API keys; empty: the API is open (development). */
  apiKeys: StoredApiKey[];
  /** Requests per client per minute, shared by all replicas; 0: no limit. */
  rateLimitPerMinute: number;
  /** Origins a browser may call the API from directly; empty: none (the web UI calls it server-side). */
  corsOrigins: string[];
  bodyLimitKb: number;
  /** Unfinished tasks one API key may have at once; 0: no cap. */
  maxOpenTasksPerKey: number;
  /** How often the sweeper looks for unfinished tasks that have no job in Redis. */
  sweepIntervalMs: number;
  /** Tasks changed more recently than this are left to the normal flow by the sweeper. */
  sweepGraceMs: number;
  /** Final tasks completed longer ago than this many days are deleted; 0 keeps them forever. */
  resultRetentionDays: number;
  /** How often the retention sweep runs (it also runs at start). */
  retentionSweepIntervalMs: number;
  /** Where task-types.json is read from. */
  configDir: string;
  /** How often running workflow runs are checked for a step that ended unnoticed. */
  workflowSweepIntervalMs: number;
  /** Open event streams (GET /tasks/events) this API process serves at once, in all. */
  sseMaxConnections: number;
  /** … and per client: its API key, or its address without keys. */
  sseMaxConnectionsPerKey: number;
}

export const API_CONFIG = Symbol('API_CONFIG');

/** Reads and validates the environment once at start; a bad value stops the API with what to fix. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = apiEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid API configuration: ${describeFieldProblems(toFieldProblems(parsed.error.issues))}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    maxRetries: e.TASK_MAX_RETRIES,
    retryBackoffMs: e.TASK_RETRY_BACKOFF_MS,
    idempotencyKeyTtlMs: Math.round(e.IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000),
    apiKeys: e.API_KEYS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    corsOrigins: e.CORS_ORIGINS,
    bodyLimitKb: e.BODY_LIMIT_KB,
    maxOpenTasksPerKey: e.MAX_OPEN_TASKS_PER_KEY,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    sweepGraceMs: e.SWEEP_GRACE_MS,
    resultRetentionDays: e.RESULT_RETENTION_DAYS,
    retentionSweepIntervalMs: e.RETENTION_SWEEP_INTERVAL_MS,
    configDir: resolveConfigDir(env),
    workflowSweepIntervalMs: e.WORKFLOW_SWEEP_INTERVAL_MS,
    sseMaxConnections: e.SSE_MAX_CONNECTIONS,
    sseMaxConnectionsPerKey: e.SSE_MAX_CONNECTIONS_PER_KEY,
  };
}
