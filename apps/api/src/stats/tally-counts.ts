import type { TaskStatus } from '@atropos/tasks';
import { TASK_STATUSES } from '@atropos/tasks';
import type { TaskStats } from './stats.schemas.js';

/** The number of tasks of one type in one status (bigint sums arrive as strings). */
export interface CountRow {
  task_type: string;
  status: TaskStatus;
  count: string | number;
}

/**
 * The counts part of GET /tasks/stats from the counts per (type, status): every status listed,
 * every registered type listed (0 when it has no task), plus any other type that has tasks.
 */
export function tallyCounts(
  rows: readonly CountRow[],
  registeredTypes: readonly string[],
): Pick<TaskStats, 'total' | 'by_status' | 'by_type'> {
  const byStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
  const byType: Record<string, number> = Object.fromEntries(registeredTypes.map((name) => [name, 0]));
  let total = 0;
  for (const row of rows) {
    const n = Number(row.count);
    byStatus[row.status] += n;
    byType[row.task_type] = (byType[row.task_type] ?? 0) + n;
    total += n;
  }
  return { total, by_status: byStatus, by_type: byType };
}
