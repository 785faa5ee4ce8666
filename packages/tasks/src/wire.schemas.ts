import { z } from 'zod';
import { TASK_STATUSES } from './task-status.js';

/**
 * The shapes that travel between processes, each defined once: the API documents and serves
 * them (its OpenAPI document is built from these schemas), the worker writes them, Redis carries
 * them, the web reads them through the typed client. Types are inferred, never written by hand.
 * The `id` of each schema names its component in the OpenAPI document.
 */

/** An instant as every answer and event carries it: ISO 8601 with a zone (`toISOString()` gives `Z`). */
export const isoTimestamp = z.iso.datetime({ offset: true }).meta({ example: '2026-11-23T10:15:30.123Z' });

export const taskStatusSchema = z.enum(TASK_STATUSES).meta({ id: 'TaskStatus' });

/** The fields of a snapshot, for the API's larger views of a task to build on. */
export const taskSnapshotFields = {
  id: z.uuid().meta({ example: '0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21' }),
  task_type: z.string().meta({ example: 'data_processing' }),
  tenant: z.string().meta({ example: 'default' }).describe('The tenant the task belongs to: that of the API key that created it.'),
  status: taskStatusSchema,
  progress: z.int().min(0).max(100).describe('Percent done, as the handler last reported it.'),
  progress_message: z.string().nullable().meta({ example: 'Processed 50,000 of 100,000 records' }),
  attempts: z.int().describe('Attempts started so far.'),
  max_attempts: z.int().describe('1 + the automatic retries the task is allowed.'),
  worker_id: z.string().nullable().describe('The worker running, or that last ran, the task.'),
  updated_at: isoTimestamp,
};

/** A task's live state as change events carry it: what a list row or a progress bar shows. */
export const taskSnapshotSchema = z.object(taskSnapshotFields).meta({ id: 'TaskSnapshot' });

export type TaskSnapshot = z.infer<typeof taskSnapshotSchema>;

/** The error of one failed attempt, kept on the task for its whole life. */
export const attemptErrorSchema = z
  .object({
    attempt: z.int(),
    error: z.string(),
    worker_id: z.string().nullable(),
    failed_at: isoTimestamp,
  })
  .meta({ id: 'AttemptError' });

export type AttemptError = z.infer<typeof attemptErrorSchema>;

/**
 * What `GET /tasks/events` streams, and what the API and the workers publish to each other through
 * Redis when a task changes: its new snapshot, or that it was deleted.
 */
export const taskEventSchema = z
  .union([
    z.object({ type: z.literal('task.updated'), task: taskSnapshotSchema }),
    z.object({ type: z.literal('task.deleted'), task_id: z.uuid(), tenant: z.string() }),
  ])
  .meta({ id: 'TaskEvent' });

export type TaskEvent = z.infer<typeof taskEventSchema>;

/**
 * Sent on GET /tasks/events, as the event `reset`, to a client that resumed (Last-Event-ID) after
 * more than the task events log still holds: it missed events, so it reads the tasks again.
 */
export const taskEventsResetSchema = z.object({ type: z.literal('reset'), message: z.string() }).meta({ id: 'TaskEventsReset' });

export type TaskEventsReset = z.infer<typeof taskEventsResetSchema>;

/** What each live worker writes to Redis, refreshed every few seconds with an expiry; /health lists them. */
export const workerHeartbeatSchema = z
  .object({
    worker_id: z.string().min(1).describe('WORKER_ID, or host:pid.'),
    hostname: z.string(),
    pid: z.int().min(0),
    concurrency: z.int().min(1).describe('Tasks the worker runs at once at most.'),
    started_at: isoTimestamp,
    seen_at: isoTimestamp.describe('Its last heartbeat.'),
    active_task_ids: z.array(z.string()).describe('Ids of the tasks the worker is running right now.'),
    queues: z
      .array(z.string())
      .optional()
      .describe('The queues (pools) it takes tasks from (WORKER_QUEUES); absent from workers older than pools.'),
  })
  .meta({ id: 'WorkerHeartbeat' });

export type WorkerHeartbeat = z.infer<typeof workerHeartbeatSchema>;
