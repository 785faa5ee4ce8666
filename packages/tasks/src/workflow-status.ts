import { TASK_STATUSES } from './task-status.js';

/**
 * Every status a workflow run can be in, the one list for the database enum, the API and the web.
 *
 * running → completed | failed | cancelled; running → paused → running (resume);
 * failed → running (resume from the failed step); running | paused | failed → cancelled.
 */
export const WORKFLOW_RUN_STATUSES = ['running', 'paused', 'completed', 'failed', 'cancelled'] as const;

export type WorkflowRunStatus = (typeof WORKFLOW_RUN_STATUSES)[number];

export const WorkflowRunStatus = {
  Running: 'running',
  Paused: 'paused',
  Completed: 'completed',
  Failed: 'failed',
  Cancelled: 'cancelled',
} as const satisfies Record<string, WorkflowRunStatus>;

/** A run in one of these has ended: it has a completed_at, and only a resume (of a failed one) moves it again. */
export const FINAL_WORKFLOW_RUN_STATUSES = [WorkflowRunStatus.Completed, WorkflowRunStatus.Failed, WorkflowRunStatus.Cancelled] as const;

/**
 * A step's status as a run shows it: its latest task's status (for a fanned-out step, the status
 * its elements' tasks add up to), or `waiting` while it has none yet (a step it needs is still
 * running, or the run stopped before it); `skipped` when its condition was false or every step it
 * needs was skipped; an approval step is `awaiting_approval`, then `approved` or `rejected`.
 */
export const WORKFLOW_STEP_STATUSES = ['waiting', ...TASK_STATUSES, 'skipped', 'awaiting_approval', 'approved', 'rejected'] as const;

export type WorkflowStepStatus = (typeof WORKFLOW_STEP_STATUSES)[number];
