import type { RunStepCount, WorkflowRunEntity, WorkflowRunStep, WorkflowStepState } from '@atropos/db';
import type { WorkflowStepStatus } from '@atropos/tasks';
import { TaskStatus } from '@atropos/tasks';
import { needsOf } from './workflow-definitions.js';

/** Where a step of a run stands, from its state and the counts of its current round's tasks. */
export interface StepSummary {
  index: number;
  status: WorkflowStepStatus;
  round: number;
  /** Final: the steps that need it may go on (completed, approved, skipped, or failed with continue_on_failure). */
  done: boolean;
  /** Failed, cancelled or rejected. */
  failed: boolean;
  /** Elements (1 for a step not fanned out) it runs, once known. */
  total: number | null;
  /** Elements with a task, and how many of those are unfinished, completed, failed or cancelled. */
  created: number;
  unfinished: number;
  completed: number;
  ended: number;
  /** Average progress of its tasks (0–100), over all its elements. */
  progress: number;
  /** The first failed or cancelled task, for the run's error. */
  firstEnded: { id: string; error: string | null; attempts: number; status: string } | null;
}

export function stepKind(step: WorkflowRunStep): 'task' | 'approval' {
  return step.kind ?? 'task';
}

export function stepStateOf(run: WorkflowRunEntity, name: string): WorkflowStepState {
  return run.state?.steps?.[name] ?? {};
}

/** Summarises every step of the run from its state and TaskStore.runStepCounts. */
export function summarizeSteps(run: WorkflowRunEntity, counts: RunStepCount[]): StepSummary[] {
  return run.steps.map((step, index) => summarizeStep(run, step, index, counts));
}

export function summarizeStep(run: WorkflowRunEntity, step: WorkflowRunStep, index: number, counts: RunStepCount[]): StepSummary {
  const state = stepStateOf(run, step.name);
  const round = state.round ?? 0;
  const base: StepSummary = {
    index,
    status: 'waiting',
    round,
    done: false,
    failed: false,
    total: null,
    created: 0,
    unfinished: 0,
    completed: 0,
    ended: 0,
    progress: 0,
    firstEnded: null,
  };
  if (state.status === 'skipped') return { ...base, status: 'skipped', done: true };
  if (stepKind(step) === 'approval') {
    if (state.status === 'awaiting_approval') return { ...base, status: 'awaiting_approval', total: 1 };
    if (state.status === 'approved') return { ...base, status: 'approved', done: true, total: 1, completed: 1, progress: 100 };
    if (state.status === 'rejected')
      return { ...base, status: 'rejected', failed: true, done: step.continue_on_failure === true, total: 1 };
    return base;
  }
  const mine = counts.filter((row) => row.step === index && row.round === round);
  const count = (...statuses: string[]) => mine.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + row.count, 0);
  const created = mine.reduce((sum, row) => sum + row.count, 0);
  const total = step.for_each !== undefined ? (state.items ?? null) : 1;
  const unfinished = count(TaskStatus.Pending, TaskStatus.Processing, TaskStatus.Retrying);
  const completed = count(TaskStatus.Completed);
  const ended = count(TaskStatus.Failed, TaskStatus.Cancelled);
  const endedRow = mine
    .filter((row) => row.status === TaskStatus.Failed || row.status === TaskStatus.Cancelled)
    .sort((a, b) => a.first_id.localeCompare(b.first_id))[0];
  const progress = total ? Math.floor(mine.reduce((sum, row) => sum + row.progress, 0) / total) : 0;
  const summary = {
    ...base,
    total,
    created,
    unfinished,
    completed,
    ended,
    progress,
    firstEnded: endedRow
      ? { id: endedRow.first_id, error: endedRow.first_error, attempts: endedRow.first_attempts, status: endedRow.status }
      : null,
  };
  if (total === null || (created === 0 && total > 0)) return summary;
  if (completed === total) return { ...summary, status: 'completed', done: true };
  if (ended > 0 && unfinished === 0) {
    const status = count(TaskStatus.Failed) > 0 ? 'failed' : 'cancelled';
    return { ...summary, status, failed: true, done: step.continue_on_failure === true };
  }
  const status =
    count(TaskStatus.Processing) > 0 || completed > 0 || ended > 0 ? 'processing' : count(TaskStatus.Retrying) > 0 ? 'retrying' : 'pending';
  return { ...summary, status };
}

/** The steps' indices in an order where each comes after every step it needs. */
export function topologicalOrder(steps: WorkflowRunStep[]): number[] {
  const needs = runNeeds(steps);
  const index = new Map(steps.map((step, at) => [step.name, at]));
  const order: number[] = [];
  const placed = new Set<number>();
  const place = (at: number) => {
    if (placed.has(at)) return;
    placed.add(at);
    for (const need of needs[at]!) {
      const before = index.get(need);
      if (before !== undefined) place(before);
    }
    order.push(at);
  };
  steps.forEach((_, at) => place(at));
  return order;
}

/** What each step of a run needs (runs started before graphs have no `needs`: the step before). */
export function runNeeds(steps: WorkflowRunStep[]): string[][] {
  return needsOf(steps);
}

/** The step and every step downstream of it. */
export function downstreamOf(steps: WorkflowRunStep[], from: number): Set<number> {
  const needs = runNeeds(steps);
  const found = new Set<number>([from]);
  let grew = true;
  while (grew) {
    grew = false;
    steps.forEach((_, at) => {
      if (found.has(at)) return;
      if (needs[at]!.some((need) => found.has(steps.findIndex((step) => step.name === need)))) {
        found.add(at);
        grew = true;
      }
    });
  }
  return found;
}

/** The names of every step that `at` needs, directly or not. */
export function upstreamOf(steps: WorkflowRunStep[], at: number): Set<string> {
  const needs = runNeeds(steps);
  const found = new Set<string>();
  const visit = (index: number) => {
    for (const need of needs[index]!) {
      if (found.has(need)) continue;
      found.add(need);
      const next = steps.findIndex((step) => step.name === need);
      if (next >= 0) visit(next);
    }
  };
  visit(at);
  return found;
}
