import type { TaskAction, TaskEvent, TaskSnapshot, TaskStatus } from '@atropos/tasks';
import { FINAL_WORKFLOW_RUN_STATUSES, TASK_TRANSITIONS, TaskStatus as Status } from '@atropos/tasks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Pool, QueryResultRow } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { In, IsNull } from 'typeorm';
import { isPostgresUnavailable } from '../outage.js';
import { TaskEntity } from '../task.entity.js';
import { insertTaskRows } from './insert-task-rows.js';
import { storableJson, storableText, storableTextOrNull } from './storable.js';
import { TaskRefusedError } from './task-refused.error.js';
import type { TaskSnapshotRow } from './task-snapshot.js';
import { snapshotOfEntity, TASK_SNAPSHOT_COLUMNS, toTaskSnapshot } from './task-snapshot.js';
import { WriteCoalescer } from './write-coalescer.js';

/** How long a worker's write waits for PostgreSQL to come back before the attempt gives up. */
const OUTAGE_PATIENCE_MS = 5 * 60_000;

/** One line of TaskStore.runStepCounts. */
export interface RunStepCount {
  step: number;
  round: number;
  status: TaskStatus;
  count: number;
  /** -1 when the step is not fanned out. */
  max_item: number;
  first_id: string;
  first_error: string | null;
  first_attempts: number;
  /** The sum of the tasks' progress (0–100 each). */
  progress: number;
}

/** What one write changed: the rows as it left them, and the events that announce it. */
export interface TaskWrite {
  snapshots: TaskSnapshot[];
  events: TaskEvent[];
}

/** A write of one row by a worker, fenced by its attempt: null when it changed nothing. */
export interface TaskRowWrite {
  snapshot: TaskSnapshot;
  events: TaskEvent[];
}

/** Identifies one attempt of one task: every write a worker makes is conditioned on both. */
export interface AttemptRef {
  taskId: string;
  attempt: number;
}

/** What a worker needs to run an attempt it has just claimed. */
export interface ClaimedAttempt {
  taskId: string;
  taskType: string;
  parameters: unknown;
  attempt: number;
  maxAttempts: number;
  timeoutS: number;
  /** The row as the claim left it, for the `processing` event. */
  snapshot: TaskSnapshot;
  events: TaskEvent[];
}

/**
 * What a claim found: an attempt to run, a task whose budget was already spent (failed now, by
 * the `exhaust` transition, instead of running again), or nothing (gone or final: a stale job).
 */
export type Claim = { claimed: ClaimedAttempt } | { exhausted: TaskRowWrite } | null;

/** An attempt started over HTTP: what the worker needs, and until when the attempt is its own. */
export interface LeasedAttempt extends ClaimedAttempt {
  leaseExpiresAt: Date;
}

/**
 * What a claim over HTTP found: as for `claim`, or a task still `processing` under a lease that
 * has not run out (`leased`): left to its holder.
 */
export type LeaseClaim = { claimed: LeasedAttempt } | { exhausted: TaskRowWrite } | { leased: true } | null;

/** A lease extended: the row as it left it, and the new end of the lease. */
export interface LeaseExtension extends TaskRowWrite {
  leaseExpiresAt: Date;
}

interface Completion {
  ref: AttemptRef;
  /** Already JSON text, made storable before the write was queued. */
  resultJson: string;
  message: string | null;
}

interface ParameterVersionRow {
  version: number;
  parameters: Record<string, unknown>;
  changed_by: string | null;
  changed_at: Date;
  from_attempt: number;
  previous_task_id: string | null;
}

/** One version of a task's parameters (TaskStore.parameterVersions). */
export interface ParameterVersion {
  version: number;
  parameters: Record<string, unknown>;
  changedBy: string | null;
  changedAt: Date;
  /** The first attempt of this task that ran with it. */
  fromAttempt: number;
  /** Set when another task ran this version: the step task a workflow resume replaced. */
  previousTaskId: string | null;
}

type ClaimRow = TaskSnapshotRow & { parameters: unknown; timeout_s: number; outcome: 'claimed' | 'exhausted' };
type LeaseClaimRow = Omit<ClaimRow, 'outcome'> & { outcome: ClaimRow['outcome'] | 'leased'; lease_expires_at: Date | null };

/**
 * The end of a lease of `$ms` milliseconds from now, never past the attempt's deadline (its start
 * plus the task's timeout): an attempt cannot outlive its timeout by heartbeating.
 */
const leaseEnd = (ms: string) => `LEAST(now() + ${ms} * interval '1 millisecond', started_at + timeout_s * interval '1 second')`;

/** A `processing` row that no lease holds (run by Atropos' own workers, or its lease ran out) may be taken over. */
const UNLEASED = (table: string) =>
  `(${table}.status <> '${Status.Processing}' OR ${table}.lease_expires_at IS NULL OR ${table}.lease_expires_at <= now())`;

/**
 * The row filter of a grouped write (`UPDATE tasks AS t … FROM <input rows>`): the rows of the ids
 * in `$ids`, found by primary key, whose status is one of `$statuses`.
 *
 * Why not simply `t.id = v.id AND t.status = ANY(…)`: the status condition matches two indexes
 * (tasks_status_created_at_id_idx, and the partial tasks_open_by_tenant_idx of open tasks), and
 * when the planner believes few tasks are open (statistics older than a burst of new tasks: after
 * a TRUNCATE, or 2,000 tasks created by batch since the last ANALYZE) it reads every open task
 * through one of them and matches each against the group. A claim then cost O(open tasks): with
 * 2,000 queued, one claim of 8 read all 2,000 rows and compared 16,000 pairs (7 ms, 0.5 ms of
 * PostgreSQL CPU per task claimed by batch; EXPLAIN ANALYZE, bench/RESULTS.md). Compared as text
 * the status matches no index, so the only ways to the rows are `t.id = ANY($ids)` on the primary
 * key (one probe per id) or a scan of the whole table, which the planner never prefers for a group.
 * The condition itself is the same: a row is written only from the statuses `$statuses` names.
 */
