import type { TaskView } from './task.schemas.js';

/** The formats of `GET /tasks/export`: one CSV table, or one JSON task per line. */
export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/**
 * The CSV columns, in order: what a person filtering tasks in a spreadsheet reads first, then the
 * JSON fields (labels, parameters, result, attempt errors) as JSON text in one cell each.
 */
const CSV_COLUMNS = [
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

/** Text a person typed (names, errors) that a spreadsheet would run as a formula if left as is (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
const FREE_TEXT: ReadonlySet<string> = new Set(['name', 'error']);

/** One field as RFC 4180 wants it: quoted when it holds a comma, quote or line break, inner quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvCell(column: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return csvField(JSON.stringify(value));
  // What is left is a string, number or boolean; JSON writes a number or boolean as its plain text.
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return csvField(FREE_TEXT.has(column) && FORMULA_START.test(text) ? `'${text}` : text);
}

/** The header line of the CSV export. */
export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

/** One task as a line of the export, line break included. */
export function exportLine(format: ExportFormat, task: TaskView): string {
  if (format === 'jsonl') return `${JSON.stringify(task)}\n`;
  return `${CSV_COLUMNS.map((column) => csvCell(column, task[column])).join(',')}\r\n`;
}
