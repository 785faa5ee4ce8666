import { z } from 'zod';
import type { TaskLimits } from './fleet/task-limits.js';

/** Parameters every task type accepts, whatever else it needs. */
export const commonParameters = {
  processing_time: z
    .number()
    .min(0)
    .max(3600)
    .default(5)
    .describe('Seconds the task spreads its work over (0 runs it as fast as possible).'),
  fail_attempts: z.int().min(0).max(100).default(0).describe('The first n attempts throw on purpose, to show and test retries.'),
};

/** A SHA-256 digest as results print it: `sha256:` and 64 hex digits. */
export const sha256Checksum = z.string().regex(/^sha256:[0-9a-f]{64}$/, { error: 'must be sha256: and 64 lowercase hex digits' });

/**
 * A task type as everyone but the worker sees it: its name, what it does, the parameters it
 * takes and the result it gives. The worker pairs each definition with a handler
 * (apps/worker/src/handlers), whose return type is the result schema's.
 */
export interface TaskTypeDefinition<
  Name extends string = string,
  Schema extends z.ZodType = z.ZodType,
  Result extends z.ZodType = z.ZodType,
> {
  readonly name: Name;
  readonly description: string;
  /** Validates and fills in defaults; bounds every value so no task can ask for unbounded work. */
  readonly parameters: Schema;
  /**
   * What a completed task of this type holds as its result. The worker checks each handler's
   * result against it (a mismatch fails the attempt without retries), GET /task-types publishes
   * it as JSON Schema, and the web's result views are typed from it. Optional: without it the
   * result is any JSON.
   */
  readonly result?: Result;
  /** An example of parameters that shows the type off, for /docs and the web form. */
  readonly example: z.input<Schema>;
  /** An attempt running longer than this fails with a timeout error; a task may ask for less or more, up to MAX_TASK_TIMEOUT_S. */
  readonly defaultTimeoutS: number;
  /** The queue (pool of workers) its tasks go to: DEFAULT_QUEUE unless it says otherwise. */
  readonly queue?: string;
  /** Flow control across the fleet: concurrency and rate limits of the type and of each key. */
  readonly limits?: TaskLimits;
}

/** The longest timeout a task may ask for: a day. */
export const MAX_TASK_TIMEOUT_S = 86_400;

export function defineTaskType<const Name extends string, Schema extends z.ZodType, Result extends z.ZodType = z.ZodType>(
  definition: TaskTypeDefinition<Name, Schema, Result>,
): TaskTypeDefinition<Name, Schema, Result> {
  return definition;
}
