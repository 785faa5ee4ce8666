import type { WorkflowRunStep, WorkflowStepStatus } from '@atropos/client';
import Link from 'next/link';
import { shortId } from '../../lib/format';
import { ProgressBar } from '../progress-bar';
import { StatusBadge } from '../status-badge';

const BOX: Record<WorkflowStepStatus, string> = {
  waiting: 'border-dashed border-slate-300 bg-white',
  pending: 'border-slate-300 bg-slate-50',
  processing: 'border-blue-400 bg-blue-50/50',
  retrying: 'border-amber-400 bg-amber-50/50',
  completed: 'border-emerald-400 bg-emerald-50/50',
  failed: 'border-red-400 bg-red-50/50',
  cancelled: 'border-zinc-300 bg-zinc-50',
};

/**
 * A run's steps as boxes joined by arrows, left to right (top to bottom on a phone), each coloured
 * by its status, with its task's progress, attempts and a link to the task.
 */
export function StepDiagram({ steps, currentStep }: { steps: WorkflowRunStep[]; currentStep: number }) {
  return (
    <ol aria-label="Steps" className="flex flex-col items-stretch gap-0 md:flex-row md:items-stretch">
      {steps.map((step, index) => (
        <li key={step.index} className="flex flex-col items-stretch md:flex-1 md:flex-row md:items-stretch">
          {index > 0 ? <Arrow done={steps[index - 1]!.status === 'completed'} /> : null}
          <StepBox step={step} current={index === currentStep} />
        </li>
      ))}
    </ol>
  );
}

function StepBox({ step, current }: { step: WorkflowRunStep; current: boolean }) {
  return (
    <section
      aria-label={`Step ${step.index + 1}: ${step.name}`}
      data-step={step.name}
      data-status={step.status}
      aria-current={current ? 'step' : undefined}
      className={`flex min-w-0 flex-1 flex-col gap-2 rounded-lg border-2 p-3 ${BOX[step.status]} ${current ? 'shadow-md' : ''}`}
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="text-xs text-muted">Step {step.index + 1}</p>
          <h3 className="truncate font-semibold text-ink" title={step.name}>
            {step.name}
          </h3>
          <p className="font-mono text-xs text-muted">{step.task_type}</p>
        </div>
        <StatusBadge status={step.status} />
      </div>
      {step.task_status ? (
        <ProgressBar progress={step.progress} status={step.task_status} message={step.progress_message} label={`Progress of step ${step.name}`} />
      ) : (
        <p className="text-xs text-muted">{step.status === 'failed' ? 'Could not start.' : 'Starts when the step before it has completed.'}</p>
      )}
      <div className="mt-auto flex items-center justify-between gap-2 text-xs text-muted">
        {step.task_id ? (
          <Link href={`/tasks/${step.task_id}`} className="font-mono text-brand hover:underline">
            task {shortId(step.task_id)}
          </Link>
        ) : (
          <span>no task yet</span>
        )}
        {step.max_attempts ? (
          <span className="tabular-nums">
            attempt {step.attempts} of {step.max_attempts}
          </span>
        ) : null}
      </div>
      {step.error ? (
        <p className="line-clamp-3 break-words rounded bg-red-100/70 px-2 py-1 text-xs text-red-900" title={step.error}>
          {step.error}
        </p>
      ) : null}
    </section>
  );
}

function Arrow({ done }: { done: boolean }) {
  const colour = done ? 'text-emerald-500' : 'text-slate-300';
  return (
    <span aria-hidden="true" className={`flex shrink-0 items-center justify-center self-center py-1 md:px-1.5 md:py-0 ${colour}`}>
      <svg viewBox="0 0 24 24" className="size-6 rotate-90 md:rotate-0" fill="none" stroke="currentColor" strokeWidth="2.5">
        <path d="M4 12h14m-5-5 5 5-5 5" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    </span>
  );
}
