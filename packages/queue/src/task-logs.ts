import type { Redis } from 'ioredis';

/**
 * Attempt log lines travel live from the worker that wrote them to every API replica (and through
 * it to each browser following the task) over Redis pub/sub, after they are stored: PostgreSQL
 * holds them, and a client that missed a message reads them back with its cursor.
 */
export function taskLogsChannel(prefix: string): string {
  return `${prefix}:task-logs`;
}

/** One message per stored batch: a JSON array of lines (TaskLogLine of @atropos/observability). */
export async function publishTaskLogLines(redis: Redis, prefix: string, lines: readonly { task_id: string }[]): Promise<void> {
  if (lines.length === 0) return;
  await redis.publish(taskLogsChannel(prefix), JSON.stringify(lines));
}
