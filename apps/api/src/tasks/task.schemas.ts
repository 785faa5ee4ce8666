import {
  attemptErrorSchema,
  isoTimestamp as timestamp,
  MAX_ARTIFACT_NAME_LENGTH,
  MAX_TASK_TIMEOUT_S,
  TASK_TYPE_NAMES,
  taskSnapshotFields,
  taskLabelsSchema,
  taskNameSchema,
  taskStatusSchema,
  taskConcurrencySchema,
  webhookUrlSchema,
} from '@atropos/tasks';
import { z } from 'zod';
import { LIST_OPTIONAL_FIELDS } from './list-tasks.query.js';

/**
 * The API contract for tasks, as zod schemas: they validate requests and, through Nest's
 * Standard Schema support, become the OpenAPI document at /docs-json. The shapes the API shares
 * with the worker and the web (status, snapshot, attempt error, event) come from @atropos/tasks.
 */

const uuidExample = '0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21';

export const taskIdParam = z.uuid({ error: 'must be a task id (a UUID such as 0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21)' });

/** Parameters are stored with every task and read by every attempt: keep them small. */
const MAX_PARAMETERS_BYTES = 16 * 1024;

/** The furthest ahead a task can be scheduled: 30 days. */
const MAX_DELAY_MS = 30 * 24 * 3_600_000;

export const createTaskBody = z
  .strictObject({
    task_type: z
      .string()
      .min(1)
      .max(64)
      .describe(`A type listed at GET /task-types: built in, ${TASK_TYPE_NAMES.join(', ')}, or one of the operator's command types.`),
    parameters: z
      .record(z.string(), z.unknown())
      .default({})
      .refine((parameters) => JSON.stringify(parameters).length <= MAX_PARAMETERS_BYTES, {
        error: `is too large: at most ${MAX_PARAMETERS_BYTES / 1024} KB of JSON`,
      })
      .describe('Parameters of the task type, validated against its schema at GET /task-types; defaults fill in the rest.'),
    priority: z.int().min(1).max(10).default(5).describe('1 is the most urgent, 10 the least; the queue honours it.'),
    name: taskNameSchema.optional(),
    labels: taskLabelsSchema.default({}),
    concurrency: taskConcurrencySchema
      .optional()
      .describe(
        "The task's own concurrency key (and limit), in place of its type's key template: it takes turns with the other keys of its queue and runs at most `limit` at once with the tasks of its key, across every worker.",
      ),
    callback_url: webhookUrlSchema
      .optional()
      .describe(
        'POSTed, signed with WEBHOOK_CALLBACK_SECRET, when the task reaches a final status (completed, failed, cancelled), like a webhook. Private, loopback and link-local addresses are refused unless the host is in WEBHOOK_ALLOWED_HOSTS.',
      ),
    delay_ms: z.int().min(0).max(MAX_DELAY_MS).optional().describe('Run the task this many milliseconds from now (up to 30 days).'),
    run_at: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Run the task at this time (ISO 8601, up to 30 days ahead); not with delay_ms.'),
    timeout_s: z
      .int()
      .min(1)
      .max(MAX_TASK_TIMEOUT_S)
      .optional()
      .describe("An attempt running longer fails with a timeout error (and is retried); defaults to the type's timeout."),
  })
  .refine((body) => body.delay_ms === undefined || body.run_at === undefined, {
    error: 'give delay_ms or run_at, not both',
    path: ['run_at'],
  })
  .refine((body) => body.run_at === undefined || Date.parse(body.run_at) - Date.now() <= MAX_DELAY_MS, {
    error: 'must be at most 30 days ahead',
    path: ['run_at'],
  })
  .meta({ id: 'CreateTaskRequest' });

/** At most this many tasks per batch, so one request cannot hold the database for long. */
export const MAX_BATCH_SIZE = 1000;

export const createTaskBatchBody = z
  .strictObject({
    tasks: z.array(createTaskBody).min(1).max(MAX_BATCH_SIZE).describe(`1–${MAX_BATCH_SIZE} tasks, created all or none.`),
  })
  .meta({ id: 'CreateTaskBatchRequest' });

export type CreateTaskBatchBody = z.output<typeof createTaskBatchBody>;

export const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be 1–200 visible ASCII characters')
  .optional();

export type CreateTaskBody = z.output<typeof createTaskBody>;

/** A task's snapshot (less the worker, which the full view adds) and its other times. */
const { worker_id: workerIdField, updated_at: updatedAtField, ...snapshotFields } = taskSnapshotFields;

const statusFields = {
  ...snapshotFields,
  created_at: timestamp,
  updated_at: updatedAtField,
  started_at: timestamp.nullable().describe('When the current or last attempt started.'),
  completed_at: timestamp.nullable().describe('When the task reached a final status.'),
};

