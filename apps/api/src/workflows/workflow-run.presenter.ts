import type { TaskEntity, WorkflowRunEntity } from '@atropos/db';
import { WorkflowRunStatus } from '@atropos/tasks';
import type { StepSummary } from './run-graph.js';
import { runNeeds, stepKind, stepStateOf } from './run-graph.js';
import type { WorkflowRunStepView, WorkflowRunSummaryView, WorkflowRunView } from './workflow.schemas.js';

export function presentWorkflowRunSummary(run: WorkflowRunEntity): WorkflowRunSummaryView {
  return {
    id: run.id,
    workflow: run.workflow,
    version: run.version,
    status: run.status,
    input: run.input,
    labels: run.labels,
    current_step: run.currentStep,
    step_count: run.steps.length,
    error: run.error ?? null,
    created_at: run.createdAt.toISOString(),
    updated_at: run.updatedAt.toISOString(),
    completed_at: run.completedAt?.toISOString() ?? null,
  };
}

/**
 * The run with each step: its status from its summary; for a step not fanned out, its latest task
 * of the current round and every task it had (resumes, reruns); for a fanned-out one, its counts.
 */
export function presentWorkflowRun(run: WorkflowRunEntity, summaries: StepSummary[], tasks: TaskEntity[]): WorkflowRunView {
  const needs = runNeeds(run.steps);
  const steps = run.steps.map((step, index): WorkflowRunStepView => {
    const summary = summaries[index]!;
    const state = stepStateOf(run, step.name);
    const mine = tasks.filter((task) => task.workflowStep === index);
    const task = step.for_each === undefined ? mine.filter((each) => each.workflowRound === summary.round).at(-1) : undefined;
    // A step that failed before it had a task (its references could not be resolved) shows the run's error.
    const failedWithoutTask = !task && run.status === WorkflowRunStatus.Failed && index === run.currentStep && summary.status === 'waiting';
    return {
      index,
      name: step.name,
      kind: stepKind(step),
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an approval step has none (its definition's task_type is optional)
      task_type: step.task_type ?? null,
      parameters: step.parameters,
      needs: needs[index]!,
      if: step.if ?? null,
      for_each: step.for_each ?? null,
      continue_on_failure: step.continue_on_failure ?? false,
      status: failedWithoutTask ? 'failed' : summary.status,
      round: summary.round,
      task_id: task?.id ?? null,
      task_status: task?.status ?? null,
      attempts: task?.attempts ?? 0,
      max_attempts: task?.maxAttempts ?? null,
      progress: task?.progress ?? summary.progress,
      progress_message: task?.progressMessage ?? null,
      started_at: task?.startedAt?.toISOString() ?? null,
      completed_at: task?.completedAt?.toISOString() ?? null,
      error:
        task?.error ??
        (failedWithoutTask || (summary.failed && stepKind(step) === 'approval') ? run.error : (summary.firstEnded?.error ?? null)),
      skip_reason: state.status === 'skipped' ? (state.reason ?? null) : null,
      items:
        step.for_each !== undefined
          ? {
              total: summary.total,
              created: summary.created,
              completed: summary.completed,
              failed: summary.ended,
              running: summary.unfinished,
            }
          : null,
      approval:
        stepKind(step) === 'approval' && state.status !== undefined && state.status !== 'skipped'
          ? {
              since: state.since ?? null,
              deadline: state.deadline ?? null,
              decided_at: state.decided_at ?? null,
              decided_by: state.decided_by ?? null,
              comment: state.comment ?? null,
              payload: state.payload ?? null,
            }
          : null,
      history: mine.map((each) => ({
        task_id: each.id,
        round: each.workflowRound,
        status: each.status,
        attempts: each.attempts,
        created_at: each.createdAt.toISOString(),
        completed_at: each.completedAt?.toISOString() ?? null,
        error: each.error ?? null,
      })),
    };
  });
  return { ...presentWorkflowRunSummary(run), steps };
}
