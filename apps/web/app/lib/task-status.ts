import type { TaskStatus } from '@atropos/client';
import { isFinalStatus, TASK_STATUSES, TaskStatus as Status } from '@atropos/tasks';

/** What a person may do with a task in each status, as the API allows it (README, "Managing tasks"). */

export { isFinalStatus, TASK_STATUSES };

export const canCancel = (status: TaskStatus) => !isFinalStatus(status);
export const canRetry = (status: TaskStatus) => status === Status.Failed || status === Status.Cancelled;
export const canDelete = (status: TaskStatus) => isFinalStatus(status);

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}
