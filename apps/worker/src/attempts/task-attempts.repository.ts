import type { AttemptError, TaskSnapshotRow } from '@atropos/db';
import { isPostgresUnavailable, TASK_SNAPSHOT_COLUMNS, toTaskSnapshot } from '@atropos/db';
import { WriteCoalescer } from '@atropos/queue';
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

/** The snapshot columns, qualified: the grouped statements below join `tasks t` to their input rows `v`. */
const SNAPSHOT_OF_T = TASK_SNAPSHOT_COLUMNS.split(', ')
  .map((column) => `t.${column}`)
  .join(', ');

type ClaimedRow = TaskSnapshotRow & { parameters: unknown; timeout_s: number };

interface Completion {
  ref: AttemptRef;
  result: unknown;
  message: string | null;
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
  /**
   * Claims and completions are the two writes every task makes, so with many jobs in flight each
   * kind goes out as one statement per group (`UPDATE … FROM unnest(…)`), still fenced row by row.
   */
  private readonly claims = new WriteCoalescer<{ taskId: string; workerId: string }, ClaimedAttempt | null>({
    writeMany: (items) => this.claimMany(items),
    failsEveryItem: isPostgresUnavailable,
  });
  private readonly completions = new WriteCoalescer<Completion, TaskSnapshot | null>({
    writeMany: (items) => this.completeMany(items),
    failsEveryItem: isPostgresUnavailable,
  });

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
  claim(taskId: string, workerId: string): Promise<ClaimedAttempt | null> {
    return this.claims.write({ taskId, workerId });
  }

  private async claimMany(items: Array<{ taskId: string; workerId: string }>): Promise<Array<ClaimedAttempt | null>> {
    const rows = await this.updateEach<ClaimedRow>(
      items.map((item) => item.taskId),
      `UPDATE tasks AS t
          SET status = $3, attempts = t.attempts + 1, worker_id = v.worker_id, started_at = now(), updated_at = now(),
              progress = 0, progress_message = NULL
         FROM unnest($1::uuid[], $2::text[]) AS v(id, worker_id)
        WHERE t.id = v.id AND t.status IN ($3, $4, $5)
        RETURNING ${SNAPSHOT_OF_T}, t.parameters, t.timeout_s`,
      [
        items.map((item) => item.taskId),
        items.map((item) => item.workerId),
        TaskStatus.Processing,
        TaskStatus.Pending,
        TaskStatus.Retrying,
      ],
    );
    return rows.map((row) =>
      row
        ? {
            taskId: row.id,
            taskType: row.task_type,
            parameters: row.parameters,
            attempt: row.attempts,
            maxAttempts: row.max_attempts,
            timeoutS: row.timeout_s,
            snapshot: toTaskSnapshot(stripClaimColumns(row)),
          }
        : null,
    );
  }

  async saveProgress(ref: AttemptRef, percent: number, message: string | null): Promise<TaskSnapshot | null> {
    return this.updateRunning(ref, `progress = $3, progress_message = $4`, [percent, message]);
  }

  complete(ref: AttemptRef, result: unknown, message: string | null): Promise<TaskSnapshot | null> {
    return this.completions.write({ ref, result, message });
  }

  private async completeMany(items: Completion[]): Promise<Array<TaskSnapshot | null>> {
    const rows = await this.updateEach<TaskSnapshotRow>(
      items.map((item) => item.ref.taskId),
      `UPDATE tasks AS t
          SET status = $5, result = v.result, progress = 100, progress_message = v.message, error = NULL,
              completed_at = now(), updated_at = now()
         FROM unnest($1::uuid[], $2::int[], $3::jsonb[], $4::text[]) AS v(id, attempt, result, message)
        WHERE t.id = v.id AND t.attempts = v.attempt AND t.status = $6
        RETURNING ${SNAPSHOT_OF_T}`,
      [
        items.map((item) => item.ref.taskId),
        items.map((item) => item.ref.attempt),
        items.map((item) => JSON.stringify(item.result ?? null)),
        items.map((item) => item.message),
        TaskStatus.Completed,
        TaskStatus.Processing,
      ],
    );
    return rows.map((row) => (row ? toTaskSnapshot(row) : null));
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

  /**
   * Runs a grouped UPDATE whose input rows are keyed by task id and returns, for each id in order,
   * the row it changed or undefined (fenced out, gone, already final). A task id twice in one group
   * would let PostgreSQL apply only one of its input rows, so such a group is refused and the
   * coalescer sends its items one by one.
   */
  private async updateEach<Row extends { id: string }>(ids: string[], sql: string, parameters: unknown[]) {
    if (new Set(ids).size !== ids.length) throw new Error('A task appears twice in one grouped write');
    const [rows] = (await this.query(sql, parameters)) as [Row[], number];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id));
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

/** The claim also reads what the handler needs; the event carries only the snapshot fields. */
function stripClaimColumns({ parameters: _parameters, timeout_s: _timeoutS, ...snapshot }: ClaimedRow): TaskSnapshotRow {
  return snapshot;
}
