import type { TaskStatus } from './task-status.js';
import { allows } from './task-status.js';

/** What a person (or client) can do to an existing task, each a route of the API: POST …/cancel, POST …/retry, DELETE. */
export const MANUAL_TASK_ACTIONS = ['cancel', 'retry', 'delete'] as const;

export type ManualTaskAction = (typeof MANUAL_TASK_ACTIONS)[number];

/**
 * The manual actions a task in `status` allows, in the order of MANUAL_TASK_ACTIONS: the buttons
 * the web shows. The transition table answers, as it does for the API that enforces them.
 */
export function allowedActions(status: TaskStatus): ManualTaskAction[] {
  return MANUAL_TASK_ACTIONS.filter((action) => allows(status, action));
}

export const canCancel = (status: TaskStatus): boolean => allows(status, 'cancel');
export const canRetry = (status: TaskStatus): boolean => allows(status, 'retry');
export const canDelete = (status: TaskStatus): boolean => allows(status, 'delete');
