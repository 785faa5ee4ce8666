import { z } from 'zod';

/** N starts per window, counted across every worker. */
export const rateLimitSchema = z.strictObject({
  limit: z.int().min(1).max(1_000_000).describe('Starts allowed per window.'),
  window_s: z.number().gt(0).max(86_400).describe('The window, in seconds (a sliding one).'),
});

const PLACEHOLDER = /\$\{parameters\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)\}/g;

/**
 * A task type's flow control, enforced across the whole fleet (see packages/worker/src/flow):
 * how many of its tasks run at once, how many of one concurrency key run at once, and how many
 * start per window, for the type and per key. A task over a limit waits without holding a worker
 * slot and starts when one frees.
 */
export const taskLimitsSchema = z
  .strictObject({
    concurrency: z.int().min(1).max(100_000).optional().describe('Most tasks of this type running at once, across every worker.'),
    key: z
      .string()
      .min(1)
      .max(200)
      .regex(/\$\{parameters\.[A-Za-z0-9_.]+\}/, { error: 'must name at least one parameter, e.g. "customer ${parameters.customer_id}"' })
      .optional()
      .describe(
        'The concurrency key of a task, from its parameters: e.g. "customer ${parameters.customer_id}". Keys take turns (fairness), and key_concurrency and key_rate count by it.',
      ),
    key_concurrency: z.int().min(1).max(100_000).optional().describe('Most tasks of one key running at once, across every worker.'),
    rate: rateLimitSchema.optional().describe('Starts of this type per window.'),
    key_rate: rateLimitSchema.optional().describe('Starts of one key per window.'),
  })
  .superRefine((limits, context) => {
    for (const field of ['key_concurrency', 'key_rate'] as const) {
      if (limits[field] !== undefined && limits.key === undefined)
        context.addIssue({ code: 'custom', path: [field], message: 'needs a `key` to count by' });
    }
  });

export type TaskLimits = z.output<typeof taskLimitsSchema>;

/**
 * A task's concurrency key: the template with each `${parameters.<path>}` replaced by that
 * parameter (`customer ${parameters.customer_id}` → `customer 42`). null when a parameter it
 * names is missing or null: such a task is held by the type's limits only.
 */
export function concurrencyKeyOf(template: string, parameters: unknown): string | null {
  const missing: string[] = [];
  const key = template.replace(PLACEHOLDER, (_match, path: string) => {
    let value: unknown = parameters;
    for (const part of path.split('.')) {
      value =
        typeof value === 'object' && value !== null && Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined;
    }
    if (value === undefined || value === null) {
      missing.push(path);
      return '';
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
  return missing.length > 0 ? null : key.slice(0, 500);
}

/**
 * A task's own concurrency key (POST /tasks `concurrency`), for a key that is not in its parameters
 * or a type that declares none: it takes the place of the type's key template, so the task takes
 * turns with the other keys of its queue and counts against `limit` tasks of that key at once
 * across the fleet (else the type's `key_concurrency`, if any) and the type's `key_rate`.
 */
export const taskConcurrencySchema = z
  .strictObject({
    key: z.string().min(1).max(200).describe('The key this task counts under, e.g. "customer 42".'),
    limit: z
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe("Most tasks of this key running at once across every worker; without it, the type's key_concurrency (if any)."),
  })
  .meta({ example: { key: 'customer 42', limit: 1 } });

export type TaskConcurrency = z.output<typeof taskConcurrencySchema>;
