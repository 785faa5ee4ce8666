import type { AttemptError } from '@atropos/tasks';
import { TASK_STATUSES, TaskStatus } from '@atropos/tasks';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WorkflowRunEntity } from './workflow-run.entity.js';

/** Defined with the other wire shapes in @atropos/tasks; re-exported for the code that reads it from here. */
export type { AttemptError };

/**
 * One task: the system of record. Redis only holds the work still to do; this row holds
 * everything a person or client may ask about the task, for as long as the task is kept.
 *
 * Timestamps have millisecond precision so they survive a round trip through a JS Date, which
 * keeps list cursors (created_at, id) exact.
 */
@Entity({ name: 'tasks' })
@Check('tasks_progress_check', '"progress" BETWEEN 0 AND 100')
@Index('tasks_created_at_id_idx', ['createdAt', 'id'])
@Index('tasks_status_created_at_id_idx', ['status', 'createdAt', 'id'])
@Index('tasks_task_type_created_at_id_idx', ['taskType', 'createdAt', 'id'])
@Index('tasks_workflow_run_idx', ['workflowRunId', 'createdAt', 'id'], { where: '"workflow_run_id" IS NOT NULL' })
@Index('tasks_tenant_created_at_id_idx', ['tenant', 'createdAt', 'id'])
@Index('tasks_open_by_tenant_idx', ['tenant'], { where: `"status" IN ('pending', 'processing', 'retrying')` })
@Index('tasks_open_by_api_key_idx', ['apiKeyId'], {
  where: `"api_key_id" IS NOT NULL AND "status" IN ('pending', 'processing', 'retrying')`,
})
// GIN with the jsonb_path_ops operator class, which @Index cannot express: synchronize: false
// tells TypeORM the index exists and is the migration's to manage (1764000002000), so the schema
// builder neither drops it nor proposes a plain GIN index in its place.
@Index('tasks_parameters_idx', { synchronize: false })
@Index('tasks_result_idx', { synchronize: false })
// GIN on labels (jsonb_path_ops) and a trigram GIN on name, likewise the migration's (1767100000000).
@Index('tasks_labels_idx', { synchronize: false })
@Index('tasks_name_trgm_idx', { synchronize: false })
// On completed_at, partial, with the columns GET /tasks/stats reads INCLUDEd for index-only scans,
// which @Index cannot express either (1767900000000).
@Index('tasks_completed_at_idx', { synchronize: false })
export class TaskEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'task_type', type: 'varchar', length: 64 })
  taskType!: string;

  @Column({ type: 'enum', enum: TASK_STATUSES, enumName: 'task_status', default: TaskStatus.Pending })
  status!: TaskStatus;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  parameters!: Record<string, unknown>;

  /** Free text a person gave the task to recognise it by; searched by `GET /tasks?name=`. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  /** `key: value` strings (TaskLabels in @atropos/tasks) to find the task by: `GET /tasks?label.<key>=`. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  labels!: Record<string, string>;

  /** The task's own concurrency key (POST /tasks `concurrency.key`), instead of its type's key template. */
  @Column({ name: 'concurrency_key', type: 'varchar', length: 200, nullable: true })
  concurrencyKey!: string | null;

  /** Most tasks of `concurrencyKey` running at once across the fleet; null: the type's key_concurrency. */
  @Column({ name: 'concurrency_limit', type: 'integer', nullable: true })
  concurrencyLimit!: number | null;

  /**
   * Where the task's final status is POSTed, signed, as a webhook delivery (the outbox trigger of
   * migration 1767500000000 reads it); null for none.
   */
  @Column({ name: 'callback_url', type: 'varchar', length: 2048, nullable: true })
  callbackUrl!: string | null;

  /** 1 is the most urgent, 10 the least. */
  @Column({ type: 'smallint', default: 5 })
  priority!: number;

  @Column({ type: 'smallint', default: 0 })
  progress!: number;

  @Column({ name: 'progress_message', type: 'text', nullable: true })
  progressMessage!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  result!: unknown;

  /** The error that made the task fail, or the last attempt's while it is being retried. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** Attempts started so far; also the fencing token that every status write is conditioned on. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'max_attempts', type: 'integer', default: 4 })
  maxAttempts!: number;

  @Column({ name: 'attempt_errors', type: 'jsonb', default: () => "'[]'" })
  attemptErrors!: AttemptError[];

  /** When a delayed task becomes due; null for a task queued to run at once. */
  @Column({ name: 'scheduled_for', type: 'timestamptz', precision: 3, nullable: true })
  scheduledFor!: Date | null;

  /** An attempt running longer than this is aborted and fails with a timeout error. */
  @Column({ name: 'timeout_s', type: 'integer', default: 7200 })
  timeoutS!: number;

  /** The API key that created the task (a hash prefix, never the key); null without API_KEYS. */
  @Column({ name: 'api_key_id', type: 'varchar', length: 16, nullable: true })
  apiKeyId!: string | null;

  /**
   * Who the task belongs to: the tenant of the API key that created it (of the run, for a step
   * task); `default` without keys. Only keys of this tenant, and admin keys, see or touch it.
   */
  @Column({ type: 'varchar', length: 64, default: 'default' })
  tenant!: string;

  /** The workflow run this task is a step of; null for a task created on its own. */
  @Column({ name: 'workflow_run_id', type: 'uuid', nullable: true })
  workflowRunId!: string | null;

  // Declared for the foreign key only (SET NULL: deleting a run keeps its tasks' history); code
  // reads and writes workflowRunId.
  @ManyToOne(() => WorkflowRunEntity, { onDelete: 'SET NULL', onUpdate: 'NO ACTION', nullable: true })
  @JoinColumn({ name: 'workflow_run_id', foreignKeyConstraintName: 'tasks_workflow_run_id_fkey' })
  workflowRun?: WorkflowRunEntity | null;

  /** Index of the step in its run's steps, 0 for the first; null with workflowRunId. */
  @Column({ name: 'workflow_step', type: 'integer', nullable: true })
  workflowStep!: number | null;

  /** Which element of a fanned-out step (`for_each`) this task runs, from 0; null otherwise. */
  @Column({ name: 'workflow_item', type: 'integer', nullable: true })
  workflowItem!: number | null;

  /**
   * The round of its step this task belongs to: a rerun from a step starts a new round of it and
   * of the steps downstream, so only tasks of a step's current round count (0 for the first).
   */
  @Column({ name: 'workflow_round', type: 'integer', default: 0 })
  workflowRound!: number;

  /** The trace the task was created in (32 hex digits), when tracing is on; null otherwise. */
  @Column({ name: 'trace_id', type: 'varchar', length: 32, nullable: true })
  traceId!: string | null;

  @Column({ name: 'worker_id', type: 'varchar', length: 200, nullable: true })
  workerId!: string | null;

  /**
   * Fingerprint of the parameter and result schemas the API validated the parameters with
   * (schemaFingerprint in @atropos/db): a type re-registered with another schema later leaves
   * the task's record of which one it met. Null for tasks created before it was kept.
   */
  @Column({ name: 'schema_fingerprint', type: 'varchar', length: 80, nullable: true })
  schemaFingerprint!: string | null;

  /**
   * Until when the running attempt is leased to a worker over HTTP (null for Atropos' own
   * workers): a claim takes a `processing` task over only once this has passed.
   */
  @Column({ name: 'lease_expires_at', type: 'timestamptz', precision: 3, nullable: true })
  leaseExpiresAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', precision: 3, nullable: true })
  completedAt!: Date | null;
}
