import { z } from 'zod';
import { configuredTaskTypeFields } from './commands/command-task-type.js';
import { MAX_TASK_TIMEOUT_S } from './task-type.js';

/** The timeout of a type served over HTTP when its entry does not say. */
export const DEFAULT_HTTP_TIMEOUT_S = 3_600;

/**
 * An entry of config/task-types.json with `"worker": "http"`: a type that no Atropos process
 * runs; workers in any language take its tasks over the worker protocol (`/worker/…`). The API
 * validates its parameters like a command type's and queues its tasks where only those workers
 * claim them.
 */
export const httpTaskTypeSpec = z.strictObject({
  ...configuredTaskTypeFields,
  // Its workers take tasks without the workers' flow gate, so limits would be promised and not kept.
  limits: z
    .never({ error: 'is not enforced for a type served over HTTP (its workers do not go through the flow gate); remove it' })
    .optional(),
  worker: z.literal('http'),
  timeout_s: z.int().min(1).max(MAX_TASK_TIMEOUT_S).default(DEFAULT_HTTP_TIMEOUT_S),
});

export type HttpTaskType = z.output<typeof httpTaskTypeSpec>;
