import { storableJson, storableText } from '@atropos/db';
import type { TaskLogLevel, TaskLogLine } from '@atropos/observability';
import { createRedisClient, publishTaskLogLines } from '@atropos/queue';
import type { DataSource } from 'typeorm';
import type { WorkerLogger } from '../logger.js';
import type { WorkerConfig } from '../worker-config.js';

export interface NewLogLine {
  taskId: string;
  attempt: number;
  level: TaskLogLevel;
  message: string;
  fields: Record<string, unknown> | null;
  time: Date;
}

/**
 * Stores attempt log lines (one INSERT per batch) and then announces them over Redis for the live
 * stream. A line is the task's, not the worker's: when it cannot be stored (the task was deleted
 * meanwhile, PostgreSQL is down) the batch is dropped with a debug line, and the attempt goes on.
 */
export class TaskLogStore {
  private readonly redis;

  constructor(
    private readonly config: WorkerConfig,
    private readonly dataSource: DataSource,
    private readonly logger: WorkerLogger,
  ) {
    // Fail fast rather than queue, as for task events: a live line late is worth less than none.
    this.redis = createRedisClient(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    this.redis.on('error', () => undefined);
  }

  async write(written: NewLogLine[]): Promise<void> {
    if (written.length === 0) return;
    const lines = written.map(storableLine);
    let ids: Array<{ id: string }>;
    try {
      ids = await this.dataSource.query<Array<{ id: string }>>(
        `INSERT INTO task_logs (task_id, attempt, level, message, fields, created_at)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::varchar[], $4::text[], $5::jsonb[], $6::timestamptz[])
         RETURNING id`,
        [
          lines.map((line) => line.taskId),
          lines.map((line) => line.attempt),
          lines.map((line) => line.level),
          lines.map((line) => line.message),
          lines.map((line) => (line.fields ? JSON.stringify(line.fields) : null)),
          lines.map((line) => line.time.toISOString()),
        ],
      );
    } catch (error) {
      this.logger.debug(`${lines.length} log line(s) of task ${lines[0]!.taskId} not stored: ${String(error)}`);
      return;
    }
    const stored: TaskLogLine[] = lines.map((line, index) => ({
      id: String(ids[index]?.id),
      task_id: line.taskId,
      attempt: line.attempt,
      level: line.level,
      message: line.message,
      fields: line.fields,
      time: line.time.toISOString(),
    }));
    publishTaskLogLines(this.redis, this.config.queuePrefix, stored).catch((error: unknown) =>
      this.logger.debug(`${stored.length} log line(s) not published: ${String(error)}`),
    );
  }

  close(): void {
    this.redis.disconnect();
  }
}

/**
 * A line as PostgreSQL can hold it, by the TaskStore's rules (storable.ts): NUL and lone surrogates
 * replaced in the message and the fields (AttemptLog has already made the fields JSON). Otherwise one
 * such line would have its whole batch refused.
 */
function storableLine(line: NewLogLine): NewLogLine {
  const fields = line.fields ? (JSON.parse(storableJson(line.fields, 'The fields')) as Record<string, unknown>) : null;
  return { ...line, message: storableText(line.message), fields };
}
