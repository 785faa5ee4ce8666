import type { z } from 'zod';
import { dataProcessingTask } from './task-types/data-processing.task.js';
import { defaultTask } from './task-types/default.task.js';
import { reportGenerationTask } from './task-types/report-generation.task.js';
import { videoProcessingTask } from './task-types/video-processing.task.js';

/** Every task type Atropos runs. Adding one: a definition file in task-types/ and one line here. */
export const TASK_TYPES = [dataProcessingTask, reportGenerationTask, videoProcessingTask, defaultTask] as const;

type Definition = (typeof TASK_TYPES)[number];

export type TaskTypeName = Definition['name'];

export type TaskTypeOf<Name extends TaskTypeName> = Extract<Definition, { name: Name }>;

/** Parameters of a type after validation (defaults filled in). */
export type TaskParameters<Name extends TaskTypeName> = z.output<TaskTypeOf<Name>['parameters']>;

/** The result of a type, as a completed task holds it (and as its handler must return it). */
export type TaskResult<Name extends TaskTypeName> = z.output<NonNullable<TaskTypeOf<Name>['result']>>;

export const TASK_TYPE_NAMES = TASK_TYPES.map<TaskTypeName>((definition) => definition.name);

const byName = new Map<string, Definition>(TASK_TYPES.map((definition) => [definition.name, definition]));

export function getTaskType<Name extends TaskTypeName>(name: Name): TaskTypeOf<Name> {
  return byName.get(name) as TaskTypeOf<Name>;
}

/**
 * A stored result read back as its type's result, or undefined when it does not have that shape
 * (one stored before the schema changed, say): for views that show a result by its type.
 */
export function readTaskResult<Name extends TaskTypeName>(name: Name, value: unknown): TaskResult<Name> | undefined {
  const schema = getTaskType(name).result as z.ZodType | undefined;
  if (!schema) return value as TaskResult<Name>;
  const parsed = schema.safeParse(value);
  return parsed.success ? (parsed.data as TaskResult<Name>) : undefined;
}