const byIdFromStatuses = (ids: string, statuses: string) => `t.id = ANY(${ids}::uuid[]) AND t.status::text = ANY(${statuses}::text[])`;

/** The statuses an action may start from, as a query parameter. */
const from = (action: TaskAction): TaskStatus[] => [...TASK_TRANSITIONS[action].from];

/** The snapshot columns, qualified: the grouped statements below join `tasks t` to their input rows `v`. */
const SNAPSHOT_OF_T = TASK_SNAPSHOT_COLUMNS.split(', ')
  .map((column) => `t.${column}`)
  .join(', ');

/**
 * The one way an attempt's error is recorded (AttemptError: attempt, error, worker_id, failed_at),
 * appended to the row's history by every failing write: `$error` names the text parameter.
 */
const appendAttemptError = (error: string, table = 'tasks') => `attempt_errors = ${withAttemptError(error, table)}`;

/** The row's attempt errors with the running attempt's `error` appended (see appendAttemptError). */
const withAttemptError = (error: string, table = 'tasks') =>
  `${table}.attempt_errors || jsonb_build_array(jsonb_build_object(
     'attempt', ${table}.attempts, 'error', ${error}::text, 'worker_id', ${table}.worker_id, 'failed_at', now()))`;

/**
 * The owner of the tasks table (as pg-boss keeps its SQL in one plans module): every statement
 * that inserts a task, changes its status or deletes it is a named operation here, conditioned on
 * the statuses its action may start from in TASK_TRANSITIONS (a migration-installed trigger
 * refuses any other status change at the database as well). The worker's writes are fenced by
 * attempt: `WHERE attempts = $n AND status = 'processing'`, so an attempt that was superseded
 * changes nothing and learns so from the null it gets back. Every write returns the rows it left
 * and the events to publish; the caller publishes them (the store knows no Redis).
 *
 * Text and JSON that workers produce are made storable here (see storable.ts), so a NUL byte in
 * a command's output can never leave a task without its outcome.
 */
export class TaskStore {
  /**
   * Claims and completions are the two writes every task makes, so with many jobs in flight each
   * kind goes out as one statement per group (`UPDATE … FROM unnest(…)`), still fenced row by row.
   */
  private readonly claims = new WriteCoalescer<{ taskId: string; workerId: string }, Claim>({
    writeMany: (items) => this.claimMany(items),
    failsEveryItem: isPostgresUnavailable,
  });
  private readonly completions = new WriteCoalescer<Completion, TaskRowWrite | null>({
    writeMany: (items) => this.completeMany(items),
    failsEveryItem: isPostgresUnavailable,
  });

  constructor(private readonly db: DataSource) {}

  // ---------------------------------------------------------------- creating and reading

  /** Inserts new task rows in one statement; fills in what PostgreSQL defaulted. */
  async insert(tasks: TaskEntity[], manager: EntityManager = this.db.manager): Promise<void> {
    await insertTaskRows(manager, tasks);
  }

  /**
   * Takes back rows inserted moments ago that could not be queued, before the client is told
   * 503: only while they are still `pending` (the `discard` transition).
   */
  async discard(ids: string[], manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(`DELETE FROM tasks WHERE id = ANY($1::uuid[]) AND status = ANY($2::task_status[])`, [ids, from('discard')]);
  }

  get(id: string, manager: EntityManager = this.db.manager): Promise<TaskEntity | null> {
    return manager.getRepository(TaskEntity).findOneBy({ id });
  }

