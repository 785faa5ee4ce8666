import type { EnvConfig } from '@atropos/config';
import { envVar, parseEnv } from '@atropos/config';
import { databaseEnv } from '@atropos/db';
import type { LogSettings } from '@atropos/observability';
import { logEnv, logSettings } from '@atropos/observability';
import { redisEnv } from '@atropos/queue';
import { configDirEnv } from '@atropos/tasks/config';
import { z } from 'zod';
import { parseApiKeys } from '../security/api-keys.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../users/users.js';

/**
 * Every variable the API reads, under the field its code reads it by, with its validation, default
 * and meaning (the spec checks each is documented, with the same default).
 */
export const apiEnv = {
  ...databaseEnv,
  ...redisEnv,
  port: envVar('PORT', z.coerce.number().int().min(1).max(65_535).default(8000), 'HTTP port'),
  host: envVar(
    'HOST',
    z.string().min(1).default('127.0.0.1'),
    'Address to listen on; anything but loopback needs API keys or ALLOW_OPEN_API',
  ),
  publishedAddress: envVar(
    'PUBLISHED_ADDRESS',
    z.string().min(1).optional(),
    'In a container: the host address its port is published on (compose passes API_BIND); the open-API check judges it instead of HOST',
  ),
  allowOpenApi: envVar(
    'ALLOW_OPEN_API',
    z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .default('false')
      .transform((value) => value === 'true'),
    'true lets the API listen on a non-loopback address with no API keys at all (behind a gateway that authenticates)',
  ),
  maxRetries: envVar(
    'TASK_MAX_RETRIES',
    z.coerce.number().int().min(0).max(100).default(3),
    'Automatic retries after the first attempt; a task gets 1 + this many attempts',
  ),
  retryBackoffMs: envVar(
    'TASK_RETRY_BACKOFF_MS',
    z.coerce.number().int().min(0).max(3_600_000).default(1_000),
    'Delay before the first retry; each further retry waits twice as long as the one before',
  ),
  idempotencyKeyTtlMs: envVar(
    'IDEMPOTENCY_KEY_TTL_HOURS',
    z.coerce
      .number()
      .min(0.001)
      .max(24 * 365)
      .default(24)
      .transform((hours) => Math.round(hours * 3_600_000)),
    'How long an Idempotency-Key is remembered, in hours (the setting holds milliseconds)',
  ),
  apiKeys: envVar(
    'API_KEYS',
    z
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
    'Comma-separated scope:key entries, kept hashed; empty: the API is open (development)',
  ),
  rateLimitPerMinute: envVar(
    'RATE_LIMIT_PER_MINUTE',
    z.coerce.number().int().min(0).max(10_000_000).default(0),
    'Requests per client per minute, shared by all replicas; 0: no limit',
  ),
  authFailuresPerMinute: envVar(
    'AUTH_FAILURES_PER_MINUTE',
    z.coerce.number().int().min(0).max(1_000_000).default(10),
    'Refused authentications per client address per minute, across replicas; past it every request of that address carrying a key gets 429 until the minute ends. 0: no limit',
  ),
  sessionTtlMs: envVar(
    'SESSION_TTL_HOURS',
    z.coerce
      .number()
      .min(0.01)
      .max(24 * 90)
      .default(12)
      .transform((hours) => Math.round(hours * 3_600_000)),
    'How long a sign-in lasts, in hours (the setting holds milliseconds); sign-out or an admin ends it sooner',
  ),
  adminEmail: envVar(
    'ADMIN_EMAIL',
    z
      .string()
      .trim()
      .optional()
      .transform((email) => email || undefined)
      .pipe(z.email({ error: 'must be an email address' }).optional()),
    'With ADMIN_PASSWORD: the first admin, created at start when there is no user yet (then the API asks every caller who they are)',
  ),
  adminPassword: envVar(
    'ADMIN_PASSWORD',
    z
      .string()
      .optional()
      .transform((password) => password || undefined)
      .pipe(
        z
          .string()
          .min(PASSWORD_MIN_LENGTH, { error: `must be at least ${PASSWORD_MIN_LENGTH} characters` })
          .max(PASSWORD_MAX_LENGTH)
          .optional(),
      ),
    "The first admin's password (at least 12 characters); change it after the first sign-in",
  ),
  signInFailuresPerAccount: envVar(
    'SIGN_IN_FAILURES_PER_ACCOUNT',
    z.coerce.number().int().min(0).max(1_000_000).default(5),
    'Failed sign-ins one email may have in SIGN_IN_THROTTLE_MINUTES; past it the email gets 429 until the window ends. 0: no limit',
  ),
  signInFailuresPerAddress: envVar(
    'SIGN_IN_FAILURES_PER_ADDRESS',
    z.coerce.number().int().min(0).max(1_000_000).default(20),
    '… and one client address, whatever the email. 0: no limit',
  ),
  signInThrottleMs: envVar(
    'SIGN_IN_THROTTLE_MINUTES',
    z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15)
      .transform((minutes) => minutes * 60_000),
    'The window failed sign-ins are counted in, in minutes (the setting holds milliseconds)',
  ),
  trustProxy: envVar(
    'TRUST_PROXY',
    z
      .string()
      .trim()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      ),
    "Addresses (or loopback, uniquelocal) of proxies whose X-Forwarded-For names the client, e.g. the web server's; empty: none",
  ),
  oidcIssuerUrl: envVar(
    'OIDC_ISSUER_URL',
    z
      .string()
      .trim()
      .optional()
      .transform((url) => url || undefined)
      .pipe(
        z
          .url({ protocol: /^https?$/, error: "must be the identity provider's issuer URL, e.g. https://login.example.com/realms/acme" })
          .optional(),
      ),
    "Single sign-on: the OpenID Connect provider's issuer URL (https, or http on loopback for tests); with OIDC_CLIENT_ID and OIDC_CLIENT_SECRET",
  ),
  oidcClientId: envVar(
    'OIDC_CLIENT_ID',
    z
      .string()
      .trim()
      .optional()
      .transform((id) => id || undefined),
    'The client id Atropos has at the provider',
  ),
  oidcClientSecret: envVar(
    'OIDC_CLIENT_SECRET',
    z
      .string()
      .optional()
      .transform((secret) => secret || undefined),
    'Its client secret',
  ),
  corsOrigins: envVar(
    'CORS_ORIGINS',
    z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url({ error: 'must be a comma-separated list of origins, e.g. https://tasks.example.com' }))),
    'Origins a browser may call the API from directly; empty: none (the web UI calls it server-side)',
  ),
  bodyLimitKb: envVar('BODY_LIMIT_KB', z.coerce.number().int().min(1).max(100_000).default(1024), 'Largest request body'),
  maxOpenTasksPerTenant: envVar(
    'MAX_OPEN_TASKS_PER_TENANT',
    z.coerce.number().int().min(0).max(100_000_000).default(100_000),
    'Unfinished tasks one tenant may have at once, counted for callers with a key; 0: no cap',
  ),
  sweepIntervalMs: envVar(
    'SWEEP_INTERVAL_MS',
    z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    'How often the sweeper looks for unfinished tasks that have no job in Redis',
  ),
  sweepGraceMs: envVar(
    'SWEEP_GRACE_MS',
    z.coerce.number().int().min(0).max(3_600_000).default(60_000),
    'Tasks changed more recently than this are left to the normal flow by the sweeper',
  ),
  resultRetentionDays: envVar(
    'RESULT_RETENTION_DAYS',
    z.coerce.number().int().min(0).max(36_500).default(30),
    'Final tasks completed longer ago than this many days are deleted; 0 keeps them forever',
  ),
  auditRetentionDays: envVar(
    'AUDIT_RETENTION_DAYS',
    z.coerce.number().int().min(0).max(36_500).default(365),
    'Audit log entries older than this many days are deleted; 0 keeps them forever',
  ),
  retentionSweepIntervalMs: envVar(
    'RETENTION_SWEEP_INTERVAL_MS',
    z.coerce
      .number()
      .int()
      .min(1_000)
      .max(7 * 24 * 3_600_000)
      .default(3_600_000),
    'How often the retention sweep runs (it also runs at start)',
  ),
  configDir: configDirEnv,
  httpWorkerLeaseMs: envVar(
    'HTTP_WORKER_LEASE_MS',
    z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
    "How long an attempt claimed over HTTP stays the worker's without a heartbeat; then the next claim takes the task over",
  ),
  workflowSweepIntervalMs: envVar(
    'WORKFLOW_SWEEP_INTERVAL_MS',
    z.coerce.number().int().min(100).max(3_600_000).default(5_000),
    'How often running workflow runs are checked for a step that ended unnoticed',
  ),
  sseMaxConnections: envVar(
    'SSE_MAX_CONNECTIONS',
    z.coerce.number().int().min(1).max(1_000_000).default(1_000),
    'Open event streams (GET /tasks/events) this API process serves at once, in all',
  ),
  sseMaxConnectionsPerKey: envVar(
    'SSE_MAX_CONNECTIONS_PER_KEY',
    z.coerce.number().int().min(1).max(1_000_000).default(100),
    '… and per client: its API key, or its address without keys',
  ),
  schedulerIntervalMs: envVar(
    'SCHEDULER_INTERVAL_MS',
    z.coerce.number().int().min(100).max(60_000).default(1_000),
    'How often each API replica looks for schedules with a slot due (a slot fires once, whichever replica sees it first)',
  ),
  webhookAllowedHosts: envVar(
    'WEBHOOK_ALLOWED_HOSTS',
    z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((host) => host.trim().toLowerCase())
          .filter(Boolean),
      ),
    'Comma-separated hosts (names or addresses) webhooks may be sent to although they are private, loopback or link-local; empty: none',
  ),
  webhookCallbackSecret: envVar(
    'WEBHOOK_CALLBACK_SECRET',
    z.string().min(16, 'must be at least 16 characters').optional(),
    "Signs the deliveries to tasks' callback_url; unset: POST /tasks refuses callback_url",
  ),
  webhookTimeoutMs: envVar(
    'WEBHOOK_TIMEOUT_MS',
    z.coerce.number().int().min(100).max(120_000).default(10_000),
    'How long one delivery attempt waits for the receiver to answer',
  ),
  webhookRetryBaseMs: envVar(
    'WEBHOOK_RETRY_BASE_MS',
    z.coerce.number().int().min(10).max(3_600_000).default(30_000),
    'Delay before the second attempt of a delivery; each further one waits about twice as long (at most an hour), for up to 24 hours',
  ),
  webhookPollIntervalMs: envVar(
    'WEBHOOK_POLL_INTERVAL_MS',
    z.coerce.number().int().min(50).max(60_000).default(1_000),
    'How often each API replica looks for webhook deliveries due',
  ),
  ...logEnv,
  metricsEnabled: envVar(
    'METRICS_ENABLED',
    z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .default('true')
      .transform((value) => value === 'true'),
    'GET /metrics (Prometheus) and the HTTP timings; false answers 404 there',
  ),
};

/** The API's settings, typed from `apiEnv`, with the logger's settings worked out from them. */
export type ApiConfig = EnvConfig<typeof apiEnv> & { log: LogSettings };

export const API_CONFIG = Symbol('API_CONFIG');

/** Reads and validates the environment once at start; a bad value stops the API with what to fix. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const config = parseEnv(apiEnv, env, 'API');
  const oidc = [config.oidcIssuerUrl, config.oidcClientId, config.oidcClientSecret];
  if (oidc.some((value) => value !== undefined) && oidc.some((value) => value === undefined)) {
    throw new Error('Invalid API configuration: OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: set all three or none');
  }
  if (
    config.oidcIssuerUrl?.startsWith('http:') &&
    !/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(config.oidcIssuerUrl)
  ) {
    throw new Error('Invalid API configuration: OIDC_ISSUER_URL must be https (http only on loopback, for tests)');
  }
  if ((config.adminEmail === undefined) !== (config.adminPassword === undefined)) {
    throw new Error('Invalid API configuration: ADMIN_EMAIL and ADMIN_PASSWORD go together: set both (the first admin) or neither');
  }
  return { ...config, log: logSettings(config, env) };
}
