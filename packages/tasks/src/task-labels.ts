import { z } from 'zod';

/**
 * A task's name and labels: what people tag tasks with to find them again (a project, a customer,
 * an incident). Labels are `key: value` strings kept as one flat JSON object, so a filter on any
 * number of them is one jsonb containment served by one GIN index. The API validates with these
 * schemas, the web reads labels and names through them, and the client's types come from the API's
 * OpenAPI document built on them.
 */

/** Enough to tag a task several ways, few enough to keep rows and the index small. */
export const MAX_TASK_LABELS = 20;
export const MAX_LABEL_KEY_LENGTH = 63;
export const MAX_LABEL_VALUE_LENGTH = 200;
export const MAX_TASK_NAME_LENGTH = 200;

/** Letters, digits and `_ - . /`, starting with a letter or digit: safe in a query key (`label.<key>`) and a URL. */
export const LABEL_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_./-]*$/;

/** Control characters (NUL included, which PostgreSQL cannot store) have no place in a name or a label. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Lone UTF-16 surrogates are no Unicode: jsonb refuses them. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const printable = (text: string) => !CONTROL_CHARACTER.test(text) && !LONE_SURROGATE.test(text);

/** Why `key` cannot be a label key, or null when it can. */
export function labelKeyProblem(key: string): string | null {
  if (key.length === 0) return 'a label key cannot be empty';
  if (key.length > MAX_LABEL_KEY_LENGTH) return `a label key has at most ${MAX_LABEL_KEY_LENGTH} characters`;
  if (!LABEL_KEY_PATTERN.test(key)) return 'a label key is letters, digits, _ - . or /, starting with a letter or digit';
  return null;
}

export const labelValueSchema = z
  .string()
  .max(MAX_LABEL_VALUE_LENGTH, { error: `a label value has at most ${MAX_LABEL_VALUE_LENGTH} characters` })
  .refine(printable, { error: 'a label value cannot hold control characters or unpaired surrogates' });

// Keys are checked here rather than by a key schema: zod reports a bad record key only as
// "Invalid key in record", and the person sending it needs to know what is wrong with it.
export const taskLabelsSchema = z
  .record(z.string(), labelValueSchema)
  .superRefine((labels, ctx) => {
    const keys = Object.keys(labels);
    if (keys.length > MAX_TASK_LABELS) {
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_TASK_LABELS} labels per task; got ${keys.length}` });
    }
    for (const key of keys) {
      const problem = labelKeyProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
  })
  .meta({ example: { project: 'beta', customer: '42' } })
  .describe(
    `Up to ${MAX_TASK_LABELS} \`key: value\` labels to find the task by (\`GET /tasks?label.<key>=<value>\`). ` +
      `Keys: 1–${MAX_LABEL_KEY_LENGTH} letters, digits, _ - . or /; values: up to ${MAX_LABEL_VALUE_LENGTH} characters.`,
  );

export type TaskLabels = z.output<typeof taskLabelsSchema>;

export const taskNameSchema = z
  .string()
  .trim()
  .min(1, { error: 'cannot be empty; leave it out for a task without a name' })
  .max(MAX_TASK_NAME_LENGTH, { error: `has at most ${MAX_TASK_NAME_LENGTH} characters` })
  .refine(printable, { error: 'cannot hold control characters or unpaired surrogates' })
  .meta({ example: 'Invoice run for ACME, November' })
  .describe('Free text to recognise the task by; `GET /tasks?name=` searches it.');

/** `{project: 'beta'}` as `project: beta`, as the web and the CLI show labels. */
export function formatLabel(key: string, value: string): string {
  return `${key}: ${value}`;
}
