/**
 * Every status a task can be in. The one list: the database enum, the API's filters and
 * documents, the worker's writes and the web's badges all come from here.
 *
 * pending → processing → completed; processing → retrying → processing; processing → failed;
 * pending | retrying | processing → cancelled; failed | cancelled → pending (manual retry).
 */
export const TASK_STATUSES = ['pending', 'processing', 'retrying', 'completed', 'failed', 'cancelled'] as const;

export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Named constants, so code reads `TaskStatus.Completed` rather than a bare string. */
export const TaskStatus = {
  Pending: 'pending',
  Processing: 'processing',
  Retrying: 'retrying',
  Completed: 'completed',
  Failed: 'failed',
  Cancelled: 'cancelled',
} as const satisfies Record<string, TaskStatus>;

/** Statuses of a task still to run or running: it has (or is about to have) a job in the queue. */
export const UNFINISHED_STATUSES = [TaskStatus.Pending, TaskStatus.Retrying, TaskStatus.Processing] as const;

/** Statuses after which nothing more happens to a task unless a person retries it. */
export const FINAL_STATUSES = [TaskStatus.Completed, TaskStatus.Failed, TaskStatus.Cancelled] as const;

export function isFinalStatus(status: TaskStatus): boolean {
  return (FINAL_STATUSES as readonly TaskStatus[]).includes(status);
}
