import { HttpException, HttpStatus } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/**
 * Refuses work beyond `cap` unfinished tasks per API key (MAX_OPEN_TASKS_PER_KEY; 0 means no cap),
 * so one caller cannot fill the queue for everyone. Shared by POST /tasks and the start of a
 * workflow run, whose step tasks belong to the key that started it. Counted up to the cap only
 * (a bounded index scan); concurrent requests of one key may overshoot it by what they create together.
 */
export async function checkOpenTaskCap(dataSource: DataSource, cap: number, apiKeyId: string, adding: number): Promise<void> {
  if (cap === 0) return;
  // The statuses are spelled out, not passed as a parameter: the planner uses the partial index
  // tasks_open_by_api_key_idx only when the query's predicate visibly matches the index's.
  const [row] = await dataSource.query<Array<{ open: number }>>(
    `SELECT count(*)::int AS open FROM (
       SELECT 1 FROM tasks
        WHERE api_key_id = $1 AND status IN ('pending', 'processing', 'retrying')
        LIMIT $2) capped`,
    [apiKeyId, cap],
  );
  const open = row?.open ?? 0;
  if (open + adding > cap) {
    throw new HttpException(
      `This API key has ${open} unfinished task(s) and may have at most ${cap}; wait for some to finish`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
