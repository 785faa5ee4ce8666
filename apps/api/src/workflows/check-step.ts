import type { ParametersCheck } from '@atropos/tasks';
import { checkTaskParameters } from '@atropos/tasks';

/**
 * Validates a step's task type and parameters and fills in defaults: the one place workflows ask
 * the task-type registry, both when definitions load and when a step's task is created.
 */
export function checkStep(taskType: string, parameters: Record<string, unknown>): ParametersCheck {
  return checkTaskParameters(taskType, parameters);
}
