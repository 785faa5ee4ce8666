import { z } from 'zod';

/** Parameters every task type accepts, whatever else it needs. */
export const commonParameters = {
  processing_time: z
    .number()
    .min(0)
    .max(3600)
    .default(5)
    .describe('Seconds the task spreads its work over (0 runs it as fast as possible).'),
  fail_attempts: z
    .int()
    .min(0)
    .max(100)
    .default(0)
    .describe('The first n attempts throw on purpose, to show and test retries.'),
};

/**
 * A task type as everyone but the worker sees it: its name, what it does and the parameters it
 * takes. The worker pairs each definition with a handler (apps/worker/src/handlers).
 */
export interface TaskTypeDefinition<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly name: Name;
  readonly description: string;
  /** Validates and fills in defaults; bounds every value so no task can ask for unbounded work. */
  readonly parameters: Schema;
  /** An example of parameters that shows the type off, for /docs and the web form. */
  readonly example: z.input<Schema>;
  /** An attempt running longer than this fails with a timeout error; a task may ask for less or more, up to MAX_TASK_TIMEOUT_S. */
  readonly defaultTimeoutS: number;
}

/** The longest timeout a task may ask for: a day. */
export const MAX_TASK_TIMEOUT_S = 86_400;

export function defineTaskType<const Name extends string, Schema extends z.ZodType>(
  definition: TaskTypeDefinition<Name, Schema>,
): TaskTypeDefinition<Name, Schema> {
  return definition;
}