export const taskStatusViewSchema = z.object(statusFields).meta({ id: 'TaskStatusView' });

export const taskSchema = z
  .object({
    ...statusFields,
    parameters: z.record(z.string(), z.unknown()).describe('The parameters as validated, defaults filled in.'),
    priority: z.int().min(1).max(10),
    name: z
      .string()
      .nullable()
      .meta({ example: 'Invoice run for ACME, November' })
      .describe('The name given at creation; null without one.'),
    labels: z
      .record(z.string(), z.string())
      .meta({ example: { project: 'beta', customer: '42' } })
      .describe('The labels given at creation (or by its workflow run); {} without any.'),
    concurrency: taskConcurrencySchema.nullable().describe('The concurrency key given at creation; null without one.'),
    result: z.unknown().describe('What the handler returned, once completed; null before.'),
    error: z.string().nullable().describe('Why the task failed, or why the last attempt did while it is retried.'),
    attempt_errors: z.array(attemptErrorSchema).describe('The error of every failed attempt, oldest first.'),
    worker_id: workerIdField,
    scheduled_for: timestamp.nullable().describe('When a scheduled task becomes due; null for one queued to run at once.'),
    timeout_s: z.int().describe('An attempt running longer than this fails with a timeout error.'),
    workflow_run_id: z
      .uuid()
      .nullable()
      .describe('The workflow run this task is a step of (GET /workflow-runs/{id}); null for a task of its own.'),
    workflow_step: z.int().nullable().describe('Index (from 0) of that step in its run; null for a task of its own.'),
    trace_id: z
      .string()
      .nullable()
      .meta({ example: '4bf92f3577b34da6a3ce929d0e0e4736' })
      .describe('The OpenTelemetry trace the task was created in (its attempts are spans of it); null when tracing is off.'),
  })
  .meta({ id: 'Task' });

export const artifactSchema = z
  .object({
    name: z.string().max(MAX_ARTIFACT_NAME_LENGTH).meta({ example: 'report.md' }),
    content_type: z.string().meta({ example: 'text/markdown; charset=utf-8' }),
    size_bytes: z.int().min(0),
    created_at: timestamp,
    url: z
      .string()
      .describe('Where to download it: GET /tasks/{id}/artifacts/{name}.')
      .meta({ example: `/tasks/${uuidExample}/artifacts/report.md` }),
  })
  .meta({ id: 'Artifact' });

export const taskDetailSchema = taskSchema
  .extend({
    artifacts: z.array(artifactSchema).describe('Files the task saved, oldest first.'),
    waiting_reason: z
      .string()
      .nullable()
      .describe(
        'Why a pending or retrying task does not start: a flow-control limit holds it, or no live worker serves its queue. ' +
          'null when it is not waiting, or waits only for a free worker.',
      )
      .meta({ example: 'waiting: customer 42 at its limit of 1' }),
  })
  .meta({ id: 'TaskDetail' });

export const taskBatchSchema = z
  .object({ data: z.array(taskSchema).describe('The tasks, in the order they were sent.') })
  .meta({ id: 'TaskBatch' });

export const taskResultSchema = z
  .object({
    id: z.uuid(),
    status: taskStatusSchema,
    result: z.unknown().describe('What the handler returned; null unless completed.'),
    error: z.string().nullable().describe('Why the task failed; null unless failed.'),
    attempt_errors: z.array(attemptErrorSchema),
    completed_at: timestamp.nullable(),
  })
  .meta({ id: 'TaskResult' });

export const taskNotFinishedSchema = z
  .object({
    id: z.uuid(),
    status: taskStatusSchema,
    progress: z.int().min(0).max(100),
    progress_message: z.string().nullable(),
    message: z.string().meta({ example: 'The task is still processing; ask again after the Retry-After delay' }),
  })
  .meta({ id: 'TaskNotFinished' });

// The list query (status, type, times, param.* / result.* filters, paging) has its own file.
export { listTasksQuery, type ListTasksQuery } from './list-tasks.query.js';

/** A task as a page of `GET /tasks` shows it: every field but those `include` asks for. */
export const taskSummarySchema = taskSchema.partial({ parameters: true, result: true, attempt_errors: true }).meta({
  id: 'TaskSummary',
  description: `A task without ${LIST_OPTIONAL_FIELDS.join(', ')}, unless the list's \`include\` names them.`,
});

export const taskListSchema = z
  .object({
    data: z.array(taskSummarySchema).describe('Newest first.'),
    next_cursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  })
  .meta({ id: 'TaskList' });

export type TaskView = z.input<typeof taskSchema>;
export type ArtifactView = z.input<typeof artifactSchema>;
export type TaskStatusView = z.input<typeof taskStatusViewSchema>;