  /** The tasks with these ids in the order given; one deleted since is left out. */
  async getMany(ids: string[]): Promise<TaskEntity[]> {
    const found = await this.db.getRepository(TaskEntity).createQueryBuilder('task').whereInIds(ids).getMany();
    const byId = new Map(found.map((task) => [task.id, task]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Unfinished tasks untouched for `graceMs`, oldest first, after the keyset `after`: what the sweeper checks. */
  unfinishedSince(graceMs: number, after: { createdAt: Date; id: string } | null, limit: number): Promise<TaskEntity[]> {
    const query = this.db
      .getRepository(TaskEntity)
      .createQueryBuilder('task')
      .where('task.status IN (:...statuses)', { statuses: from('stalled') })
      .andWhere(`task.updatedAt < now() - :grace * interval '1 millisecond'`, { grace: graceMs })
      .orderBy('task.createdAt', 'ASC')
      .addOrderBy('task.id', 'ASC')
      .limit(limit);
    if (after) query.andWhere('(task.createdAt, task.id) > (:createdAt, :id)', after);
    return query.getMany();
  }

  /** Every task of a workflow run, oldest first; with `items: false`, only those of steps not fanned out. */
  ofRun(runId: string, options: { items?: boolean } = {}): Promise<TaskEntity[]> {
    return this.db.getRepository(TaskEntity).find({
      where: { workflowRunId: runId, ...(options.items === false ? { workflowItem: IsNull() } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * What the workflow engine reads of a run's tasks: for each step, round and status, how many
   * of its elements' latest tasks are in it (a resumed element has several tasks; the newest
   * counts), the highest element index, and the first such task (lowest element) for messages.
   * One aggregate, so a step fanned out over thousands of elements costs one row per status.
   */
  async runStepCounts(manager: EntityManager, runId: string): Promise<RunStepCount[]> {
    const rows = await manager.query<RunStepCount[]>(
      `SELECT workflow_step AS step, workflow_round AS round, status, count(*)::int AS count,
              coalesce(max(workflow_item), -1)::int AS max_item,
              (array_agg(id::text ORDER BY workflow_item NULLS FIRST))[1] AS first_id,
              (array_agg(error ORDER BY workflow_item NULLS FIRST))[1] AS first_error,
              (array_agg(attempts ORDER BY workflow_item NULLS FIRST))[1]::int AS first_attempts,
              sum(progress)::int AS progress
         FROM (SELECT DISTINCT ON (workflow_step, workflow_round, workflow_item)
                      workflow_step, workflow_round, workflow_item, status, id, error, attempts, progress
                 FROM tasks WHERE workflow_run_id = $1
                ORDER BY workflow_step, workflow_round, workflow_item, created_at DESC, id DESC) latest
        GROUP BY 1, 2, 3`,
      [runId],
    );
    return rows;
  }

  /**
   * The results of the completed latest tasks of each (step, round) asked for, in element order
   * (one entry for a step that is not fanned out).
   */
  async stepResults(manager: EntityManager, runId: string, steps: Array<{ step: number; round: number }>): Promise<Map<number, unknown[]>> {
    const found = new Map<number, unknown[]>(steps.map(({ step }) => [step, []]));
    if (steps.length === 0) return found;
    const rows = await manager.query<Array<{ workflow_step: number; result: unknown }>>(
      `SELECT workflow_step, result FROM (
         SELECT DISTINCT ON (workflow_step, workflow_item) workflow_step, workflow_item, status, result
           FROM tasks
          WHERE workflow_run_id = $1
            AND (workflow_step, workflow_round) IN (SELECT * FROM unnest($2::int[], $3::int[]))
          ORDER BY workflow_step, workflow_item, created_at DESC, id DESC) latest
        WHERE status = $4
        ORDER BY workflow_step, workflow_item NULLS FIRST`,
      [runId, steps.map((each) => each.step), steps.map((each) => each.round), Status.Completed],
    );
    for (const row of rows) found.get(row.workflow_step)!.push(row.result);
    return found;
  }

  /** The elements (null: the step is not fanned out) of a step's round whose latest task failed or was cancelled. */
  async endedItemsOfStep(manager: EntityManager, runId: string, step: number, round: number): Promise<Array<number | null>> {
    const rows = await manager.query<Array<{ workflow_item: number | null }>>(
      `SELECT workflow_item FROM (
         SELECT DISTINCT ON (workflow_item) workflow_item, status FROM tasks
          WHERE workflow_run_id = $1 AND workflow_step = $2 AND workflow_round = $3
          ORDER BY workflow_item, created_at DESC, id DESC) latest
        WHERE status = ANY($4::task_status[])
        ORDER BY workflow_item NULLS FIRST`,
      [runId, step, round, [Status.Failed, Status.Cancelled]],
    );
    return rows.map((row) => row.workflow_item);
  }

  /** The ids of a run's unfinished tasks (to cancel them with the run). */
  async unfinishedOfRun(manager: EntityManager, runId: string): Promise<string[]> {
    const rows = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM tasks WHERE workflow_run_id = $1 AND NOT (status = ANY($2::task_status[])) ORDER BY created_at, id`,
      [runId, [Status.Completed, Status.Failed, Status.Cancelled]],
    );
    return rows.map((row) => row.id);
  }

  // ---------------------------------------------------------------- a worker's writes

  /**
   * Starts the next attempt and reads what it needs in one round trip. A row already
   * `processing` is taken over: its previous holder died or lost its lock. A row that has used
   * its whole budget is failed instead (`exhaust`), so no path runs a task past max_attempts.
   */
  claim(taskId: string, workerId: string): Promise<Claim> {
    return this.claims.write({ taskId, workerId });
  }

  private async claimMany(items: Array<{ taskId: string; workerId: string }>): Promise<Claim[]> {
    const ids = items.map((item) => item.taskId);
    // Two updates of disjoint rows (attempts below or at the budget) in one statement.
    const rows = await this.updateEach<ClaimRow>(
      ids,
      'atropos-claim-many',
      `WITH v AS (SELECT * FROM unnest($1::uuid[], $2::text[]) AS v(id, worker_id)),
       exhausted AS (
         UPDATE tasks AS t
            SET status = '${Status.Failed}', error = $5, completed_at = now(), updated_at = now(),
                ${appendAttemptError('$5', 't')}
           FROM v
          WHERE t.id = v.id AND ${byIdFromStatuses('$1', '$4')} AND t.attempts >= t.max_attempts
          RETURNING ${SNAPSHOT_OF_T}, t.parameters, t.timeout_s, 'exhausted' AS outcome),
       claimed AS (
         UPDATE tasks AS t
            SET status = '${Status.Processing}', attempts = t.attempts + 1, worker_id = v.worker_id, started_at = now(),
                updated_at = now(), progress = 0, progress_message = NULL, lease_expires_at = NULL
           FROM v
          WHERE t.id = v.id AND ${byIdFromStatuses('$1', '$3')} AND t.attempts < t.max_attempts
          RETURNING ${SNAPSHOT_OF_T}, t.parameters, t.timeout_s, 'claimed' AS outcome)
       SELECT * FROM claimed UNION ALL SELECT * FROM exhausted`,
      [ids, items.map((item) => item.workerId), from('claim'), from('exhaust'), EXHAUSTED_ERROR],
    );
    return rows.map((row): Claim => {
      if (!row) return null;
      const { parameters, timeout_s: timeoutS, outcome, ...snapshotRow } = row;
      const snapshot = toTaskSnapshot(snapshotRow);
      if (outcome === 'exhausted') return { exhausted: written(snapshot) };
      return {
        claimed: {
          taskId: row.id,
          taskType: row.task_type,
          parameters,
          attempt: row.attempts,
          maxAttempts: row.max_attempts,
          timeoutS,
          snapshot,
          events: updated([snapshot]),
        },
      };
    });
  }

  /**
   * Claims a task for a worker over HTTP (the worker protocol) and leases the attempt to it for
   * `leaseMs`: as `claim`, except that a `processing` row is taken over only once its lease has
   * run out (a lapsed lease is a dead worker), never while its holder may still report.
   */
  async claimLease(taskId: string, workerId: string, leaseMs: number): Promise<LeaseClaim> {
    const rows = (await this.patiently(
      `WITH exhausted AS (
         UPDATE tasks AS t
            SET status = '${Status.Failed}', error = $5, completed_at = now(), updated_at = now(), lease_expires_at = NULL,
                ${appendAttemptError('$5', 't')}
          WHERE t.id = $1 AND t.status = ANY($4::task_status[]) AND t.attempts >= t.max_attempts AND ${UNLEASED('t')}
          RETURNING ${SNAPSHOT_OF_T}, t.parameters, t.timeout_s, t.lease_expires_at, 'exhausted' AS outcome),
       claimed AS (
         UPDATE tasks AS t
            SET status = '${Status.Processing}', attempts = t.attempts + 1, worker_id = $2, started_at = now(),
                updated_at = now(), progress = 0, progress_message = NULL,
                lease_expires_at = LEAST(now() + $6 * interval '1 millisecond', now() + t.timeout_s * interval '1 second'),
                -- A lapsed lease taken over: the attempt it ends is recorded with its worker, as a failure.
                attempt_errors = CASE WHEN t.status = '${Status.Processing}' AND t.lease_expires_at IS NOT NULL
                                      THEN ${withAttemptError('$7', 't')} ELSE t.attempt_errors END
          WHERE t.id = $1 AND t.status = ANY($3::task_status[]) AND t.attempts < t.max_attempts AND ${UNLEASED('t')}
          RETURNING ${SNAPSHOT_OF_T}, t.parameters, t.timeout_s, t.lease_expires_at, 'claimed' AS outcome)
       SELECT * FROM claimed UNION ALL SELECT * FROM exhausted
       UNION ALL
       SELECT ${SNAPSHOT_OF_T}, t.parameters, t.timeout_s, t.lease_expires_at, 'leased' AS outcome FROM tasks t
        WHERE t.id = $1 AND t.status = '${Status.Processing}' AND t.lease_expires_at > now()`,
      [taskId, workerId, from('claim'), from('exhaust'), EXHAUSTED_ERROR, leaseMs, LEASE_LAPSED_ERROR],
    )) as LeaseClaimRow[];
    const row = rows[0];
    if (!row) return null;
    const { parameters, timeout_s: timeoutS, outcome, lease_expires_at: leaseExpiresAt, ...snapshotRow } = row;
    if (outcome === 'leased') return { leased: true };
    const snapshot = toTaskSnapshot(snapshotRow);
    if (outcome === 'exhausted') return { exhausted: written(snapshot) };
    return {
      claimed: {
        taskId: row.id,
        taskType: row.task_type,
        parameters,
        attempt: row.attempts,
        maxAttempts: row.max_attempts,
        timeoutS,
        leaseExpiresAt: leaseExpiresAt!,
        snapshot,
        events: updated([snapshot]),
      },
    };
  }

  /**
   * Extends the lease of the running attempt by `leaseMs` (the `heartbeat` action), or records its
   * progress and extends it (`progress`). Fenced by attempt, and refused once the attempt has
   * outlived its timeout: null then, as for a superseded attempt (the caller tells which).
   */
  async extendLease(
    ref: AttemptRef,
    leaseMs: number,
    progress?: { percent: number; message: string | null },
  ): Promise<LeaseExtension | null> {
    const values: unknown[] = [ref.taskId, ref.attempt, leaseMs, from(progress ? 'progress' : 'heartbeat')];
    const setProgress = progress ? ', progress = $5, progress_message = $6' : '';
    if (progress) values.push(progress.percent, storableTextOrNull(progress.message));
    const [rows] = (await this.patiently(
      `UPDATE tasks SET lease_expires_at = ${leaseEnd('$3')}, updated_at = now()${setProgress}
        WHERE id = $1 AND attempts = $2 AND status = ANY($4::task_status[])
          AND started_at + timeout_s * interval '1 second' > now()
        RETURNING ${TASK_SNAPSHOT_COLUMNS}, lease_expires_at`,
      values,
    )) as [Array<TaskSnapshotRow & { lease_expires_at: Date }>, number];
    const row = rows[0];
    if (!row) return null;
    const { lease_expires_at: leaseExpiresAt, ...snapshotRow } = row;
    const snapshot = toTaskSnapshot(snapshotRow);
    // A heartbeat changes nothing anyone watches; progress does.
    return { snapshot, events: progress ? updated([snapshot]) : [], leaseExpiresAt };
  }

  progress(ref: AttemptRef, percent: number, message: string | null): Promise<TaskRowWrite | null> {
    return this.updateRunning(ref, 'progress', `progress = $3, progress_message = $4`, [percent, storableTextOrNull(message)]);
  }

  /**
   * Records the attempt's result. A result that cannot become JSON rejects with
   * UnstorableValueError before anything is written (the caller fails the attempt with it); one
   * that PostgreSQL refuses anyway fails the task with that reason rather than leaving it
   * `processing` for the attempt to run again.
   */
  async complete(ref: AttemptRef, result: unknown, message: string | null): Promise<TaskRowWrite | null> {
    const resultJson = storableJson(result, 'The result');
    try {
      return await this.completions.write({ ref, resultJson, message: storableTextOrNull(message) });
    } catch (error) {
      if (isPostgresUnavailable(error)) throw error;
      return this.failUnstorable(ref, `The attempt's result could not be stored: ${describe(error)}`);
    }
  }

  private async completeMany(items: Completion[]): Promise<Array<TaskRowWrite | null>> {
    const rows = await this.updateEach<TaskSnapshotRow>(
      items.map((item) => item.ref.taskId),
      'atropos-complete-many',
      `UPDATE tasks AS t
          SET status = '${Status.Completed}', result = v.result, progress = 100, progress_message = v.message, error = NULL,
              completed_at = now(), updated_at = now()
         FROM unnest($1::uuid[], $2::int[], $3::jsonb[], $4::text[]) AS v(id, attempt, result, message)
        WHERE t.id = v.id AND t.attempts = v.attempt AND ${byIdFromStatuses('$1', '$5')}
        RETURNING ${SNAPSHOT_OF_T}`,
      [
        items.map((item) => item.ref.taskId),
        items.map((item) => item.ref.attempt),
        items.map((item) => item.resultJson),
        items.map((item) => item.message),
        from('complete'),
      ],
    );
    return rows.map((row) => (row ? written(toTaskSnapshot(row)) : null));
  }

  /** Records a failed attempt: `retrying` when attempts remain, otherwise `failed` for good. */
  async fail(ref: AttemptRef, error: string, final: boolean): Promise<TaskRowWrite | null> {
    const action = final ? 'fail_final' : 'fail_and_retry';
    const status = final ? Status.Failed : Status.Retrying;
    try {
      return await this.updateRunning(
        ref,
        action,
        `status = $3, error = $4, ${appendAttemptError('$4')},
         completed_at = CASE WHEN $3 = '${Status.Failed}'::task_status THEN now() ELSE NULL END`,
        [status, storableText(error)],
      );
    } catch (failure) {
      if (isPostgresUnavailable(failure)) throw failure;
      return this.failUnstorable(ref, `The attempt's error could not be stored: ${describe(failure)}`);
    }
  }

  /**
   * The fallback when PostgreSQL refused an outcome even after it was made storable (too large,
   * a constraint): the task fails for good with a short, plain reason, so it never stays
   * `processing` with its outcome lost.
   */
  private failUnstorable(ref: AttemptRef, reason: string): Promise<TaskRowWrite | null> {
    const error = storableText(reason).slice(0, 2_000);
    return this.updateRunning(
      ref,
      'fail_final',
      `status = '${Status.Failed}', error = $3, ${appendAttemptError('$3')}, completed_at = now()`,
      [error],
    );
  }

  /**
   * Gives an unfinished attempt back when the worker stops: the task returns to the state it was
   * in before the claim (`pending`, or `retrying` after earlier failures) and the attempt is not
   * counted, since the task itself did nothing wrong.
   */
  handBack(ref: AttemptRef): Promise<TaskRowWrite | null> {
    return this.updateRunning(
      ref,
      'hand_back',
      `status = CASE WHEN attempts > 1 THEN '${Status.Retrying}'::task_status ELSE '${Status.Pending}'::task_status END,
       attempts = attempts - 1, worker_id = NULL, started_at = NULL, lease_expires_at = NULL`,
      [],
    );
  }

  /**
   * Saves (or replaces, on a retry) an artifact of the attempt, fenced like every other write:
   * returns false when the attempt was superseded and nothing was written.
   */
  async saveArtifact(ref: AttemptRef, name: string, contentType: string, content: Buffer): Promise<boolean> {
    // An INSERT comes back as its rows (TypeORM pairs rows with a count for UPDATE and DELETE only).
    const rows = (await this.patiently(
      `INSERT INTO task_artifacts (task_id, name, content_type, size_bytes, content)
       SELECT id, $3, $4, $5, $6 FROM tasks
        WHERE id = $1 AND attempts = $2 AND status = ANY($7::task_status[])
       ON CONFLICT (task_id, name) DO UPDATE
         SET content_type = EXCLUDED.content_type, size_bytes = EXCLUDED.size_bytes,
             content = EXCLUDED.content, created_at = now()
       RETURNING name`,
      [ref.taskId, ref.attempt, name, contentType, content.length, content, from('progress')],
    )) as unknown[];
    return rows.length > 0;
  }

  // ---------------------------------------------------------------- a person's actions

  /**
   * Marks the task `cancelled`, which settles it: a worker that picks it up afterwards finds
   * nothing to claim, and one already running it can no longer record another outcome. Returns
   * the status it had, so the caller knows whether a worker must be told or a job removed.
   */
  async cancel(id: string): Promise<TaskWrite & { previous: TaskStatus; task: TaskEntity }> {
    const [rows] = await this.db.query<[Array<{ previous: TaskStatus }>, number]>(
      `UPDATE tasks t SET status = '${Status.Cancelled}', completed_at = now(), updated_at = now()
         FROM (SELECT id, status AS previous FROM tasks WHERE id = $1 FOR UPDATE) p
        WHERE t.id = p.id AND p.previous = ANY($2::task_status[])
        RETURNING p.previous`,
      [id, from('cancel')],
    );
    const previous = rows[0]?.previous;
    if (!previous) throw await this.refusal('cancel', id, 'it is already final');
    const task = await this.loadOrRefuse('cancel', id);
    return { ...entityWrite([task]), previous, task };
  }

  /**
   * Runs a failed or cancelled task again with a fresh budget of `attempts` attempts. Earlier
   * attempts stay in its history and attempt numbers keep counting up, so no late write of an
   * old attempt can land on the new one.
   */
  async retry(id: string, attempts: number): Promise<TaskWrite & { task: TaskEntity }> {
    const [rows] = await this.db.query<[Array<{ id: string }>, number]>(
      `UPDATE tasks SET status = '${Status.Pending}', max_attempts = attempts + $2, progress = 0, progress_message = NULL,
              result = NULL, error = NULL, worker_id = NULL, started_at = NULL, completed_at = NULL,
              scheduled_for = NULL, updated_at = now()
        WHERE id = $1 AND status = ANY($3::task_status[])
        RETURNING id`,
      [id, attempts, from('retry')],
    );
    if (rows.length === 0) throw await this.refusal('retry', id, 'only failed or cancelled tasks can be');
    const task = await this.loadOrRefuse('retry', id);
    return { ...entityWrite([task]), task };
  }

  /** Deletes a final task; its history and artifacts go with it. */
  async delete(id: string): Promise<TaskWrite> {
    const [rows] = await this.db.query<[Array<{ tenant: string }>, number]>(
      `DELETE FROM tasks WHERE id = $1 AND status = ANY($2::task_status[]) RETURNING tenant`,
      [id, from('delete')],
    );
    if (rows.length === 0) throw await this.refusal('delete', id, 'only final tasks can be; cancel it first');
    return { snapshots: [], events: [{ type: 'task.deleted', task_id: id, tenant: rows[0]!.tenant }] };
  }

  // ---------------------------------------------------------------- a bulk action's batch

  /**
   * `cancel` for a batch of tasks (POST /tasks/bulk) in one statement, in the caller's transaction:
   * those whose status allows it, each with the status it had; the others are left as they are.
   */
  async cancelMany(ids: string[], manager: EntityManager): Promise<TaskWrite & { previous: Map<string, TaskStatus> }> {
    const [rows] = await manager.query<[Array<TaskSnapshotRow & { previous: TaskStatus }>, number]>(
      `UPDATE tasks t SET status = '${Status.Cancelled}', completed_at = now(), updated_at = now()
         FROM (SELECT id, status AS previous FROM tasks WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE) p
        WHERE t.id = p.id AND p.previous = ANY($2::task_status[])
        RETURNING p.previous, ${SNAPSHOT_OF_T}`,
      [ids, from('cancel')],
    );
    const previous = new Map(rows.map((row) => [row.id, row.previous]));
    return { ...write(rows.map(({ previous: _previous, ...row }) => toTaskSnapshot(row))), previous };
  }

  /**
   * `retry` for a batch of tasks in one statement, in the caller's transaction, each with a fresh
   * budget of its own (`attempts`, by id); returns the tasks it retried, as `retry` leaves them.
   */
  async retryMany(items: Array<{ id: string; attempts: number }>, manager: EntityManager): Promise<TaskWrite & { tasks: TaskEntity[] }> {
    const [rows] = await manager.query<[Array<{ id: string }>, number]>(
      `UPDATE tasks t SET status = '${Status.Pending}', max_attempts = t.attempts + v.budget, progress = 0, progress_message = NULL,
              result = NULL, error = NULL, worker_id = NULL, started_at = NULL, completed_at = NULL,
              scheduled_for = NULL, updated_at = now()
         FROM unnest($1::uuid[], $2::int[]) AS v(id, budget)
        WHERE t.id = v.id AND t.status = ANY($3::task_status[])
        RETURNING t.id`,
      [items.map((item) => item.id), items.map((item) => item.attempts), from('retry')],
    );
    if (rows.length === 0) return { snapshots: [], events: [], tasks: [] };
    const tasks = await manager.getRepository(TaskEntity).findBy({ id: In(rows.map((row) => row.id)) });
    return { ...entityWrite(tasks), tasks };
  }

  /** `delete` for a batch of final tasks in one statement, in the caller's transaction; returns the ids it deleted. */
  async deleteMany(ids: string[], manager: EntityManager): Promise<TaskWrite & { deleted: string[] }> {
    const [rows] = await manager.query<[Array<{ id: string; tenant: string }>, number]>(
      `DELETE FROM tasks WHERE id = ANY($1::uuid[]) AND status = ANY($2::task_status[]) RETURNING id, tenant`,
      [ids, from('delete')],
    );
    return {
      snapshots: [],
      events: rows.map((row) => ({ type: 'task.deleted', task_id: row.id, tenant: row.tenant })),
      deleted: rows.map((row) => row.id),
    };
  }

  // ---------------------------------------------------------------- a task's parameters

  /**
   * `retry` with new parameters (already validated against the task's type): the task runs again
   * with them, and the versions table keeps the ones it had. The first edit of a task also writes
   * its original parameters as version 1 (from attempt 1, set by whoever created it: null), so
   * tasks never edited need no rows. One transaction: the versions never disagree with the task.
   */
  async retryWithParameters(
    id: string,
    attempts: number,
    edit: { parameters: Record<string, unknown>; changedBy: string },
  ): Promise<TaskWrite & { task: TaskEntity; version: number }> {
    return this.db.transaction(async (manager) => {
      const [rows] = await manager.query<[Array<{ old_parameters: unknown; created_at: Date; attempts: number }>, number]>(
        `UPDATE tasks t SET status = '${Status.Pending}', max_attempts = t.attempts + $2, progress = 0, progress_message = NULL,
                result = NULL, error = NULL, worker_id = NULL, started_at = NULL, completed_at = NULL,
                scheduled_for = NULL, updated_at = now(), parameters = $4::jsonb
           FROM (SELECT id, parameters AS old_parameters, created_at FROM tasks WHERE id = $1 FOR UPDATE) p
          WHERE t.id = p.id AND t.status = ANY($3::task_status[])
          RETURNING p.old_parameters, p.created_at, t.attempts`,
        [id, attempts, from('retry'), JSON.stringify(edit.parameters)],
      );
      const row = rows[0];
      if (!row) throw await this.refusal('retry', id, 'only failed or cancelled tasks can be');
      await manager.query(
        `INSERT INTO task_parameter_versions (task_id, version, parameters, changed_by, changed_at, from_attempt)
         VALUES ($1, 1, $2::jsonb, NULL, $3, 1) ON CONFLICT DO NOTHING`,
        [id, JSON.stringify(row.old_parameters), row.created_at],
      );
      const [{ version }] = await manager.query<[{ version: number }]>(
        `INSERT INTO task_parameter_versions (task_id, version, parameters, changed_by, from_attempt)
         SELECT $1, max(version) + 1, $2::jsonb, $3, $4 FROM task_parameter_versions WHERE task_id = $1
         RETURNING version`,
        [id, JSON.stringify(edit.parameters), edit.changedBy, row.attempts + 1],
      );
      const task = await this.get(id, manager);
      if (!task) throw new TaskRefusedError('retry', id, null);
      return { ...entityWrite([task]), task, version };
    });
  }

  /**
   * Every version of a task's parameters, oldest first, each with the first attempt that ran with
   * it; a task never edited has one, its parameters, from attempt 1.
   */
  async parameterVersions(task: Pick<TaskEntity, 'id' | 'parameters' | 'createdAt'>): Promise<ParameterVersion[]> {
    const rows = await this.db.query<ParameterVersionRow[]>(
      `SELECT version, parameters, changed_by, changed_at, from_attempt, previous_task_id
         FROM task_parameter_versions WHERE task_id = $1 ORDER BY version`,
      [task.id],
    );
    if (rows.length === 0) {
      return [
        { version: 1, parameters: task.parameters, changedBy: null, changedAt: task.createdAt, fromAttempt: 1, previousTaskId: null },
      ];
    }
    return rows.map((row) => ({
      version: row.version,
      parameters: row.parameters,
      changedBy: row.changed_by,
      changedAt: row.changed_at,
      fromAttempt: row.from_attempt,
      previousTaskId: row.previous_task_id,
    }));
  }

  /**
   * The parameter history of step tasks a workflow resume made with edited parameters (`ids`,
   * inserted in this transaction): version 1, the parameters of the task each replaces (the latest
   * other task of its run, step, round and element, which ran them), and version 2, its own, set
   * by `changedBy`. The same history a retry with edited parameters keeps.
   */
  async recordStepParameterEdit(manager: EntityManager, ids: string[], changedBy: string): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `WITH previous AS (
         SELECT DISTINCT ON (t.id) t.id AS task_id, t.parameters AS own, p.id AS previous_id, p.parameters, p.created_at
           FROM tasks t
           JOIN tasks p ON p.workflow_run_id = t.workflow_run_id AND p.workflow_step = t.workflow_step
                       AND p.workflow_round = t.workflow_round AND p.workflow_item IS NOT DISTINCT FROM t.workflow_item
                       AND p.id <> ALL($1::uuid[])
          WHERE t.id = ANY($1::uuid[])
          ORDER BY t.id, p.created_at DESC, p.id DESC)
       INSERT INTO task_parameter_versions (task_id, version, parameters, changed_by, changed_at, from_attempt, previous_task_id)
       SELECT task_id, 1, parameters, NULL, created_at, 1, previous_id FROM previous
       UNION ALL
       SELECT task_id, 2, own, $2, now(), 1, NULL FROM previous`,
      [ids, changedBy],
    );
  }

  /**
   * Cancels every pending and retrying task (POST /queue/flush), or those of the given types only
   * (POST /queues/{name}/flush: the types of that queue); the caller removes their jobs.
   */
  async flush(taskTypes?: readonly string[]): Promise<TaskWrite> {
    const [rows] = await this.db.query<[TaskSnapshotRow[], number]>(
      `UPDATE tasks SET status = '${Status.Cancelled}', completed_at = now(), updated_at = now()
        WHERE status = ANY($1::task_status[]) AND ($2::varchar[] IS NULL OR task_type = ANY($2::varchar[]))
        RETURNING ${TASK_SNAPSHOT_COLUMNS}`,
      [from('flush'), taskTypes ?? null],
    );
    return write(rows.map(toTaskSnapshot));
  }

  // ---------------------------------------------------------------- the sweeper and retention

  /** Records Bull's own failure of a job (stalled too often) on the row; null when it is already final. */
  async failStalled(id: string, reason: string): Promise<TaskRowWrite | null> {
    const [rows] = await this.db.query<[TaskSnapshotRow[], number]>(
      `UPDATE tasks SET status = '${Status.Failed}', error = $2, completed_at = now(), updated_at = now(),
              ${appendAttemptError('$2')}
        WHERE id = $1 AND status = ANY($3::task_status[])
        RETURNING ${TASK_SNAPSHOT_COLUMNS}`,
      [id, storableText(`Failed in the queue: ${reason}`), from('stalled')],
    );
    return rows[0] ? written(toTaskSnapshot(rows[0])) : null;
  }

  /**
   * Fails an unfinished task that has started every attempt of its budget and has no job left (the
   * sweeper's alternative to queueing it again); null when it is final, within its budget after
   * all, or running under a lease that has not run out (its worker over HTTP is still at it).
   */
  async exhaust(id: string): Promise<TaskRowWrite | null> {
    const [rows] = await this.db.query<[TaskSnapshotRow[], number]>(
      `UPDATE tasks SET status = '${Status.Failed}', error = $2, completed_at = now(), updated_at = now(),
              ${appendAttemptError('$2')}
        WHERE id = $1 AND status = ANY($3::task_status[]) AND attempts >= max_attempts AND ${UNLEASED('tasks')}
        RETURNING ${TASK_SNAPSHOT_COLUMNS}`,
      [id, EXHAUSTED_ERROR, from('exhaust')],
    );
    return rows[0] ? written(toTaskSnapshot(rows[0])) : null;
  }

  /**
   * Final tasks of no run completed before `cutoff`, at most `limit` of them. A step task is left
   * to its run. FOR UPDATE re-checks each one's status at delete time, so a task retried meanwhile
   * is kept, and SKIP LOCKED never waits on a row being written. Returns how many it deleted.
   */
  async expireTasks(runner: QueryRunner, cutoff: Date, limit: number): Promise<number> {
    const result = await runner.query(
      `DELETE FROM tasks WHERE id IN (
         SELECT id FROM tasks
          WHERE completed_at < $1 AND status = ANY($2::task_status[]) AND workflow_run_id IS NULL
          LIMIT $3
            FOR UPDATE SKIP LOCKED)`,
      [cutoff, from('expire'), limit],
      true,
    );
    return result.affected ?? 0;
  }

  /**
   * Final workflow runs completed before `cutoff`, at most `limit`, each with its final step tasks
   * in the same statement (a step task somehow still unfinished outlives its run, detached, until
   * it ends). FOR UPDATE SKIP LOCKED as above: a run the engine holds is left for the next sweep.
   */
  async expireRuns(runner: QueryRunner, cutoff: Date, limit: number): Promise<{ runs: number; steps: number }> {
    const [row] = (await runner.query(
      `WITH due AS (
         SELECT id FROM workflow_runs
          WHERE completed_at < $1 AND status = ANY($2::workflow_run_status[])
          LIMIT $3
            FOR UPDATE SKIP LOCKED),
       steps AS (DELETE FROM tasks WHERE workflow_run_id IN (SELECT id FROM due) AND status = ANY($4::task_status[]) RETURNING 1),
       runs AS (DELETE FROM workflow_runs WHERE id IN (SELECT id FROM due) RETURNING 1)
       SELECT (SELECT count(*) FROM runs)::int AS runs, (SELECT count(*) FROM steps)::int AS steps`,
      [cutoff, [...FINAL_WORKFLOW_RUN_STATUSES], limit, from('expire')],
    )) as Array<{ runs: number; steps: number }>;
    return row ?? { runs: 0, steps: 0 };
  }

  // ---------------------------------------------------------------- helpers

  /**
   * A worker's statements wait out a PostgreSQL outage (retrying with a capped backoff) instead of
   * failing: an outage is not the task's fault, must not spend its attempts, and must not lose a
   * result the handler already produced. The job's lock in Redis is kept alive meanwhile.
   */
  private patiently(sql: string, parameters: unknown[]): Promise<unknown> {
    return this.untilPostgresAnswers(() => this.db.query(sql, parameters));
  }

  /** Runs `run` again, with backoff, while PostgreSQL is unavailable, for up to OUTAGE_PATIENCE_MS. */
  private async untilPostgresAnswers<T>(run: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + OUTAGE_PATIENCE_MS;
    for (let retry = 0; ; retry++) {
      try {
        return await run();
      } catch (error) {
        if (!isPostgresUnavailable(error) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** retry, 2_000)));
      }
    }
  }

  /**
   * Runs a grouped UPDATE whose input rows are keyed by task id and returns, for each id in order,
   * the row it changed or undefined (fenced out, gone, already final). A task id twice in one group
   * would let PostgreSQL apply only one of its input rows, so such a group is refused and the
   * coalescer sends its items one by one.
   */
  private async updateEach<Row extends { id: string }>(ids: string[], name: string, sql: string, parameters: unknown[]) {
    if (new Set(ids).size !== ids.length) throw new Error('A task appears twice in one grouped write');
    const rows = await this.patientlyNamed<Row>(name, sql, parameters);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id));
  }

