import { escapeLiteral } from 'pg';
import type { TaskView } from './task.schemas.js';
import type { ExportFormat } from './task-export-format.js';

/**
 * An export is written by PostgreSQL itself (`COPY (SELECT …) TO STDOUT`) and piped to the client
 * as the bytes arrive: no row becomes a JavaScript object, so the API's memory stays flat however
 * many tasks go out (rows turned into objects, even one batch at a time, leave garbage the
 * collector frees late, and the process grows by the size of the export's first hundred MB).
 *
 * The price is that the task's wire shape is computed here in SQL as well as by `presentTask`.
 * The compiler holds the two together (every field of `TaskView` needs an expression below) and
 * the export test compares each exported line with `GET /tasks/{id}`.
 */

/** An instant as `toISOString()` writes it (the columns keep milliseconds, so nothing is rounded). */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Each field of the task view as an expression over the `task` alias of the list's query, in the
 * order of `GET /tasks/{id}`: the JSON lines keep it.
 */
const VIEW_FIELDS: Record<keyof TaskView, string> = {
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

/**
 * The CSV columns, in order: what a person filtering tasks in a spreadsheet reads first, then the
 * JSON fields (labels, parameters, result) as JSON text in one cell each.
 */
export const CSV_COLUMNS = [
  'id',
  'name',
  'task_type',
  'status',
  'labels',
  'priority',
  'progress',
  'attempts',
  'max_attempts',
  'created_at',
  'started_at',
  'completed_at',
  'error',
  'worker_id',
  'workflow_run_id',
  'workflow_step',
  'tenant',
  'parameters',
  'result',
] as const satisfies ReadonlyArray<keyof TaskView>;

/**
 * Text a person typed (names, errors) that a spreadsheet would run as a formula if left as is
 * (OWASP "CSV injection") gets a leading `'`.
 */
const FREE_TEXT: ReadonlySet<keyof TaskView> = new Set(['name', 'error']);
const formulaGuarded = (expression: string) =>
  `CASE WHEN ${expression} ~ '^[=+@\\t\\r-]' THEN '''' || ${expression} ELSE ${expression} END`;

/** The select list of the export: one column per CSV column, or one JSON text per task. */
export function exportSelection(format: ExportFormat): Array<{ expression: string; alias: string }> {
  if (format === 'jsonl') {
    const members = Object.entries(VIEW_FIELDS)
      .map(([field, expression]) => `'${field}', ${expression}`)
      .join(', ');
    return [{ expression: `json_build_object(${members})::text`, alias: 'task' }];
  }
  return CSV_COLUMNS.map((column) => {
    const expression = `${VIEW_FIELDS[column]}::text`;
    return { expression: FREE_TEXT.has(column) ? formulaGuarded(expression) : expression, alias: column };
  });
}

/**
 * The COPY statement that writes the query's rows in the format. CSV is PostgreSQL's own (RFC 4180
 * quoting, a header line, lines ending in `\n`). A JSON line goes out as CSV with a quote and a
 * delimiter that JSON text never holds raw (control characters are always escaped in JSON), so
 * PostgreSQL writes it as it is: the text format would double its backslashes.
 */
export function exportStatement(query: string, parameters: readonly unknown[], format: ExportFormat): string {
  const options = format === 'csv' ? `FORMAT csv, HEADER true` : `FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'`;
  return `COPY (${inlineParameters(query, parameters)}) TO STDOUT WITH (${options})`;
}

/**
 * COPY takes no bind parameters, so the filters' values go into the statement as quoted literals
 * (`pg`'s own escaping, the one `pg-format` and `pg-promise` use). The values are the filters'
 * strings, numbers and dates; anything else is a programming error, refused rather than guessed at.
 */
export function inlineParameters(query: string, parameters: readonly unknown[]): string {
  return query.replace(/\$(\d+)/g, (_placeholder, position: string) => {
    const value = parameters[Number(position) - 1];
    if (value === null) return 'NULL';
    if (value instanceof Date) return escapeLiteral(value.toISOString());
    if (typeof value === 'string' || typeof value === 'number') return escapeLiteral(String(value));
    throw new Error(`Parameter $${position} of an export cannot be written as a literal: ${typeof value}`);
  });
}
