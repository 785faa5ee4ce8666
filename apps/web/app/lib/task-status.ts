import type { TaskStatus } from '@atropos/api-client';
import { allows, isFinalStatus, TASK_STATUSES } from '@atropos/tasks';

/** What a person may do with a task in each status: the transition table's answer, as the API enforces it. */

export { isFinalStatus, TASK_STATUSES };

export const canCancel = (status: TaskStatus) => allows(status, 'cancel');
export const canRetry = (status: TaskStatus) => allows(status, 'retry');
export const canDelete = (status: TaskStatus) => allows(status, 'delete');

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}
