import type { TaskEntity, WorkflowRunEntity } from '@atropos/db';
import { WorkflowRunStatus } from '@atropos/tasks';
import type { WorkflowRunStepView, WorkflowRunSummaryView, WorkflowRunView } from './workflow.schemas.js';

export function presentWorkflowRunSummary(run: WorkflowRunEntity): WorkflowRunSummaryView {
  return {
    id: run.id,
    workflow: run.workflow,
    status: run.status,
    input: run.input,
    current_step: run.currentStep,
    step_count: run.steps.length,
    error: run.error ?? null,
    created_at: run.createdAt.toISOString(),
    updated_at: run.updatedAt.toISOString(),
    completed_at: run.completedAt?.toISOString() ?? null,
  };
}

/** The run with each step's status, from its latest task (`latestTasks[i]` for step i, if any). */
export function presentWorkflowRun(run: WorkflowRunEntity, latestTasks: Array<TaskEntity | undefined>): WorkflowRunView {
  const steps = run.steps.map((step, index): WorkflowRunStepView => {
    const task = latestTasks[index];
    // A step that failed before it had a task (its references could not be resolved) shows the run's error.
    const failedWithoutTask = !task && run.status === WorkflowRunStatus.Failed && index === run.currentStep;
    return {
      index,
      name: step.name,
      task_type: step.task_type,
      parameters: step.parameters,
      status: task?.status ?? (failedWithoutTask ? 'failed' : 'waiting'),
      task_id: task?.id ?? null,
      task_status: task?.status ?? null,
      attempts: task?.attempts ?? 0,
      max_attempts: task?.maxAttempts ?? null,
      progress: task?.progress ?? 0,
      progress_message: task?.progressMessage ?? null,
      started_at: task?.startedAt?.toISOString() ?? null,
      completed_at: task?.completedAt?.toISOString() ?? null,
      error: task?.error ?? (failedWithoutTask ? run.error : null),
    };
  });
  return { ...presentWorkflowRunSummary(run), steps };
}
