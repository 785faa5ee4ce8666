import { z } from 'zod';
import { optionLikeParameters } from './commands/command-args.js';
import { commandResultSchema } from './commands/command-result.js';
import type { CommandTaskType } from './commands/command-task-type.js';
import { toParametersSchema } from './commands/parameters-schema.js';
import type { FieldProblem } from './field-problems.js';
import { toFieldProblems } from './field-problems.js';
import { DEFAULT_QUEUE } from './fleet/queue-name.js';
import type { TaskLimits } from './fleet/task-limits.js';
import type { HttpTaskType } from './http-task-type.js';
import type { TaskTypeDefinition } from './task-type.js';
import { TASK_TYPES } from './task-types.registry.js';

export type JsonSchemaTarget = 'draft-2020-12' | 'openapi-3.0';

/** What every entry has, whatever its kind. */
interface CatalogEntryFleet {
  /** The queue (pool of workers) its tasks go to. */
  readonly queue: string;
  /** Flow control across the fleet; undefined: none. */
  readonly limits: TaskLimits | undefined;
}

/** A task type as the API and the worker see it at run time, built in or configured. */
export type CatalogEntry = CatalogEntryFleet &
  (
    | {
        readonly kind: 'built_in';
        readonly name: string;
        readonly description: string;
        readonly parameters: z.ZodType;
        readonly example: Record<string, unknown>;
        readonly defaultTimeoutS: number;
        /** What the handler must return; undefined when the definition declares no result schema. */
        readonly result: z.ZodType | undefined;
      }
    | {
        readonly kind: 'command';
        readonly name: string;
        readonly description: string;
        readonly parameters: z.ZodType<Record<string, unknown>>;
        readonly example: Record<string, unknown>;
        /** The operator's timeout: the default, and the most a task of this type may ask for. */
        readonly defaultTimeoutS: number;
        /** The one shape of every command's result. */
        readonly result: z.ZodType;
        readonly command: CommandTaskType;
      }
    | {
        /** Served by workers in any language over the worker protocol; no Atropos process runs it. */
        readonly kind: 'http';
        readonly name: string;
        readonly description: string;
        readonly parameters: z.ZodType<Record<string, unknown>>;
        readonly example: Record<string, unknown>;
        /** The operator's timeout: the default of its tasks (a task may ask for another). */
        readonly defaultTimeoutS: number;
        /** None: the result is whatever the worker reports. */
        readonly result: undefined;
      }
  );

export type CatalogEntryKind = CatalogEntry['kind'];

export type CatalogCheck =
  { ok: true; taskType: string; entry: CatalogEntry; parameters: Record<string, unknown> } | { ok: false; problems: FieldProblem[] };

export type ResultCheck = { ok: true; result: unknown } | { ok: false; problems: FieldProblem[] };

/**
 * Every task type this deployment runs: the built-in ones (typed at compile time, each with its
 * handler in the worker), and those an operator declared in config/task-types.json: command types
 * (run by the worker) and types served over HTTP by workers in other languages. Built once at
 * start by the API and the worker from the same file.
 *
 * `builtInTypes` are the definitions of TASK_TYPES; a test may pass variants of them under the
 * same names (the worker runs a built-in type by its name's handler).
 */
export class TaskTypeCatalog {
  private readonly byName: ReadonlyMap<string, CatalogEntry>;
  readonly entries: readonly CatalogEntry[];

  constructor(
    commandTypes: readonly CommandTaskType[] = [],
    httpTypes: readonly HttpTaskType[] = [],
    builtInTypes: readonly TaskTypeDefinition[] = TASK_TYPES,
  ) {
    const builtIns: CatalogEntry[] = builtInTypes.map((definition) => ({
      kind: 'built_in',
      name: definition.name,
      description: definition.description,
      parameters: definition.parameters,
      example: definition.example as Record<string, unknown>,
      defaultTimeoutS: definition.defaultTimeoutS,
      result: definition.result,
      queue: definition.queue ?? DEFAULT_QUEUE,
      limits: definition.limits,
    }));
    const configured: CatalogEntry[] = commandTypes.map((spec) => ({
      kind: 'command',
      name: spec.name,
      description: spec.description,
      parameters: commandParametersSchema(spec),
      example: spec.example ?? defaultsOf(spec),
      defaultTimeoutS: spec.timeout_s,
      result: commandResultSchema,
      command: spec,
      queue: spec.queue,
      limits: spec.limits,
    }));
    const servedOverHttp: CatalogEntry[] = httpTypes.map((spec) => ({
      kind: 'http',
      name: spec.name,
      description: spec.description,
      parameters: toParametersSchema(spec.parameters),
      example: spec.example ?? defaultsOf(spec),
      defaultTimeoutS: spec.timeout_s,
      result: undefined,
      queue: spec.queue,
      limits: spec.limits,
    }));
    this.entries = [...builtIns, ...configured, ...servedOverHttp];
    this.byName = new Map(this.entries.map((entry) => [entry.name, entry]));
  }

