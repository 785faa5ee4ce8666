import { escapeLiteral } from 'pg';
import type { TaskView } from './task.schemas.js';
import type { ExportFormat } from './task-export-format.js';
import { jsonObjectOf, TASK_FIELDS, TASK_VIEW_FIELDS } from './task-view-sql.js';

/**
 * An export is written by PostgreSQL itself (`COPY (SELECT …) TO STDOUT`) and piped to the client
 * as the bytes arrive: no row becomes a JavaScript object, so the API's memory stays flat however
 * many tasks go out (rows turned into objects, even one batch at a time, leave garbage the
 * collector frees late, and the process grows by the size of the export's first hundred MB).
 *
 * The task's fields are those of the read routes (task-view-sql.ts); the export test compares
 * each exported line with `GET /tasks/{id}`.
 */

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
    return [{ expression: jsonObjectOf(TASK_FIELDS), alias: 'task' }];
  }
  return CSV_COLUMNS.map((column) => {
    const expression = `${TASK_VIEW_FIELDS[column]}::text`;
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
