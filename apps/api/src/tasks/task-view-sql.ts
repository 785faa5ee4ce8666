import type { TaskStatusView, TaskView } from './task.schemas.js';

/**
 * The task's wire shapes written in SQL: the read routes (`GET /tasks/{id}`, `/status`, `GET
 * /tasks`) and the export ask PostgreSQL for the JSON text of each task (`json_build_object`) and
 * send it as it comes, so no row becomes a JavaScript object on the hot path: no ORM hydration,
 * no date parsing, no presenting and no JSON.stringify of parameters and results per request.
 *
 * `presentTask` and `presentTaskStatus` write the same shapes in JavaScript for the routes that
 * answer with a row they just wrote. The compiler holds the two together (every field of
 * `TaskView` and `TaskStatusView` needs an expression below), and `apps/api/test/task-views.e2e-spec.ts`
 * compares what each route answers with what the presenters make of the same row, key order included.
 */

/** An instant as `toISOString()` writes it (the columns keep milliseconds, so nothing is rounded). */
export const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Each field of the task view as an expression over the alias `task`, in the order of `presentTask`. */
export const TASK_VIEW_FIELDS: Record<keyof TaskView, string> = {
  id: 'task.id',
  task_type: 'task.task_type',
  tenant: 'task.tenant',
  status: 'task.status',
  progress: 'task.progress',
  progress_message: 'task.progress_message',
  attempts: 'task.attempts',
  max_attempts: 'task.max_attempts',
  created_at: iso('task.created_at'),
  updated_at: iso('task.updated_at'),
  started_at: iso('task.started_at'),
  completed_at: iso('task.completed_at'),
  parameters: 'task.parameters',
  priority: 'task.priority',
  name: 'task.name',
  labels: 'task.labels',
  // `limit` is left out when the task has none, as the presenter leaves it out.
  concurrency: `CASE WHEN task.concurrency_key IS NOT NULL
    THEN jsonb_strip_nulls(jsonb_build_object('key', task.concurrency_key, 'limit', task.concurrency_limit)) END`,
  // A JSON null result and no result read the same: null.
  result: `NULLIF(task.result, 'null'::jsonb)`,
  error: 'task.error',
  attempt_errors: 'task.attempt_errors',
  worker_id: 'task.worker_id',
  scheduled_for: iso('task.scheduled_for'),
  timeout_s: 'task.timeout_s',
  workflow_run_id: 'task.workflow_run_id',
  workflow_step: 'task.workflow_step',
  trace_id: 'task.trace_id',
};

/** The fields of the status view, in the order of `presentTaskStatus`. */
const STATUS_VIEW_FIELDS: Record<keyof TaskStatusView, true> = {
  id: true,
  task_type: true,
  tenant: true,
  status: true,
  progress: true,
  progress_message: true,
  attempts: true,
  max_attempts: true,
  created_at: true,
  updated_at: true,
  started_at: true,
  completed_at: true,
};

/**
 * The JSON text of an object of the given fields, each named and computed as above, plus any
 * `extra` members (name → SQL expression) after them: `row_to_json` of a one-row subquery, which
 * keeps the columns' order and writes compact JSON (`json_build_object` writes `"key" : value`;
 * jsonb would reorder the keys).
 */
export function jsonObjectOf(fields: ReadonlyArray<keyof TaskView>, extra: Record<string, string> = {}): string {
  const columns = [
    ...fields.map((field) => `${TASK_VIEW_FIELDS[field]} AS "${field}"`),
    ...Object.entries(extra).map(([name, expression]) => `${expression} AS "${name}"`),
  ];
  return `(SELECT row_to_json(fields) FROM (SELECT ${columns.join(', ')}) fields)::text`;
}

/** Every field of `GET /tasks/{id}` that comes from the task's own row, in order. */
export const TASK_FIELDS = Object.keys(TASK_VIEW_FIELDS) as Array<keyof TaskView>;

/** Every field of `GET /tasks/{id}/status`, in order. */
export const STATUS_FIELDS = Object.keys(STATUS_VIEW_FIELDS) as Array<keyof TaskStatusView>;