  /**
   * As patiently, for the statements every task runs (the grouped claims and completions) as
   * named statements on TypeORM's own pool, as the API's one-task reads are: each pooled
   * connection parses, analyses and rewrites the statement once instead of at every group (the
   * claim's two updates in one statement took 1.5–3 ms to plan, about as long as they took to
   * run), and PostgreSQL may keep a generic plan for it. A failure is logged as TypeORM logs one.
   * The text of a name must never change within a process: each is a constant.
   */
  private async patientlyNamed<Row>(name: string, text: string, values: unknown[]): Promise<Row[]> {
    const pool = (this.db.driver as PostgresDriver).master as Pool;
    try {
      return await this.untilPostgresAnswers(async () => (await pool.query<QueryResultRow>({ name, text, values })).rows as Row[]);
    } catch (error) {
      this.db.logger.logQueryError(error instanceof Error ? error : String(error), text);
      throw error;
    }
  }

  /** One fenced write of the running attempt, allowed only where `action` may start. */
  private async updateRunning(ref: AttemptRef, action: TaskAction, set: string, values: unknown[]): Promise<TaskRowWrite | null> {
    const [rows] = (await this.patiently(
      `UPDATE tasks SET ${set}, updated_at = now()
        WHERE id = $1 AND attempts = $2 AND status = ANY($${values.length + 3}::task_status[])
        RETURNING ${TASK_SNAPSHOT_COLUMNS}`,
      [ref.taskId, ref.attempt, ...values, from(action)],
    )) as [TaskSnapshotRow[], number];
    return rows[0] ? written(toTaskSnapshot(rows[0])) : null;
  }

