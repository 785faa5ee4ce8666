import { UNFINISHED_STATUSES } from '@atropos/tasks';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { DataSource } from 'typeorm';

// Spelled out in the statement, not passed as a parameter: the planner uses the partial index
// tasks_open_by_tenant_idx only when the query's predicate visibly matches the index's.
const UNFINISHED_SQL = UNFINISHED_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * Refuses work beyond `cap` unfinished tasks per tenant (MAX_OPEN_TASKS_PER_TENANT; 0 means no cap),
 * so one tenant cannot fill the queue for everyone. Shared by POST /tasks and the start of a
 * workflow run, whose step tasks belong to the run's tenant. Counted up to the cap only (a bounded
 * index scan); concurrent requests of one tenant may overshoot it by what they create together.
 */
export async function checkOpenTaskCap(dataSource: DataSource, cap: number, tenant: string, adding: number): Promise<void> {
  if (cap === 0) return;
  const [row] = await dataSource.query<Array<{ open: number }>>(
    `SELECT count(*)::int AS open FROM (
       SELECT 1 FROM tasks
        WHERE tenant = $1 AND status IN (${UNFINISHED_SQL})
        LIMIT $2) capped`,
    [tenant, cap],
  );
  const open = row?.open ?? 0;
  if (open + adding > cap) {
    throw new HttpException(
      `Tenant ${tenant} has ${open} unfinished task(s) and may have at most ${cap}; wait for some to finish`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
