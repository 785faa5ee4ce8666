import type { TaskTypeRegistration, TaskTypeWorker } from '@atropos/db';
import { schemaFingerprint, TaskTypeRegistry } from '@atropos/db';
import { httpTaskQueueName, TASKS_QUEUE, taskQueueName } from '@atropos/queue';
import type { FieldProblem } from '@atropos/tasks';
import { MAX_TASK_TIMEOUT_S, TaskTypeCatalog, toFieldProblems } from '@atropos/tasks';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';

export type TaskTypeKind = 'built_in' | 'command' | 'http' | 'registered';

/** A task type as the API creates, routes and lists its tasks, whatever its origin. */
export interface TaskTypeInfo {
  name: string;
  kind: TaskTypeKind;
  description: string;
  /** Validates a new task's parameters and fills in defaults. */
  parameters: z.ZodType;
  parametersSchema: Record<string, unknown>;
  resultSchema: Record<string, unknown> | null;
  example: Record<string, unknown>;
  /** The timeout of a task that asks for none. */
  timeoutS: number;
  /** The most a task may ask for: a command type's own timeout, else a day. */
  maxTimeoutS: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  fingerprint: string;
  /** The Bull queue its jobs go on. */
  queue: string;
}

export type TaskTypeCheck = { ok: true; type: TaskTypeInfo; parameters: Record<string, unknown> } | { ok: false; problems: FieldProblem[] };

/** Checks a type and its parameters without waiting: what a definition check (workflow steps, schedules) is given. */
export type CheckTaskType = (
  taskType: unknown,
  parameters: unknown,
) => { ok: true; parameters: Record<string, unknown> } | { ok: false; problems: FieldProblem[] };

/** A type as GET /task-types lists it: the type and who serves it. */
export interface TaskTypeListing {
  type: TaskTypeInfo;
  /** Live workers serving it. */
  workers: number;
  /** Set while live workers serve it with schemas other than the ones the API validates with. */
  conflict: { message: string; fingerprints: string[] } | null;
}

/** Registrations are read again at most this often for known types… */
const REFRESH_MS = 1_000;
/** …and this often when a task names a type the API does not know (a worker may have just registered it). */
const REFRESH_ON_MISS_MS = 200;

/**
 * Every task type the API accepts: the built-in and command types of its catalog, fixed at start,
 * and the types workers registered (task_type_registrations), read from PostgreSQL and kept for
 * REFRESH_MS. A registered type is validated against its registered JSON Schema (turned into zod
 * by z.fromJSONSchema, once per fingerprint); the built-in ones never wait on the database.
 */
