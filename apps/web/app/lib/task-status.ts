import type { TaskStatus } from '@atropos/client';
import { isFinalStatus, TASK_STATUSES } from '@atropos/tasks';

export { isFinalStatus, TASK_STATUSES };

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}
