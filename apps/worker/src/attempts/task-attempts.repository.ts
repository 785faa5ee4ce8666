import type { AttemptError, TaskSnapshotRow } from '@atropos/db';
import { isPostgresUnavailable, TASK_SNAPSHOT_COLUMNS, toTaskSnapshot } from '@atropos/db';
import type { TaskSnapshot } from '@atropos/tasks';
import { TaskStatus } from '@atropos/tasks';
import { DataSource } from 'typeorm';

/** How long a status write waits for PostgreSQL to come back before the attempt gives up. */
const OUTAGE_PATIENCE_MS = 5 * 60_000;

/** What the worker needs to run an attempt it has just claimed. */
export interface ClaimedAttempt {
  taskId: string;
  taskType: string;
  parameters: unknown;
  attempt: number;
  maxAttempts: number;
  timeoutS: number;
  /** The row as the claim left it, for the `processing` event. */
  snapshot: TaskSnapshot;
}

/** Identifies one attempt of one task: every write below is conditioned on both. */
export interface AttemptRef {
  taskId: string;
  attempt: number;
}

/**
 * The worker's writes to the tasks table. Each write after the claim is fenced by the attempt
 * number: `WHERE attempts = $n AND status = 'processing'`. An attempt that lost its Bull lock and
 * was superseded by a newer one (higher number) therefore changes nothing, and learns so from the
 * null it gets back instead of the row's new snapshot (which the runner publishes as an event).
 */
export class TaskAttemptsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Every statement waits out a PostgreSQL outage (retrying with a capped backoff) instead of
   * failing: an outage is not the task's fault, must not spend its attempts, and must not lose a
   * result the handler already produced. The job's lock in Redis is kept alive meanwhile.
   */
  private async query(sql: string, parameters: unknown[]): Promise<unknown> {
    const deadline = Date.now() + OUTAGE_PATIENCE_MS;
    for (let retry = 0; ; retry++) {
      try {
        return await this.db.query(sql, parameters);
      } catch (error) {
        if (!isPostgresUnavailable(error) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** retry, 2_000)));
      }
    }
  }

  /**
   * Starts the next attempt and reads what it needs in one round trip. A row already
   * `processing` is taken over: its previous holder died or lost its lock. Returns null when the
   * task is gone or already final, in which case the job is stale and is simply dropped.
   */
  async claim(taskId: string, workerId: string): Promise<ClaimedAttempt | null> {
    const [rows] = (await this.query(
      `UPDATE tasks
          SET status = $3, attempts = attempts + 1, worker_id = $2, started_at = now(), updated_at = now(),
              progress = 0, progress_message = NULL
        WHERE id = $1 AND status IN ($3, $4, $5)
        RETURNING ${TASK_SNAPSHOT_COLUMNS}, parameters, timeout_s`,
      [taskId, workerId, TaskStatus.Processing, TaskStatus.Pending, TaskStatus.Retrying],
    )) as [Array<TaskSnapshotRow & { parameters: unknown; timeout_s: number }>, number];
    const row = rows[0];
    if (!row) return null;
    return {
      taskId,
      taskType: row.task_type,
      parameters: row.parameters,
      attempt: row.attempts,
      maxAttempts: row.max_attempts,
      timeoutS: row.timeout_s,
      snapshot: toTaskSnapshot(row),
    };
  }

  async saveProgress(ref: AttemptRef, percent: number, message: string | null): Promise<TaskSnapshot | null> {
    return this.updateRunning(ref, `progress = $3, progress_message = $4`, [percent, message]);
  }

  async complete(ref: AttemptRef, result: unknown, message: string | null): Promise<TaskSnapshot | null> {
    return this.updateRunning(
      ref,
      `status = $3, result = $4::jsonb, progress = 100, progress_message = $5, error = NULL, completed_at = now()`,
      [TaskStatus.Completed, JSON.stringify(result ?? null), message],
    );
  }

  /** Records a failed attempt: `retrying` when attempts remain, otherwise `failed` for good. */
  async fail(ref: AttemptRef, error: string, workerId: string, final: boolean): Promise<TaskSnapshot | null> {
    const entry: AttemptError = {
      attempt: ref.attempt,
      error,
      worker_id: workerId,
      failed_at: new Date().toISOString(),
    };
    return this.updateRunning(
      ref,
      `status = $3, error = $4, attempt_errors = attempt_errors || $5::jsonb,
       completed_at = CASE WHEN $3 = '${TaskStatus.Failed}'::task_status THEN now() ELSE NULL END`,
      [final ? TaskStatus.Failed : TaskStatus.Retrying, error, JSON.stringify([entry])],
    );
  }

  /**
   * Gives an unfinished attempt back when the worker stops: the task returns to the state it was
   * in before the claim (`pending`, or `retrying` after earlier failures) and the attempt is not
   * counted, since the task itself did nothing wrong.
   */
  async handBack(ref: AttemptRef): Promise<TaskSnapshot | null> {
    return this.updateRunning(
      ref,
      `status = CASE WHEN attempts > 1 THEN '${TaskStatus.Retrying}'::task_status ELSE $3 END,
       attempts = attempts - 1, worker_id = NULL, started_at = NULL`,
      [TaskStatus.Pending],
    );
  }

  /**
   * Saves (or replaces, on a retry) an artifact of the attempt, fenced like every other write:
   * returns false when the attempt was superseded and nothing was written.
   */
  async saveArtifact(ref: AttemptRef, name: string, contentType: string, content: Buffer): Promise<boolean> {
    // An INSERT comes back as its rows (TypeORM pairs rows with a count for UPDATE and DELETE only).
    const rows = (await this.query(
      `INSERT INTO task_artifacts (task_id, name, content_type, size_bytes, content)
       SELECT id, $3, $4, $5, $6 FROM tasks
        WHERE id = $1 AND attempts = $2 AND status = '${TaskStatus.Processing}'
       ON CONFLICT (task_id, name) DO UPDATE
         SET content_type = EXCLUDED.content_type, size_bytes = EXCLUDED.size_bytes,
             content = EXCLUDED.content, created_at = now()
       RETURNING name`,
      [ref.taskId, ref.attempt, name, contentType, content.length, content],
    )) as unknown[];
    return rows.length > 0;
  }

  private async updateRunning(ref: AttemptRef, set: string, values: unknown[]): Promise<TaskSnapshot | null> {
    const [rows] = (await this.query(
      `UPDATE tasks SET ${set}, updated_at = now()
        WHERE id = $1 AND attempts = $2 AND status = '${TaskStatus.Processing}'
        RETURNING ${TASK_SNAPSHOT_COLUMNS}`,
      [ref.taskId, ref.attempt, ...values],
    )) as [TaskSnapshotRow[], number];
    return rows[0] ? toTaskSnapshot(rows[0]) : null;
  }
}
