import { z } from 'zod';
import type { ManualTaskAction } from './task-actions-allowed.js';
import { MANUAL_TASK_ACTIONS } from './task-actions-allowed.js';
import type { TaskStatus } from './task-status.js';
import { FINAL_STATUSES, TASK_STATUSES, TASK_TRANSITIONS } from './task-status.js';
import { isoTimestamp } from './wire.schemas.js';

/**
 * Bulk actions (`POST /tasks/bulk`): one of the manual actions applied to every task a filter of
 * `GET /tasks` matches (and, if given, only to the ids listed), as a job of its own that works in
 * batches and ends with a report naming each task it skipped and why.
 */

/** Ids a bulk request may list: the rows a person selects by hand, not a whole table. */
export const MAX_BULK_IDS = 10_000;

export const BULK_OPERATION_STATUSES = ['queued', 'running', 'completed', 'cancelled', 'failed'] as const;
export type BulkOperationStatus = (typeof BULK_OPERATION_STATUSES)[number];
export const FINAL_BULK_OPERATION_STATUSES: readonly BulkOperationStatus[] = ['completed', 'cancelled', 'failed'];

/** What happened to one task of a bulk operation; `not_processed` is left by a cancelled or failed one. */
export const BULK_ITEM_OUTCOMES = ['acted', 'skipped', 'not_processed'] as const;
export type BulkItemOutcome = (typeof BULK_ITEM_OUTCOMES)[number];

export const bulkActionSchema = z.enum(MANUAL_TASK_ACTIONS).describe('What to do to every task matched: cancel, retry or delete.');

export const bulkActionBodySchema = z.strictObject({
  action: bulkActionSchema,
  filter: z
    .record(z.string(), z.string())
    .default({})
    .meta({ example: { status: 'failed', task_type: 'data_processing', 'label.project': 'beta' } })
    .describe(
      'The filters of GET /tasks as its query would give them (`status`, `task_type`, `created_after`, `created_before`, ' +
        '`workflow_run_id`, `name`, `param.<key>`, `result.<key>`, `label.<key>`), each value a string. `{}` matches every task you may see.',
    ),
  ids: z
    .array(z.uuid({ error: 'must be a task id (a UUID)' }))
    .min(1)
    .max(MAX_BULK_IDS)
    .optional()
    .describe(`Only these tasks (at most ${MAX_BULK_IDS}), of those the filter matches: the rows selected in a list.`),
  dry_run: z.boolean().default(false).describe('Only count: how many tasks match, and to how many the action applies now.'),
});
export type BulkActionBody = z.output<typeof bulkActionBodySchema>;

export const bulkDryRunSchema = z
  .object({
    dry_run: z.literal(true),
    action: bulkActionSchema,
    matched: z.int().describe('Tasks the filter (and ids) match.'),
    applicable: z.int().describe('Of those, tasks whose status allows the action now.'),
    by_status: z.partialRecord(z.enum(TASK_STATUSES), z.int()).describe('The tasks matched, by status.'),
  })
  .meta({ id: 'BulkDryRun' });
export type BulkDryRun = z.infer<typeof bulkDryRunSchema>;

export const bulkOperationSchema = z
  .object({
    id: z.uuid(),
    action: bulkActionSchema,
    filter: z.record(z.string(), z.string()),
    ids: z.array(z.uuid()).nullable(),
    status: z.enum(BULK_OPERATION_STATUSES),
    matched: z.int().describe('Tasks matched when the operation started: the ones it goes through.'),
    processed: z.int().describe('Tasks gone through so far (acted on or skipped).'),
    acted: z.int(),
    skipped: z.int(),
    skipped_by_reason: z.record(z.string(), z.int()).describe('How many tasks were skipped for each reason.'),
    progress: z.int().min(0).max(100),
    error: z.string().nullable(),
    created_by: z.string(),
    created_at: isoTimestamp,
    started_at: isoTimestamp.nullable(),
    finished_at: isoTimestamp.nullable(),
  })
  .meta({ id: 'BulkOperation' });
export type BulkOperation = z.infer<typeof bulkOperationSchema>;

export const bulkReportLineSchema = z
  .object({
    task_id: z.uuid(),
    outcome: z.enum(BULK_ITEM_OUTCOMES),
    reason: z.string().nullable().describe('Why the task was skipped or not processed; null when acted on.'),
  })
  .meta({ id: 'BulkReportLine' });
export type BulkReportLine = z.infer<typeof bulkReportLineSchema>;

/**
 * Why `action` does not apply to a task in `status` (null: the task no longer exists), in the words
 * of the report: "already completed", or the statuses the transition table lets the action start from.
 */
export function bulkSkipReason(action: ManualTaskAction, status: TaskStatus | null): string {
  if (status === null) return 'no longer exists';
  const from = TASK_TRANSITIONS[action].from as readonly TaskStatus[];
  if ((FINAL_STATUSES as readonly TaskStatus[]).includes(status) && !from.includes(status) && action === 'cancel') {
    return `already ${status}`;
  }
  return `${status}: only ${from.join(', ')} tasks can be ${PAST[action]}`;
}

const PAST: Record<ManualTaskAction, string> = { cancel: 'cancelled', retry: 'retried', delete: 'deleted' };

/** Parameters a retry may give (`POST /tasks/{id}/retry`): merged into the task's or replacing them. */
export const PARAMETER_EDIT_MODES = ['merge', 'replace'] as const;

export const parameterVersionSchema = z
  .object({
    version: z.int().min(1),
    parameters: z.record(z.string(), z.unknown()),
    changed_by: z.string().nullable().describe('The key that set them; null for the parameters the task was created with.'),
    changed_at: isoTimestamp,
    attempts: z.array(z.int()).describe('The attempts that ran with this version.'),
    ran_on_task_id: z
      .uuid()
      .nullable()
      .describe('Set when another task ran this version: the step task a workflow resume with new parameters replaced.'),
  })
  .meta({ id: 'TaskParameterVersion' });
export type TaskParameterVersion = z.infer<typeof parameterVersionSchema>;

/** The body of `POST /tasks/{id}/retry`: none, or new parameters for the run again. */
export const retryTaskBodySchema = z
  .strictObject({
    parameters: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "New parameters, validated against the task's type; the ones it had stay in its history (GET /tasks/{id}/parameter-versions).",
      ),
    mode: z
      .enum(PARAMETER_EDIT_MODES)
      .default('merge')
      .describe("`merge`: these keys replace the task's own, the others stay; `replace`: these are the parameters, whole."),
  })
  .optional()
  .meta({ id: 'RetryTaskRequest' });
export type RetryTaskBody = z.output<typeof retryTaskBodySchema>;

export const parameterVersionListSchema = z.object({ data: z.array(parameterVersionSchema) }).meta({ id: 'TaskParameterVersionList' });