  names(): string[] {
    return this.entries.map((entry) => entry.name);
  }

  has(name: unknown): name is string {
    return typeof name === 'string' && this.byName.has(name);
  }

  get(name: string): CatalogEntry | undefined {
    return this.byName.get(name);
  }

  /**
   * Validates a task's type and parameters against its definition and fills in defaults. The API
   * calls it when it accepts a task and the worker again when it takes the job, so a row written
   * by anything else still cannot run with bad parameters.
   */
  check(taskType: unknown, parameters: unknown = {}): CatalogCheck {
    const entry = typeof taskType === 'string' ? this.byName.get(taskType) : undefined;
    if (!entry) {
      return {
        ok: false,
        problems: [
          {
            field: 'task_type',
            message: `unknown task type ${JSON.stringify(taskType)}; valid types are ${this.names().join(', ')}`,
          },
        ],
      };
    }
    const parsed = entry.parameters.safeParse(parameters);
    if (!parsed.success) return { ok: false, problems: toFieldProblems(parsed.error.issues, 'parameters') };
    return { ok: true, taskType: entry.name, entry, parameters: parsed.data as Record<string, unknown> };
  }

  /**
   * Checks what a handler returned against its type's result schema, naming each field at fault
   * under `result`. A type without a result schema accepts any result.
   */
  checkResult(name: string, result: unknown): ResultCheck {
    const schema = this.entryOf(name).result;
    if (!schema) return { ok: true, result };
    const parsed = schema.safeParse(result);
    return parsed.success ? { ok: true, result: parsed.data } : { ok: false, problems: toFieldProblems(parsed.error.issues, 'result') };
  }

  /** Every queue a type of this catalog goes to, DEFAULT_QUEUE first. */
  queues(): string[] {
    return [...new Set([DEFAULT_QUEUE, ...this.entries.map((entry) => entry.queue)])];
  }

  /** The JSON Schema of a type's parameters as a client sends them (defaults shown, not required). */
  jsonSchema(name: string, target: JsonSchemaTarget = 'draft-2020-12'): Record<string, unknown> {
    return z.toJSONSchema(this.entryOf(name).parameters, { io: 'input', target });
  }

  /** The JSON Schema of a type's result as a completed task holds it; null when the type declares none. */
  resultJsonSchema(name: string, target: JsonSchemaTarget = 'draft-2020-12'): Record<string, unknown> | null {
    const schema = this.entryOf(name).result;
    return schema ? z.toJSONSchema(schema, { io: 'output', target }) : null;
  }

  private entryOf(name: string): CatalogEntry {
    const entry = this.byName.get(name);
    if (!entry) throw new Error(`unknown task type ${JSON.stringify(name)}`);
    return entry;
  }
}

/**
 * A command type's parameters as the API and the worker check them: the declared schema, and
 * unless the type sets `allow_dash_args`, no value that would begin an argument with `-`, so a
 * client cannot slip an option (`--output=…`, `-exec`) to the program where a value belongs.
 */
function commandParametersSchema(spec: CommandTaskType): z.ZodType<Record<string, unknown>> {
  const schema = toParametersSchema(spec.parameters);
  if (spec.allow_dash_args) return schema;
  return schema.superRefine((parameters, context) => {
    for (const name of optionLikeParameters(spec.args, parameters)) {
      context.addIssue({
        code: 'custom',
        path: [name],
        message: `must not start with "-": it begins an argument of ${spec.name}'s command, which could take it for an option`,
      });
    }
  });
}

function defaultsOf(spec: CommandTaskType | HttpTaskType): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(spec.parameters.properties).flatMap(([name, parameter]) =>
      parameter.default === undefined ? [] : [[name, parameter.default]],
    ),
  );
}
