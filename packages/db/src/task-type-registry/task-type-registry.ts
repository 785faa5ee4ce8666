import type { DataSource } from 'typeorm';
import { isPostgresUnavailable } from '../outage.js';

/** What a worker says about one task type it serves when it starts. */
export interface TaskTypeRegistrationInput {
  name: string;
  description: string;
  parametersSchema: Record<string, unknown>;
  resultSchema: Record<string, unknown> | null;
  example: Record<string, unknown> | null;
  timeoutS: number;
  maxRetries: number;
  /** schemaFingerprint(parametersSchema, resultSchema) */
  fingerprint: string;
  /** The Bull queue the worker takes this type's jobs from. */
  queue: string;
  /** The queue (pool of workers) the type belongs to. */
  pool: string;
  /** Its flow-control limits (TaskLimits of @atropos/tasks); null: none. */
  limits?: Record<string, unknown> | null;
}

/** One type a worker serves, as its heartbeat keeps it alive. */
export interface ServedTaskType {
  name: string;
  fingerprint: string;
  queue: string;
}

/** A registration that replaced another with different schemas: the newest wins, and says whom it replaced. */
export interface ReplacedRegistration {
  name: string;
  fingerprint: string;
  registeredBy: string;
}

export interface TaskTypeRegistration {
  name: string;
  description: string;
  parametersSchema: Record<string, unknown>;
  resultSchema: Record<string, unknown> | null;
  example: Record<string, unknown> | null;
  timeoutS: number;
  maxRetries: number;
  fingerprint: string;
  queue: string;
  pool: string;
  limits: Record<string, unknown> | null;
  registeredBy: string;
  registeredAt: Date;
}

/** A live worker serving a type, with the fingerprint of the schemas it runs it with. */
export interface TaskTypeWorker {
  taskType: string;
  workerId: string;
  fingerprint: string;
  queue: string;
  startedAt: Date;
  expiresAt: Date;
}

/** Rows of workers gone for this long are deleted at the next registration. */
const FORGET_AFTER = `interval '1 day'`;

/**
 * The catalog that learns from workers (tables task_type_registrations and task_type_workers):
 * every worker registers the types it serves when it starts and keeps its rows alive with its
 * heartbeat; the API reads them to list, validate and route registered types. Like TaskStore,
 * the one place that writes these tables.
 *
 * A name is one row: registering it again with other schemas replaces the row (the newest
 * registration wins) and returns what it replaced, so the worker can log the conflict; workers
 * still serving the old schemas stay listed with their own fingerprint, which is how the API
 * shows the conflict for as long as it lasts.
 */
export class TaskTypeRegistry {
  constructor(private readonly db: DataSource) {}

  /**
   * Registers `types` for `workerId` in one statement: each registration is inserted or replaced,
   * the worker is marked as serving each of them until `ttlMs` from now, rows of types it no
   * longer serves are dropped, and workers long gone are forgotten. Returns the registrations it
   * replaced that had another fingerprint.
   */
  async register(workerId: string, types: TaskTypeRegistrationInput[], ttlMs: number): Promise<ReplacedRegistration[]> {
    const input = types.map((type) => ({
      name: type.name,
      description: type.description,
      parameters_schema: type.parametersSchema,
      result_schema: type.resultSchema,
      example: type.example,
      timeout_s: type.timeoutS,
      max_retries: type.maxRetries,
      fingerprint: type.fingerprint,
      queue: type.queue,
      pool: type.pool,
      limits: type.limits ?? null,
    }));
    const rows = await this.db.query<Array<{ name: string; fingerprint: string; registered_by: string }>>(
      `WITH input AS (
         SELECT * FROM json_to_recordset($1::json) AS x(
           name varchar, description text, parameters_schema json, result_schema json, example json,
           timeout_s integer, max_retries integer, fingerprint varchar, queue varchar, pool varchar, limits json)),
       previous AS (
         SELECT r.name, r.fingerprint, r.registered_by FROM task_type_registrations r JOIN input i ON i.name = r.name),
       registered AS (
         INSERT INTO task_type_registrations
                (name, description, parameters_schema, result_schema, example, timeout_s, max_retries, fingerprint, queue, pool, limits,
                 registered_by)
         SELECT name, description, parameters_schema, result_schema, example, timeout_s, max_retries, fingerprint, queue,
                COALESCE(pool, 'default'), limits, $2 FROM input
         ON CONFLICT (name) DO UPDATE SET
           description = EXCLUDED.description, parameters_schema = EXCLUDED.parameters_schema,
           result_schema = EXCLUDED.result_schema, example = EXCLUDED.example, timeout_s = EXCLUDED.timeout_s,
           max_retries = EXCLUDED.max_retries, fingerprint = EXCLUDED.fingerprint, queue = EXCLUDED.queue,
           pool = EXCLUDED.pool, limits = EXCLUDED.limits, registered_by = EXCLUDED.registered_by, registered_at = now()
         RETURNING name),
       served AS (
         INSERT INTO task_type_workers (task_type, worker_id, fingerprint, queue, expires_at)
         SELECT name, $2, fingerprint, queue, now() + $3 * interval '1 millisecond' FROM input
         ON CONFLICT (task_type, worker_id) DO UPDATE SET
           fingerprint = EXCLUDED.fingerprint, queue = EXCLUDED.queue, started_at = now(), expires_at = EXCLUDED.expires_at
         RETURNING task_type),
       dropped AS (
         DELETE FROM task_type_workers
          WHERE (worker_id = $2 AND NOT task_type = ANY(SELECT name FROM input))
             OR expires_at < now() - ${FORGET_AFTER}
         RETURNING task_type)
       SELECT p.name, p.fingerprint, p.registered_by FROM previous p JOIN input i ON i.name = p.name
        WHERE p.fingerprint <> i.fingerprint`,
      [JSON.stringify(input), workerId, ttlMs],
    );
    return rows.map((row) => ({ name: row.name, fingerprint: row.fingerprint, registeredBy: row.registered_by }));
  }