@Injectable()
export class TaskTypesService {
  private readonly logger = new Logger('TaskTypes');
  private readonly registry: TaskTypeRegistry;
  private readonly staticTypes: ReadonlyMap<string, TaskTypeInfo>;
  private registered = new Map<string, TaskTypeInfo>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;
  private readonly validators = new Map<string, z.ZodType | Error>();

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly catalog: TaskTypeCatalog,
    dataSource: DataSource,
  ) {
    this.registry = new TaskTypeRegistry(dataSource);
    this.staticTypes = new Map(
      catalog.entries.map((entry) => {
        const parametersSchema = catalog.jsonSchema(entry.name);
        const resultSchema = catalog.resultJsonSchema(entry.name);
        const info: TaskTypeInfo = {
          name: entry.name,
          kind: entry.kind,
          description: entry.description,
          parameters: entry.parameters,
          parametersSchema,
          resultSchema,
          example: entry.example,
          timeoutS: entry.defaultTimeoutS,
          maxTimeoutS: entry.kind === 'command' ? entry.defaultTimeoutS : MAX_TASK_TIMEOUT_S,
          maxRetries: config.maxRetries,
          fingerprint: schemaFingerprint(parametersSchema, resultSchema),
          queue: entry.kind === 'http' ? httpTaskQueueName(entry.name) : TASKS_QUEUE,
        };
        return [entry.name, info];
      }),
    );
  }

  /** A type as last read, without waiting: built-in and command types always, registered ones once seen. */
  known(name: string): TaskTypeInfo | undefined {
    return this.staticTypes.get(name) ?? this.registered.get(name);
  }

  /** The queue a task of this type goes on. A registered type not (yet) read takes its default queue. */
  queueOf(taskType: string): string {
    return this.known(taskType)?.queue ?? taskQueueName(taskType);
  }

  /** The queues of the registered types (TaskQueues opens those of the built-in, command and HTTP types itself). */
  async queueNames(): Promise<string[]> {
    await this.refresh(REFRESH_MS);
    return [...new Set([...this.registered.values()].map((type) => type.queue))];
  }

  /** Attempts a task of this type gets: 1 + its retries. */
  attemptsOf(taskType: string): number {
    return (this.known(taskType)?.maxRetries ?? this.config.maxRetries) + 1;
  }

  /**
   * Validates a new task's type and parameters (defaults filled in). A registered type is read
   * again when the cached registration is older than REFRESH_MS, so a worker that registered new
   * schemas is followed within a second.
   */
  async check(taskType: unknown, parameters: unknown = {}): Promise<TaskTypeCheck> {
    if (typeof taskType === 'string' && !this.staticTypes.has(taskType)) {
      await this.refresh(this.registered.has(taskType) ? REFRESH_MS : REFRESH_ON_MISS_MS);
    }
    return this.checkLoaded(taskType, parameters);
  }

  /**
   * A check of every type known now (registrations read afresh when older than REFRESH_ON_MISS_MS),
   * for definitions that name several types at once: workflow steps and schedules created over the API.
   */
  async checker(): Promise<CheckTaskType> {
    await this.refresh(REFRESH_ON_MISS_MS);
    return (taskType, parameters) => this.checkLoaded(taskType, parameters);
  }

  private checkLoaded(taskType: unknown, parameters: unknown = {}): TaskTypeCheck {
    if (typeof taskType !== 'string') return this.unknownType(taskType);
    const type = this.known(taskType);
    if (!type) return this.unknownType(taskType);
    const parsed = type.parameters.safeParse(parameters);
    if (!parsed.success) return { ok: false, problems: toFieldProblems(parsed.error.issues, 'parameters') };
    return { ok: true, type, parameters: parsed.data as Record<string, unknown> };
  }

  /** Every type with the live workers serving it: built-in first, then command, then registered by name. Read afresh. */
  async list(): Promise<TaskTypeListing[]> {
    await this.refresh(0);
    const workers = await this.registry.liveWorkers();
    const byType = new Map<string, TaskTypeWorker[]>();
    for (const worker of workers) byType.set(worker.taskType, [...(byType.get(worker.taskType) ?? []), worker]);
    const types = [...this.staticTypes.values(), ...[...this.registered.values()].filter((type) => !this.staticTypes.has(type.name))];
    return types.map((type) => ({
      type,
      workers: byType.get(type.name)?.length ?? 0,
      conflict: conflictOf(type, byType.get(type.name) ?? []),
    }));
  }

  private async refresh(maxAgeMs: number): Promise<void> {
    if (Date.now() - this.loadedAt < maxAgeMs) return;
    this.loading ??= this.load().finally(() => (this.loading = null));
    await this.loading;
  }

  private async load(): Promise<void> {
    const registrations = await this.registry.registrations();
    const next = new Map<string, TaskTypeInfo>();
    for (const registration of registrations) {
      if (this.staticTypes.has(registration.name)) continue;
      const previous = this.registered.get(registration.name);
      if (previous && previous.fingerprint !== registration.fingerprint) {
        this.logger.warn(
          `Task type ${registration.name} was registered again by ${registration.registeredBy} with other schemas ` +
            `(${short(previous.fingerprint)} → ${short(registration.fingerprint)}); new tasks are validated against the newest`,
        );
      }
      next.set(registration.name, this.toInfo(registration));
    }
    this.registered = next;
    this.loadedAt = Date.now();
  }

  private toInfo(registration: TaskTypeRegistration): TaskTypeInfo {
    return {
      name: registration.name,
      kind: 'registered',
      description: registration.description,
      parameters: this.validatorOf(registration),
      parametersSchema: registration.parametersSchema,
      resultSchema: registration.resultSchema,
      example: registration.example ?? {},
      timeoutS: registration.timeoutS,
      maxTimeoutS: MAX_TASK_TIMEOUT_S,
      maxRetries: registration.maxRetries,
      fingerprint: registration.fingerprint,
      queue: registration.queue,
    };
  }

  /** The registered JSON Schema as zod, built once per fingerprint; a schema zod cannot read refuses every task, saying why. */
  private validatorOf(registration: TaskTypeRegistration): z.ZodType {
    let validator = this.validators.get(registration.fingerprint);
    if (!validator) {
      try {
        validator = z.fromJSONSchema(registration.parametersSchema);
      } catch (error) {
        validator = error instanceof Error ? error : new Error(String(error));
        this.logger.error(`The registered parameters schema of ${registration.name} cannot be used: ${validator.message}`);
      }
      this.validators.set(registration.fingerprint, validator);
    }
    if (!(validator instanceof Error)) return validator;
    const reason = validator.message;
    return z.any().superRefine((_value, context) => {
      context.addIssue({
        code: 'custom',
        message: `the registered schema of task type ${registration.name} cannot be used (${reason})`,
        path: [],
      });
    });
  }

  private unknownType(taskType: unknown): TaskTypeCheck {
    const names = [...this.staticTypes.keys(), ...[...this.registered.keys()].filter((name) => !this.staticTypes.has(name))];
    return {
      ok: false,
      problems: [{ field: 'task_type', message: `unknown task type ${JSON.stringify(taskType)}; valid types are ${names.join(', ')}` }],
    };
  }
}

function conflictOf(type: TaskTypeInfo, workers: TaskTypeWorker[]): TaskTypeListing['conflict'] {
  const others = [...new Set(workers.filter((worker) => worker.fingerprint !== type.fingerprint).map((worker) => worker.fingerprint))];
  if (others.length === 0) return null;
  const count = workers.filter((worker) => worker.fingerprint !== type.fingerprint).length;
  return {
    message:
      `${count} live worker(s) serve ${type.name} with other schemas (${others.map(short).join(', ')}) than the ` +
      `${type.kind === 'registered' ? 'newest registration' : "API's own"} (${short(type.fingerprint)}), which new tasks are validated against`,
    fingerprints: [type.fingerprint, ...others],
  };
}

function short(fingerprint: string): string {
  return fingerprint.replace(/^sha256:/, '').slice(0, 12);
}
