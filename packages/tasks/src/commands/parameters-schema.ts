import { z } from 'zod';

/** A string parameter without maxLength (or enum) is capped here, so every value stays bounded. */
export const DEFAULT_STRING_MAX_LENGTH = 1_000;

const description = z.string().max(1_000).optional();

const stringParameter = z
  .strictObject({
    type: z.literal('string'),
    description,
    default: z.string().optional(),
    enum: z.array(z.string()).min(1).max(1_000).optional(),
    minLength: z.int().min(0).optional(),
    maxLength: z.int().min(0).max(1_000_000).optional(),
    pattern: z.string().max(1_000).refine(compiles, { error: 'is not a valid regular expression' }).optional(),
  })
  .refine((p) => p.minLength === undefined || p.maxLength === undefined || p.minLength <= p.maxLength, {
    error: 'minLength is greater than maxLength',
    path: ['minLength'],
  });

const numberFields = {
  description,
  minimum: z.number().optional(),
  maximum: z.number().optional(),
};

const integerParameter = z.strictObject({
  type: z.literal('integer'),
  ...numberFields,
  default: z.int().optional(),
  enum: z.array(z.int()).min(1).max(1_000).optional(),
});

const numberParameter = z.strictObject({
  type: z.literal('number'),
  ...numberFields,
  default: z.number().optional(),
  enum: z.array(z.number()).min(1).max(1_000).optional(),
});

const booleanParameter = z.strictObject({ type: z.literal('boolean'), description, default: z.boolean().optional() });

const parameterSpec = z
  .discriminatedUnion('type', [stringParameter, integerParameter, numberParameter, booleanParameter], {
    error: 'needs "type": one of "string", "integer", "number", "boolean"',
  })
  .refine((p) => !('minimum' in p) || p.minimum === undefined || p.maximum === undefined || p.minimum <= p.maximum, {
    error: 'minimum is greater than maximum',
    path: ['minimum'],
  });

export type ParameterSpec = z.infer<typeof parameterSpec>;

const PARAMETER_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * The parameters of a configured task type: the subset of JSON Schema that can be turned into a
 * bounded zod schema. Unknown keywords are refused rather than ignored, so a constraint an
 * operator writes is never silently dropped.
 */
export const parametersSpec = z
  .strictObject({
    type: z.literal('object').default('object'),
    properties: z
      .record(
        z.string().regex(PARAMETER_NAME, { error: 'parameter names are snake_case: a-z, 0-9 and _, starting with a letter' }),
        parameterSpec,
      )
      .default({}),
    required: z.array(z.string()).default([]),
  })
  .superRefine((spec, context) => {
    spec.required.forEach((name, index) => {
      if (!(name in spec.properties)) {
        context.addIssue({ code: 'custom', path: ['required', index], message: `names "${name}", which is not in properties` });
      }
    });
    for (const [name, parameter] of Object.entries(spec.properties)) {
      if (parameter.default === undefined) continue;
      const checked = parameterSchema(parameter).safeParse(parameter.default);
      if (!checked.success) {
        context.addIssue({
          code: 'custom',
          path: ['properties', name, 'default'],
          message: `does not satisfy the parameter's own constraints (${checked.error.issues[0]?.message ?? 'invalid'})`,
        });
      }
    }
  });

export type ParametersSpec = z.infer<typeof parametersSpec>;

/** The JSON Schema of one parameter as zod reads it, with the default string cap applied. */
function toJsonSchema(parameter: ParameterSpec): Record<string, unknown> {
  if (parameter.type === 'string' && parameter.maxLength === undefined && parameter.enum === undefined) {
    return { ...parameter, maxLength: DEFAULT_STRING_MAX_LENGTH };
  }
  return { ...parameter };
}

function parameterSchema(parameter: ParameterSpec): z.ZodType {
  return z.fromJSONSchema(toJsonSchema(parameter));
}

/**
 * Builds the zod schema of a configured type's parameters: unknown parameters are refused,
 * defaults filled in, exactly as for the built-in types.
 */
export function toParametersSchema(spec: ParametersSpec): z.ZodType<Record<string, unknown>> {
  return z.fromJSONSchema({
    type: 'object',
    properties: Object.fromEntries(Object.entries(spec.properties).map(([name, p]) => [name, toJsonSchema(p)])),
    required: spec.required,
    additionalProperties: false,
  }) as z.ZodType<Record<string, unknown>>;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
