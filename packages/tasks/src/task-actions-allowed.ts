import type { TaskStatus } from './task-status.js';
import { FINAL_STATUSES, TaskStatus as Status, UNFINISHED_STATUSES } from './task-status.js';

/** What a person (or client) can do to an existing task, each a route of the API: POST …/cancel, POST …/retry, DELETE. */
export const MANUAL_TASK_ACTIONS = ['cancel', 'retry', 'delete'] as const;

export type ManualTaskAction = (typeof MANUAL_TASK_ACTIONS)[number];

const ALLOWED_FROM: Record<ManualTaskAction, readonly TaskStatus[]> = {
  cancel: UNFINISHED_STATUSES,
  retry: [Status.Failed, Status.Cancelled],
  delete: FINAL_STATUSES,
};

/** The manual actions a task in `status` allows, in the order of MANUAL_TASK_ACTIONS: the buttons the web shows. */
export function allowedActions(status: TaskStatus): ManualTaskAction[] {
  return MANUAL_TASK_ACTIONS.filter((action) => ALLOWED_FROM[action].includes(status));
}

export const canCancel = (status: TaskStatus): boolean => allowedActions(status).includes('cancel');
export const canRetry = (status: TaskStatus): boolean => allowedActions(status).includes('retry');
export const canDelete = (status: TaskStatus): boolean => allowedActions(status).includes('delete');
