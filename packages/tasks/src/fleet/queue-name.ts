import { z } from 'zod';

/**
 * The queue (pool) of a task type that names none. Workers serve the queues named in
 * WORKER_QUEUES (every queue by default), so a deployment runs one pool of workers per kind of
 * work: `worker` for `default`, `worker-video` for `video`.
 */
export const DEFAULT_QUEUE = 'default';

/** A queue's name as types declare it and WORKER_QUEUES lists it: it ends up in Redis keys, metrics labels and URLs. */
export const queueNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, { error: 'must be 1-63 characters: a-z, 0-9, "_" or "-", starting with a letter' });

/** WORKER_QUEUES as written (`default,video`): the names, each once; an empty value means every queue. */
export const workerQueuesSchema = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((name) => name.trim()))
  .pipe(z.array(z.string()))
  .transform((names) => [...new Set(names.filter((name) => name !== ''))])
  .pipe(z.array(queueNameSchema).max(64))
  .transform((names) => (names.length === 0 ? undefined : names));
