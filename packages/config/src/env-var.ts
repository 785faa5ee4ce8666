import { z } from 'zod';

/**
 * One environment variable: its name, the zod schema that turns its text into a value (validation
 * and default included), and what it is for. Apps collect these in an object keyed by the field
 * name their code reads (`{ maxRetries: envVar('TASK_MAX_RETRIES', …) }`); `parseEnv` reads them
 * and `EnvConfig` types the result, so each variable is written once.
 */
export interface EnvVar<Schema extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly schema: Schema;
  readonly doc: string;
}

/** An app's settings: each field its code reads, declared by the variable it comes from. */
export type EnvDeclarations = Readonly<Record<string, EnvVar>>;

/** The settings `parseEnv` returns for `Declarations`, each typed by its schema's output. */
export type EnvConfig<Declarations extends EnvDeclarations> = {
  -readonly [Field in keyof Declarations]: z.output<Declarations[Field]['schema']>;
};

/** Declares a variable; put the default in `schema` (`.default(…)`), so parsing and docs agree. */
export function envVar<Schema extends z.ZodType>(name: string, schema: Schema, doc: string): EnvVar<Schema> {
  return { name, schema, doc };
}

/** A variable as a person reads about it: name, meaning, and the default as it is written in `.env`. */
export interface EnvVarDoc {
  name: string;
  doc: string;
  /** What unset means, as text; undefined when the schema declares no default (optional, or worked out at start). */
  default: string | undefined;
}

/** Each declared variable with its meaning and default, for checks that the docs say the same. */
export function describeEnv(declarations: EnvDeclarations): EnvVarDoc[] {
  return Object.values(declarations).map(({ name, doc, schema }) => {
    const value = declaredDefault(schema);
    // Defaults are scalars; anything else is shown as JSON rather than as [object Object].
    return { name, doc, default: value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value) };
  });
}

/** The `.default(…)` a schema starts with, before any `.transform` or `.pipe` that follows it. */
function declaredDefault(schema: z.core.$ZodType): unknown {
  if (schema instanceof z.core.$ZodDefault) return schema._zod.def.defaultValue;
  if (schema instanceof z.core.$ZodPipe) return declaredDefault(schema._zod.def.in);
  return undefined;
}