  /**
   * The heartbeat's write: marks the worker as serving `types` until `ttlMs` from now. An upsert,
   * so rows forgotten during a long outage come back; it never touches the registrations, so a
   * worker whose registration was replaced by a newer one does not take it back.
   */
  async keepAlive(workerId: string, types: ServedTaskType[], ttlMs: number): Promise<void> {
    await this.db.query(
      `INSERT INTO task_type_workers (task_type, worker_id, fingerprint, queue, expires_at)
       SELECT name, $2, fingerprint, queue, now() + $3 * interval '1 millisecond'
         FROM jsonb_to_recordset($1::jsonb) AS x(name varchar, fingerprint varchar, queue varchar)
       ON CONFLICT (task_type, worker_id) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
      [JSON.stringify(types), workerId, ttlMs],
    );
  }

  /** A stopping worker serves nothing any more: its rows go at once instead of expiring. */
  async withdraw(workerId: string): Promise<void> {
    try {
      await this.db.query(`DELETE FROM task_type_workers WHERE worker_id = $1`, [workerId]);
    } catch (error) {
      // Stopping during an outage: the rows expire on their own.
      if (!isPostgresUnavailable(error)) throw error;
    }
  }

  /** Every registration, by name. */
  async registrations(): Promise<TaskTypeRegistration[]> {
    const rows = await this.db.query<Array<Record<string, unknown>>>(
      `SELECT name, description, parameters_schema, result_schema, example, timeout_s, max_retries, fingerprint, queue,
              pool, limits, registered_by, registered_at
         FROM task_type_registrations ORDER BY name`,
    );
    return rows.map((row) => ({
      name: row['name'] as string,
      description: row['description'] as string,
      parametersSchema: row['parameters_schema'] as Record<string, unknown>,
      resultSchema: (row['result_schema'] as Record<string, unknown> | null) ?? null,
      example: (row['example'] as Record<string, unknown> | null) ?? null,
      timeoutS: row['timeout_s'] as number,
      maxRetries: row['max_retries'] as number,
      fingerprint: row['fingerprint'] as string,
      queue: row['queue'] as string,
      pool: row['pool'] as string,
      limits: (row['limits'] as Record<string, unknown> | null) ?? null,
      registeredBy: row['registered_by'] as string,
      registeredAt: row['registered_at'] as Date,
    }));
  }

  /** The workers alive now, with the types they serve. */
  async liveWorkers(): Promise<TaskTypeWorker[]> {
    const rows = await this.db.query<Array<Record<string, unknown>>>(
      `SELECT task_type, worker_id, fingerprint, queue, started_at, expires_at FROM task_type_workers
        WHERE expires_at > now() ORDER BY task_type, worker_id`,
    );
    return rows.map((row) => ({
      taskType: row['task_type'] as string,
      workerId: row['worker_id'] as string,
      fingerprint: row['fingerprint'] as string,
      queue: row['queue'] as string,
      startedAt: row['started_at'] as Date,
      expiresAt: row['expires_at'] as Date,
    }));
  }
}
