import { z } from 'zod';
import { artifactNameProblem } from '../artifact-name.js';
import { DEFAULT_QUEUE, queueNameSchema } from '../fleet/queue-name.js';
import { taskLimitsSchema } from '../fleet/task-limits.js';
import { MAX_TASK_TIMEOUT_S } from '../task-type.js';
import { placeholdersOf } from './command-args.js';
import { parametersSpec } from './parameters-schema.js';

/** Output kept of each of stdout and stderr when an entry does not say: the tail, 64 KiB. */
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
export const DEFAULT_COMMAND_TIMEOUT_S = 300;

const TASK_TYPE_NAME = /^[a-z][a-z0-9_]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(; *[a-z0-9_-]+=[a-z0-9_.-]+)*$/i;

const output = z.strictObject({
  name: z.string().superRefine((name, context) => {
    const problem = artifactNameProblem(name);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  }),
  content_type: z.string().max(200).regex(CONTENT_TYPE, { error: 'must be a media type, e.g. text/plain or application/json' }),
});

/** The fields every entry of config/task-types.json has, whoever runs the type. */
export const configuredTaskTypeFields = {
  name: z.string().max(64).regex(TASK_TYPE_NAME, { error: 'must be snake_case: a-z, 0-9 and _, starting with a letter' }),
  description: z.string().min(1).max(2_000),
  parameters: parametersSpec.default({ type: 'object', properties: {}, required: [] }),
  example: z.record(z.string(), z.unknown()).optional(),
  queue: queueNameSchema.default(DEFAULT_QUEUE),
  limits: taskLimitsSchema.optional(),
};

/** One command entry of config/task-types.json, as written. */
export const commandTaskTypeSpec = z
  .strictObject({
    ...configuredTaskTypeFields,
    command: z.string().min(1).max(4_096),
    args: z.array(z.string().max(4_096)).max(256).default([]),
    cwd: z
      .string()
      .refine((dir) => dir.startsWith('/'), { error: 'must be an absolute path' })
      .optional(),
    allow_dash_args: z.boolean().default(false),
    env: z
      .array(z.string().regex(ENV_NAME, { error: 'must be an environment variable name' }))
      .max(256)
      .default([]),
    timeout_s: z.int().min(1).max(MAX_TASK_TIMEOUT_S).default(DEFAULT_COMMAND_TIMEOUT_S),
    max_output_bytes: z
      .int()
      .min(1)
      .max(16 * 1024 * 1024)
      .default(DEFAULT_MAX_OUTPUT_BYTES),
    outputs: z.array(output).max(64).default([]),
  })
  .superRefine((spec, context) => {
    const { properties, required } = spec.parameters;
    spec.args.forEach((template, index) => {
      for (const name of placeholdersOf(template)) {
        const parameter = properties[name];
        if (!parameter) {
          const declared = Object.keys(properties);
          context.addIssue({
            code: 'custom',
            path: ['args', index],
            message: `refers to {${name}}, which is not a parameter (declared: ${declared.length > 0 ? declared.join(', ') : 'none'})`,
          });
        } else if (!required.includes(name) && parameter.default === undefined) {
          context.addIssue({
            code: 'custom',
            path: ['args', index],
            message: `refers to {${name}}, which may be left out: make it required or give it a default`,
          });
        }
      }
    });
    const seen = new Set<string>();
    spec.outputs.forEach((item, index) => {
      if (seen.has(item.name)) {
        context.addIssue({ code: 'custom', path: ['outputs', index, 'name'], message: `"${item.name}" is declared twice` });
      }
      seen.add(item.name);
    });
  });

/** A configured task type: a command run with arguments built from validated parameters. */
export type CommandTaskType = z.output<typeof commandTaskTypeSpec>;
