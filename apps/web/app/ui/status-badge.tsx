import type { TaskStatus, WorkflowRunStatus, WorkflowStepStatus } from '@atropos/api-client';

/** Tasks', workflow runs' and workflow steps' statuses share one set of colours. */
type AnyStatus = TaskStatus | WorkflowRunStatus | WorkflowStepStatus;

const STYLES: Record<AnyStatus, { className: string; dot: string }> = {
  waiting: { className: 'bg-white text-slate-500 ring-slate-300', dot: 'bg-slate-300' },
  running: { className: 'bg-blue-50 text-blue-800 ring-blue-300', dot: 'bg-blue-500 animate-pulse' },
  paused: { className: 'bg-amber-50 text-amber-800 ring-amber-300', dot: 'bg-amber-500' },
  pending: { className: 'bg-slate-100 text-slate-700 ring-slate-300', dot: 'bg-slate-400' },
  processing: { className: 'bg-blue-50 text-blue-800 ring-blue-300', dot: 'bg-blue-500 animate-pulse' },
  retrying: { className: 'bg-amber-50 text-amber-800 ring-amber-300', dot: 'bg-amber-500' },
  completed: { className: 'bg-emerald-50 text-emerald-800 ring-emerald-300', dot: 'bg-emerald-500' },
  failed: { className: 'bg-red-50 text-red-800 ring-red-300', dot: 'bg-red-500' },
  cancelled: { className: 'bg-zinc-100 text-zinc-600 ring-zinc-300', dot: 'bg-zinc-400' },
};

/** The status in words, with a colour as a second cue (never colour alone). */
export function StatusBadge({ status }: { status: AnyStatus }) {
  const style = STYLES[status];
  return (
    <span
      data-status={status}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${style.dot}`} />
      {status}
    </span>
  );
}

export const STATUS_BAR_COLORS: Record<TaskStatus, string> = {
  pending: 'bg-slate-400',
  processing: 'bg-blue-500',
  retrying: 'bg-amber-500',
  completed: 'bg-emerald-500',
  failed: 'bg-red-500',
  cancelled: 'bg-zinc-400',
};
