import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A task type a worker registered when it started (see TaskTypeRegistry): its schemas as JSON
 * Schema, its defaults and the queue its tasks go through. One row per name; the newest
 * registration of a name replaces the row.
 */
@Entity({ name: 'task_type_registrations' })
export class TaskTypeRegistrationEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  /** JSON Schema (draft 2020-12) of the parameters as a client sends them. */
  @Column({ name: 'parameters_schema', type: 'json' })
  parametersSchema!: Record<string, unknown>;

  /** JSON Schema of the result a completed task holds; null when the type declares none. */
  @Column({ name: 'result_schema', type: 'json', nullable: true })
  resultSchema!: Record<string, unknown> | null;

  @Column({ type: 'json', nullable: true })
  example!: Record<string, unknown> | null;

  @Column({ name: 'timeout_s', type: 'integer' })
  timeoutS!: number;

  @Column({ name: 'max_retries', type: 'integer' })
  maxRetries!: number;

  /** schemaFingerprint of the two schemas: equal fingerprints, same contract. */
  @Column({ type: 'varchar', length: 80 })
  fingerprint!: string;

  /** The Bull queue the type's tasks are queued on, which its workers take jobs from. */
  @Column({ type: 'varchar', length: 200 })
  queue!: string;

  /** The queue (pool of workers) the type belongs to, as /queues and WORKER_QUEUES name it. */
  @Column({ type: 'varchar', length: 63, default: 'default' })
  pool!: string;

  /** Its flow-control limits as the worker declared them (TaskLimits of @atropos/tasks); null: none. */
  @Column({ type: 'json', nullable: true })
  limits!: Record<string, unknown> | null;

  @Column({ name: 'registered_by', type: 'varchar', length: 200 })
  registeredBy!: string;

  @Column({ name: 'registered_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  registeredAt!: Date;
}

/**
 * One worker serving one task type, alive until `expiresAt`: the worker's heartbeat pushes it
 * forward, a stopping worker deletes its rows, and a killed one's simply expire.
 */
@Entity({ name: 'task_type_workers' })
@Index('task_type_workers_worker_id_idx', ['workerId'])
export class TaskTypeWorkerEntity {
  @PrimaryColumn({ name: 'task_type', type: 'varchar', length: 64 })
  taskType!: string;

  @PrimaryColumn({ name: 'worker_id', type: 'varchar', length: 200 })
  workerId!: string;

  /** The fingerprint of the schemas this worker runs the type with (may differ from the registration's). */
  @Column({ type: 'varchar', length: 80 })
  fingerprint!: string;

  @Column({ type: 'varchar', length: 200 })
  queue!: string;

  @Column({ name: 'started_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  startedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3 })
  expiresAt!: Date;
}
