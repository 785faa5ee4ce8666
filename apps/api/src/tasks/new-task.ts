import { TaskEntity } from '@atropos/db';
import { randomUUID } from 'node:crypto';
import type { ApiConfig } from '../config/api.config.js';
import type { TaskTypeInfo } from '../task-types/task-types.service.js';
import { traceNewTask } from '../observability/task-trace.js';

export interface NewTask {
  /** A type of the catalog, already checked. */
  taskType: string;
  /** Already validated, defaults filled in. */
  parameters: Record<string, unknown>;
  priority?: number;
  name?: string | null;
  /** Already validated (taskLabelsSchema). */
  labels?: Record<string, string>;
  /** Its own concurrency key and limit (taskConcurrencySchema), instead of its type's key template. */
  concurrency?: { key: string; limit?: number | undefined } | undefined;
  /** Already checked (WebhooksService.checkDestination): where its final status is POSTed. */
  callbackUrl?: string | null;
  /** The task's own timeout, else its type's default. */
  timeoutS: number;
  /** 1 + the retries of its type; TASK_MAX_RETRIES + 1 unless said. */
  maxAttempts?: number;
  /** Of the schemas the parameters were validated with (TaskTypesService). */
  schemaFingerprint?: string | null;
  scheduledFor?: Date | null;
  apiKeyId?: string | null;
  /** Whose task it is: the creating key's tenant (the run's, for a step task). */
  tenant: string;
  workflowRunId?: string | null;
  workflowStep?: number | null;
  workflowItem?: number | null;
  workflowRound?: number;
}

/** What a task takes from its checked type, whoever creates it (POST /tasks, workflow steps, schedules). */
export function ofCheckedType(check: { type: TaskTypeInfo; parameters: Record<string, unknown> }) {
  return {
    taskType: check.type.name,
    parameters: check.parameters,
    timeoutS: check.type.timeoutS,
    maxAttempts: check.type.maxRetries + 1,
    schemaFingerprint: check.type.fingerprint,
  } satisfies Partial<NewTask>;
}

/** A task row ready to insert, as every creator of tasks builds it (POST /tasks, workflow steps, schedules). */
export function newTaskEntity(task: NewTask, config: ApiConfig): TaskEntity {
  const entity = Object.assign(new TaskEntity(), {
    id: randomUUID(),
    taskType: task.taskType,
    parameters: task.parameters,
    priority: task.priority ?? 5,
    name: task.name ?? null,
    labels: task.labels ?? {},
    concurrencyKey: task.concurrency?.key ?? null,
    concurrencyLimit: task.concurrency?.limit ?? null,
    callbackUrl: task.callbackUrl ?? null,
    maxAttempts: task.maxAttempts ?? config.maxRetries + 1,
    timeoutS: task.timeoutS,
    scheduledFor: task.scheduledFor ?? null,
    apiKeyId: task.apiKeyId ?? null,
    tenant: task.tenant,
    workflowRunId: task.workflowRunId ?? null,
    workflowStep: task.workflowStep ?? null,
    schemaFingerprint: task.schemaFingerprint ?? null,
    workflowItem: task.workflowItem ?? null,
    workflowRound: task.workflowRound ?? 0,
  });
  return traceNewTask(entity);
}
