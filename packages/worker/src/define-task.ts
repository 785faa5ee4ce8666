import { schemaFingerprint } from '@atropos/db';
import type { TaskLimits } from '@atropos/tasks';
import { DEFAULT_QUEUE, queueNameSchema, taskLimitsSchema } from '@atropos/tasks';
import { z } from 'zod';
import { TaskDefinitionError } from './errors/task-definition.error.js';
import type { TaskContext } from './runner/task-context.js';

export { TaskDefinitionError } from './errors/task-definition.error.js';

/** The longest timeout a task type may have: a day (the API's limit for any task). */
export const MAX_TIMEOUT_S = 86_400;
/** The most retries a task type may ask for. */
export const MAX_RETRIES = 100;

const TASK_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const DEFINED = Symbol.for('@atropos/worker.task');

/** What `run` may return: the input of the result schema when there is one, any JSON value otherwise. */
export type TaskResultInput<Result extends z.ZodType | undefined> = Result extends z.ZodType ? z.input<Result> : unknown;

/** A task type as its author writes it. */
export interface TaskDefinition<Parameters extends z.ZodType, Result extends z.ZodType | undefined = undefined> {
  /** snake_case, up to 64 characters: what clients send as `task_type`. */
  name: string;
  /** Shown at GET /task-types and in the web's new-task form. */
  description: string;
  /**
   * The parameters, as a zod object schema: the API validates a new task against its JSON Schema,
   * the worker again against the schema itself before `run` (defaults filled in).
   */
  parameters: Parameters;
  /** What `run` returns; checked before it is stored (a mismatch fails the task without retries). */
  result?: Result;
  /** Longest an attempt may run, in seconds (default 3600): then `context.signal` aborts and the attempt fails. */
  timeout_s?: number;
  /** Attempts after the first when one fails (default 3), each after an exponential backoff. */
  max_retries?: number;
  /** Parameters that show the type off, for the docs and the web form; checked against `parameters`. */
  example?: z.input<Parameters>;
  /**
   * The queue (pool of workers) its tasks go to (default `default`): a worker started with
   * `queues` (WORKER_QUEUES) serves only the types of those queues.
   */
  queue?: string;
  /**
   * Flow control across every worker: `concurrency` (tasks of the type at once), `key` (a template
   * such as `customer ${parameters.customer_id}`) with `key_concurrency` (tasks of one key at
   * once), `rate` and `key_rate` (`{ limit, window_s }` starts per window). A task over a limit
   * waits, without holding a worker slot, and starts when it may.
   */
  limits?: TaskLimits;
  /** Runs one attempt: validated parameters in, the result out (JSON-serialisable). */
  run: (parameters: z.output<Parameters>, context: TaskContext) => Promise<TaskResultInput<Result>>;
}

/**
 * A task type ready for startWorker: the definition, checked, with the JSON Schemas the worker
 * registers and their fingerprint.
 */
export interface DefinedTask<Parameters extends z.ZodType = z.ZodType, Result extends z.ZodType | undefined = z.ZodType | undefined> {
  readonly name: string;
  readonly description: string;
  readonly parameters: Parameters;
  readonly result: Result | undefined;
  readonly timeoutS: number;
  readonly maxRetries: number;
  readonly example: Record<string, unknown> | null;
  /** The queue (pool) its tasks go to. */
  readonly queue: string;
  /** Its flow control; undefined: none. */
  readonly limits: TaskLimits | undefined;
  /** JSON Schema (draft 2020-12) of the parameters as a client sends them. */
  readonly parametersJsonSchema: Record<string, unknown>;
  /** JSON Schema of the result as stored; null without a result schema. */
  readonly resultJsonSchema: Record<string, unknown> | null;
  /** Names the two schemas: workers with equal fingerprints agree on the contract. */
  readonly fingerprint: string;
  readonly run: (parameters: z.output<Parameters>, context: TaskContext) => Promise<TaskResultInput<Result>>;
}

/** Any defined task, whatever its schemas: what startWorker takes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- run's parameters are contravariant; any lets every DefinedTask in
export type AnyTask = DefinedTask<any, any>;

/**
 * Defines a task type: checks the definition at once (so a mistake stops the worker at start with
 * a message, not a task at run time) and computes what the worker registers.
 *
 * ```ts
 * const invoice = defineTask({
 *   name: 'invoice_pdf', description: 'Renders an invoice',
 *   parameters: z.object({ invoice_id: z.string(), pages: z.number().int().min(1).max(50).default(1) }),
 *   result: z.object({ bytes: z.number() }),
 *   timeout_s: 600, max_retries: 3,
 *   async run(params, ctx) { await ctx.progress(50, 'half way'); return { bytes: 1234 }; },
 * });
 * ```
 */
