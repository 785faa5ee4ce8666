import type { TaskEntity } from '@atropos/db';
import { snapshotOfEntity } from '@atropos/db';
import type { TaskStatusView, TaskView } from './task.schemas.js';

/**
 * The API's view of a row: snake_case fields and ISO timestamps, as the contract says.
 * Nullable columns may be undefined on a freshly inserted entity (INSERT … RETURNING only
 * returns columns with defaults), hence the `?? null`.
 */
export function presentTask(task: TaskEntity): TaskView {
  return {
    ...presentTaskStatus(task),
    parameters: task.parameters,
    priority: task.priority,
    name: task.name ?? null,
    labels: task.labels,
    concurrency:
      task.concurrencyKey == null
        ? null
        : { key: task.concurrencyKey, ...(task.concurrencyLimit == null ? {} : { limit: task.concurrencyLimit }) },
    result: task.result ?? null,
    error: task.error ?? null,
    attempt_errors: task.attemptErrors,
    worker_id: task.workerId ?? null,
    scheduled_for: task.scheduledFor?.toISOString() ?? null,
    timeout_s: task.timeoutS,
    workflow_run_id: task.workflowRunId ?? null,
    workflow_step: task.workflowStep ?? null,
    trace_id: task.traceId ?? null,
  };
}

/** The task's snapshot, as its events carry it, less the worker, with the rest of its times. */
export function presentTaskStatus(task: TaskEntity): TaskStatusView {
  const { worker_id: _workerId, updated_at: updatedAt, ...snapshot } = snapshotOfEntity(task);
  return {
    ...snapshot,
    created_at: task.createdAt.toISOString(),
    updated_at: updatedAt,
    started_at: task.startedAt?.toISOString() ?? null,
    completed_at: task.completedAt?.toISOString() ?? null,
  };
}
