import { z } from 'zod';
import type { FieldProblem } from './field-problems.js';
import { toFieldProblems } from './field-problems.js';
import type { TaskParameters, TaskTypeName } from './task-types.registry.js';
import { TASK_TYPE_NAMES, getTaskType, isTaskTypeName } from './task-types.registry.js';

export type ParametersCheck =
  | { ok: true; taskType: TaskTypeName; parameters: TaskParameters<TaskTypeName> }
  | { ok: false; problems: FieldProblem[] };

/**
 * Validates a task's type and parameters against its definition and fills in defaults.
 * The API calls it when it accepts a task and the worker again when it takes the job, so a row
 * written by anything else still cannot run with bad parameters.
 */
export function checkTaskParameters(taskType: unknown, parameters: unknown = {}): ParametersCheck {
  if (!isTaskTypeName(taskType)) {
    return {
      ok: false,
      problems: [
        {
          field: 'task_type',
          message: `unknown task type ${JSON.stringify(taskType)}; valid types are ${TASK_TYPE_NAMES.join(', ')}`,
        },
      ],
    };
  }
  const parsed = getTaskType(taskType).parameters.safeParse(parameters);
  if (!parsed.success) return { ok: false, problems: toFieldProblems(parsed.error.issues, 'parameters') };
  return { ok: true, taskType, parameters: parsed.data as TaskParameters<TaskTypeName> };
}

export type JsonSchemaTarget = 'draft-2020-12' | 'openapi-3.0';

/** The JSON Schema of a type's parameters as a client sends them (defaults shown, not required). */
export function parametersJsonSchema(taskType: TaskTypeName, target: JsonSchemaTarget = 'draft-2020-12') {
  return z.toJSONSchema(getTaskType(taskType).parameters, { io: 'input', target });
}