export function defineTask<Parameters extends z.ZodType, Result extends z.ZodType | undefined = undefined>(
  definition: TaskDefinition<Parameters, Result>,
): DefinedTask<Parameters, Result> {
  const { name } = definition;
  const fail = (message: string): never => {
    throw new TaskDefinitionError(`Task type ${JSON.stringify(name)}: ${message}`);
  };
  if (typeof name !== 'string' || !TASK_NAME.test(name)) {
    fail('name must be snake_case (a-z, 0-9 and _, starting with a letter), at most 64 characters');
  }
  if (typeof definition.description !== 'string' || definition.description.trim() === '' || definition.description.length > 2_000) {
    fail('description must be 1-2000 characters');
  }
  if (!isZodSchema(definition.parameters)) fail('parameters must be a zod schema, e.g. z.object({ … })');
  if (definition.result !== undefined && !isZodSchema(definition.result)) fail('result must be a zod schema');
  if (typeof definition.run !== 'function') fail('run must be a function (parameters, context) => result');
  const timeoutS = definition.timeout_s ?? 3_600;
  if (!Number.isInteger(timeoutS) || timeoutS < 1 || timeoutS > MAX_TIMEOUT_S)
    fail(`timeout_s must be a whole number of seconds, 1-${MAX_TIMEOUT_S}`);
  const maxRetries = definition.max_retries ?? 3;
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > MAX_RETRIES)
    fail(`max_retries must be a whole number, 0-${MAX_RETRIES}`);

  const queue = queueNameSchema.safeParse(definition.queue ?? DEFAULT_QUEUE);
  if (!queue.success) fail(`queue ${queue.error.issues[0]?.message ?? 'is invalid'}`);
  const limits = definition.limits === undefined ? undefined : taskLimitsSchema.safeParse(definition.limits);
  if (limits && !limits.success)
    fail(`limits: ${limits.error.issues.map((issue) => `${issue.path.join('.') || 'limits'} ${issue.message}`).join('; ')}`);

  const parametersJsonSchema = jsonSchemaOf(definition.parameters, 'input', 'parameters', fail);
  if (parametersJsonSchema['type'] !== 'object') fail('parameters must be an object schema (z.object or z.strictObject)');
  const resultJsonSchema = definition.result ? jsonSchemaOf(definition.result, 'output', 'result', fail) : null;

  let example: Record<string, unknown> | null = null;
  if (definition.example !== undefined) {
    const checked = definition.parameters.safeParse(definition.example);
    if (!checked.success)
      fail(
        `example does not satisfy parameters: ${checked.error.issues.map((issue) => `${issue.path.join('.') || 'example'}: ${issue.message}`).join('; ')}`,
      );
    example = definition.example as Record<string, unknown>;
  }

  return Object.freeze({
    [DEFINED]: true,
    name,
    description: definition.description,
    parameters: definition.parameters,
    result: definition.result,
    timeoutS,
    maxRetries,
    example,
    queue: queue.data ?? DEFAULT_QUEUE,
    limits: limits?.data,
    parametersJsonSchema,
    resultJsonSchema,
    fingerprint: schemaFingerprint(parametersJsonSchema, resultJsonSchema),
    run: definition.run,
  });
}

/** Whether `value` came from defineTask: how the orchestrator finds the tasks a module exports. */
export function isDefinedTask(value: unknown): value is AnyTask {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DEFINED] === true;
}

/** Duck-typed rather than instanceof: the project's copy of zod may not be the library's. */
function isZodSchema(value: unknown): value is z.ZodType {
  return (
    typeof value === 'object' && value !== null && '_zod' in value && typeof (value as { safeParse?: unknown }).safeParse === 'function'
  );
}

function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output', what: string, fail: (message: string) => never): Record<string, unknown> {
  try {
    return z.toJSONSchema(schema, { io, target: 'draft-2020-12' });
  } catch (error) {
    return fail(
      `${what} cannot be written as JSON Schema, which the API validates with (${(error as Error).message}); use JSON types (strings, numbers, booleans, arrays, objects) with their bounds and defaults`,
    );
  }
}
