import { WORKFLOW_RUN_STATUSES, WorkflowRunStatus } from '@atropos/tasks';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A step as the run copied it from its definition when it started. */
export interface WorkflowRunStep {
  name: string;
  task_type: string;
  /** Static values and `${…}` references, resolved when the step's task is created. */
  parameters: Record<string, unknown>;
}

/**
 * One run of a workflow. Its steps are a copy of the definition taken at start, so editing or
 * removing the workflow in the config file never changes a run already under way. Each step runs
 * as an ordinary task row pointing back here (tasks.workflow_run_id, tasks.workflow_step).
 */
@Entity({ name: 'workflow_runs' })
@Index('workflow_runs_created_at_id_idx', ['createdAt', 'id'])
@Index('workflow_runs_status_created_at_id_idx', ['status', 'createdAt', 'id'])
@Index('workflow_runs_workflow_created_at_id_idx', ['workflow', 'createdAt', 'id'])
@Index('workflow_runs_completed_at_idx', ['completedAt'], { where: '"completed_at" IS NOT NULL' })
export class WorkflowRunEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The workflow's name in the config file. */
  @Column({ type: 'varchar', length: 64 })
  workflow!: string;

  @Column({ type: 'enum', enum: WORKFLOW_RUN_STATUSES, enumName: 'workflow_run_status', default: WorkflowRunStatus.Running })
  status!: WorkflowRunStatus;

  @Column({ type: 'jsonb' })
  steps!: WorkflowRunStep[];

  /** What `${input.…}` references read: the body's `input` when the run was started. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  input!: Record<string, unknown>;

  /** Index of the step the run is at: the one running, paused before, or failed. */
  @Column({ name: 'current_step', type: 'integer', default: 0 })
  currentStep!: number;

  /** Why the run failed; null otherwise. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** The API key that started the run (null without API_KEYS); its step tasks carry it too. */
  @Column({ name: 'api_key_id', type: 'varchar', length: 16, nullable: true })
  apiKeyId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  updatedAt!: Date;

  /** When the run completed, failed or was cancelled; cleared by a resume. */
  @Column({ name: 'completed_at', type: 'timestamptz', precision: 3, nullable: true })
  completedAt!: Date | null;
}

/**
 * The PostgreSQL channel on which a trigger announces (with the run id as payload) that a step's
 * task reached a final status. Channels are per database, so test databases do not hear each other.
 */
export const WORKFLOW_STEP_CHANNEL = 'atropos_workflow_steps';
