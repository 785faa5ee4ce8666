import { WORKFLOW_RUN_STATUSES, WorkflowRunStatus } from '@atropos/tasks';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A step as the run copied it from its definition when it started. */
export interface WorkflowRunStep {
  name: string;
  /** `task` (the default) runs a task of `task_type`; `approval` waits for a person's decision. */
  kind?: 'task' | 'approval';
  /** Empty for an approval step. */
  task_type: string;
  /** Static values and `${…}` references, resolved when the step's task is created. */
  parameters: Record<string, unknown>;
  /** The steps this one runs after; absent in runs started before graphs: the step before it. */
  needs?: string[];
  /** A condition (see conditions.ts); false skips the step. */
  if?: string;
  /** A reference to an array: the step runs once per element. */
  for_each?: string;
  /** At most this many of its elements' tasks unfinished at once. */
  max_parallel?: number;
  /** Its failure does not fail the run: the steps that need it run. */
  continue_on_failure?: boolean;
  /** Approval steps: seconds to wait before `on_timeout` decides. */
  timeout?: number;
  on_timeout?: 'reject' | 'approve';
  /** Approval steps: the payload of an approval by timeout. */
  default_payload?: Record<string, unknown>;
}

/** What a step has become that no task says: skipped, or an approval's state and decision. */
export interface WorkflowStepState {
  /** The step's round: only its tasks of this round count (a rerun starts a new one). */
  round?: number;
  status?: 'skipped' | 'awaiting_approval' | 'approved' | 'rejected';
  /** Why it was skipped. */
  reason?: string;
  /** A fanned-out step: how many elements it runs, once it started. */
  items?: number;
  /** Approval steps: when it started waiting, until when, and the decision. */
  since?: string;
  deadline?: string | null;
  decided_at?: string;
  decided_by?: 'operator' | 'timeout';
  comment?: string | null;
  payload?: Record<string, unknown> | null;
}

/** A run's state beyond its tasks, by step name. */
export interface WorkflowRunState {
  /** The run's parallelism limit (unfinished step tasks at once), copied from its definition. */
  max_parallel?: number;
  /** The highest round any step reached (reruns). */
  round?: number;
  steps?: Record<string, WorkflowStepState>;
}

/**
 * One run of a workflow. Its steps are a copy of the definition taken at start, so editing or
 * removing the workflow in the config file never changes a run already under way. Each step runs
 * as an ordinary task row pointing back here (tasks.workflow_run_id, tasks.workflow_step).
 */
@Entity({ name: 'workflow_runs' })
@Index('workflow_runs_created_at_id_idx', ['createdAt', 'id'])
@Index('workflow_runs_tenant_created_at_id_idx', ['tenant', 'createdAt', 'id'])
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

  /** Labels given when the run was started; every step task carries them. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  labels!: Record<string, string>;

  /** Skipped steps, approvals, fan-out sizes and rounds: what the step tasks do not say. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  state!: WorkflowRunState;

  /** The version of its workflow's definition the run started with. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Index of the step the run is at: the one running, paused before, or failed. */
  @Column({ name: 'current_step', type: 'integer', default: 0 })
  currentStep!: number;

  /** Why the run failed; null otherwise. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** The API key that started the run (null without API_KEYS); its step tasks carry it too. */
  @Column({ name: 'api_key_id', type: 'varchar', length: 16, nullable: true })
  apiKeyId!: string | null;

  /** The tenant of the key that started the run; its step tasks belong to it too. */
  @Column({ type: 'varchar', length: 64, default: 'default' })
  tenant!: string;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  updatedAt!: Date;

  /** When the run completed, failed or was cancelled; cleared by a resume. */
  @Column({ name: 'completed_at', type: 'timestamptz', precision: 3, nullable: true })
  completedAt!: Date | null;
}

/** One version of a workflow's definition (the config file seeds them, `PUT /workflows/{name}` adds them). */
@Entity({ name: 'workflow_definitions' })
export class WorkflowDefinitionEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  /** The workflow as validated: name, description, max_parallel, steps. */
  @Column({ type: 'jsonb' })
  definition!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt!: Date;
}

/**
 * The PostgreSQL channel on which a trigger announces (with the run id as payload) that a step's
 * task reached a final status. Channels are per database, so test databases do not hear each other.
 */
export const WORKFLOW_STEP_CHANNEL = 'atropos_workflow_steps';
