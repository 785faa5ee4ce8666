import type { z } from 'zod';
import { dataProcessingTask } from './task-types/data-processing.task.js';
import { defaultTask } from './task-types/default.task.js';
import { reportGenerationTask } from './task-types/report-generation.task.js';
import { videoProcessingTask } from './task-types/video-processing.task.js';

/** Every task type Atropos runs. Adding one: a definition file in task-types/ and one line here. */
export const TASK_TYPES = [
  dataProcessingTask,
  reportGenerationTask,
  videoProcessingTask,
  defaultTask,
] as const;

type Definition = (typeof TASK_TYPES)[number];

export type TaskTypeName = Definition['name'];

export type TaskTypeOf<Name extends TaskTypeName> = Extract<Definition, { name: Name }>;

/** Parameters of a type after validation (defaults filled in). */
export type TaskParameters<Name extends TaskTypeName> = z.output<TaskTypeOf<Name>['parameters']>;

export const TASK_TYPE_NAMES = TASK_TYPES.map<TaskTypeName>((definition) => definition.name);
