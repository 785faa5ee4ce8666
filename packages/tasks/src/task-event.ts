import type { TaskStatus } from './task-status.js';

/** A task's live state as change events carry it: what a list row or a progress bar shows. */
export interface TaskSnapshot {
  id: string;
  task_type: string;
  status: TaskStatus;
  progress: number;
  progress_message: string | null;
  attempts: number;
  max_attempts: number;
  worker_id: string | null;
  updated_at: string;
}

/**
 * What `GET /tasks/events` streams, and what the API and the workers publish to each other through
 * Redis when a task changes: its new snapshot, or that it was deleted.
 */
export type TaskEvent = { type: 'task.updated'; task: TaskSnapshot } | { type: 'task.deleted'; task_id: string };
