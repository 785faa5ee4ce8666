import type { TaskEntity } from '@atropos/db';
import type { SelectQueryBuilder } from 'typeorm';
import type { ListTasksQuery } from './list-tasks.query.js';

export type TaskFilters = Pick<
  ListTasksQuery,
  'status' | 'task_type' | 'created_after' | 'created_before' | 'workflow_run_id' | 'name' | 'parameters' | 'result' | 'labels'
>;

/**
 * Adds the list filters of `GET /tasks` to a query on `tasks` aliased `task`. Each one is a plain
 * condition ANDed to the others, so the keyset pagination on (created_at, id) stays exact with
 * any of them. Indexes: (status, created_at, id) and (task_type, created_at, id) serve the
 * status and type filters in list order; the GIN indexes (jsonb_path_ops) on parameters, result
 * and labels serve the containment of `param.*`, `result.*` and `label.*`; the trigram GIN index
 * on name serves the `name` search.
 */
export function applyTaskFilters(builder: SelectQueryBuilder<TaskEntity>, filters: TaskFilters): SelectQueryBuilder<TaskEntity> {
  if (filters.status?.length === 1) {
    builder.andWhere('task.status = :status', { status: filters.status[0] });
  } else if (filters.status) {
    builder.andWhere('task.status IN (:...statuses)', { statuses: filters.status });
  }
  if (filters.task_type) builder.andWhere('task.taskType = :taskType', { taskType: filters.task_type });
  // Served by the partial index (workflow_run_id, created_at, id).
  if (filters.workflow_run_id) builder.andWhere('task.workflowRunId = :workflowRunId', { workflowRunId: filters.workflow_run_id });
  // Half-open: [created_after, created_before), so adjacent windows neither overlap nor leave gaps.
  if (filters.created_after) builder.andWhere('task.createdAt >= :createdAfter', { createdAfter: filters.created_after });
  if (filters.created_before) builder.andWhere('task.createdAt < :createdBefore', { createdBefore: filters.created_before });
  // One containment per column with every key in it: `parameters @> '{"a": 1, "b": "x"}'`.
  if (Object.keys(filters.parameters).length > 0) {
    builder.andWhere('task.parameters @> CAST(:parametersContain AS jsonb)', {
      parametersContain: containmentDocument(filters.parameters),
    });
  }
  if (Object.keys(filters.result).length > 0) {
    builder.andWhere('task.result @> CAST(:resultContains AS jsonb)', { resultContains: containmentDocument(filters.result) });
  }
  // Label values are strings, always: `label.customer=42` matches the string "42".
  if (Object.keys(filters.labels).length > 0) {
    builder.andWhere('task.labels @> CAST(:labelsContain AS jsonb)', { labelsContain: JSON.stringify(filters.labels) });
  }
  if (filters.name !== undefined) builder.andWhere('task.name ILIKE :namePattern', { namePattern: `%${escapeLike(filters.name)}%` });
  return builder;
}

/**
 * The JSON object `{"key": value, …}` to match with `@>`, as text for PostgreSQL to parse. A value
 * that is a JSON scalar (number, true, false, null, "quoted string") goes in as written, so that
 * PostgreSQL reads numbers exactly (no round trip through a JS double); anything else is a string.
 */
export function containmentDocument(values: Record<string, string>): string {
  const members = Object.entries(values).map(([key, raw]) => `${JSON.stringify(key)}:${jsonScalarOrString(raw)}`);
  return `{${members.join(',')}}`;
}

function jsonScalarOrString(raw: string): string {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object') return raw.trim();
  } catch {
    // Not JSON: the value is the string itself.
  }
  return JSON.stringify(raw);
}

/** The text as a LIKE pattern that matches it literally: `%`, `_` and the escape `\` itself escaped. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
