import type { TaskSnapshot, TaskStatus } from '@atropos/tasks';

/** The columns a TaskSnapshot is made of, for `RETURNING` clauses of the writes that publish events. */
export const TASK_SNAPSHOT_COLUMNS =
  'id, task_type, tenant, status, progress, progress_message, attempts, max_attempts, worker_id, updated_at';

/** A snapshot as PostgreSQL returns it: the same fields, with a Date for the timestamp. */
export type TaskSnapshotRow = Omit<TaskSnapshot, 'updated_at'> & { updated_at: Date };

export function toTaskSnapshot(row: TaskSnapshotRow): TaskSnapshot {
  return { ...row, updated_at: row.updated_at.toISOString() };
}

/** The same snapshot from a loaded entity. */
export function snapshotOfEntity(task: {
  id: string;
  taskType: string;
  tenant: string;
  status: TaskStatus;
  progress: number;
  progressMessage: string | null;
  attempts: number;
  maxAttempts: number;
  workerId: string | null;
  updatedAt: Date;
}): TaskSnapshot {
  return toTaskSnapshot({
    id: task.id,
    task_type: task.taskType,
    tenant: task.tenant,
    status: task.status,
    progress: task.progress,
    progress_message: task.progressMessage ?? null,
    attempts: task.attempts,
    max_attempts: task.maxAttempts,
    worker_id: task.workerId ?? null,
    updated_at: task.updatedAt,
  });
}
