import { envVar } from '@atropos/config';
import { z } from 'zod';

/** Environment both apps read to reach the queue; each app's declarations spread this in. */
export const redisEnv = {
  redisUrl: envVar(
    'REDIS_URL',
    z
      .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379' })
      .default('redis://127.0.0.1:6379'),
    'Redis holding the Bull queue and worker heartbeats',
  ),
  queuePrefix: envVar(
    'QUEUE_PREFIX',
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "." or "-"')
      .default('atropos'),
    'Prefix of every Redis key, so several deployments can share a Redis',
  ),
  taskEventsLogLength: envVar(
    'TASK_EVENTS_LOG_LENGTH',
    z.coerce.number().int().min(100).max(10_000_000).default(10_000),
    "Write groups of task events (a batch, a worker's group of changes) the Redis log keeps, about: how far back a reconnecting GET /tasks/events client can be replayed",
  ),
};