  private async loadOrRefuse(action: TaskAction, id: string): Promise<TaskEntity> {
    const task = await this.get(id);
    if (!task) throw new TaskRefusedError(action, id, null);
    return task;
  }

  /** Why `action` changed nothing: no such task (status null), or the table does not allow it from its status. */
  private async refusal(action: TaskAction, id: string, hint?: string): Promise<TaskRefusedError> {
    const task = await this.get(id);
    return new TaskRefusedError(action, id, task?.status ?? null, hint);
  }
}

/** The error of a task failed at its claim because its budget was spent (see `exhaust`). */
const EXHAUSTED_ERROR =
  'Every attempt of its budget was started and none recorded an outcome (the last one ran on a worker that stopped, ' +
  'or its outcome could not be stored); it was not run again';

/** The error recorded for an attempt over HTTP whose lease ran out before it reported an outcome. */
const LEASE_LAPSED_ERROR =
  'The lease of the attempt ran out: its worker sent no heartbeat in time (it stopped, or lost its connection); the task was taken over';

function updated(snapshots: TaskSnapshot[]): TaskEvent[] {
  return snapshots.map((task) => ({ type: 'task.updated', task }));
}

function write(snapshots: TaskSnapshot[]): TaskWrite {
  return { snapshots, events: updated(snapshots) };
}

function written(snapshot: TaskSnapshot): TaskRowWrite {
  return { snapshot, events: updated([snapshot]) };
}

function entityWrite(tasks: TaskEntity[]): TaskWrite {
  return write(tasks.map(snapshotOfEntity));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
