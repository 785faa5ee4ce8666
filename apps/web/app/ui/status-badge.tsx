import type { TaskStatus, WorkflowRunStatus, WorkflowStepStatus } from '@atropos/client';

/** Tasks', workflow runs' and workflow steps' statuses share one set of colours. */
type AnyStatus = TaskStatus | WorkflowRunStatus | WorkflowStepStatus;

/** `color` fills the badge's dot, progress bars and count markers; `live` statuses pulse their dot. */
const STYLES: Record<AnyStatus, { className: string; color: string; live?: true }> = {
  waiting: { className: 'bg-white text-slate-500 ring-slate-300', color: 'bg-slate-300' },
  running: { className: 'bg-blue-50 text-blue-800 ring-blue-300', color: 'bg-blue-500', live: true },
  paused: { className: 'bg-amber-50 text-amber-800 ring-amber-300', color: 'bg-amber-500' },
  pending: { className: 'bg-slate-100 text-slate-700 ring-slate-300', color: 'bg-slate-400' },
  processing: { className: 'bg-blue-50 text-blue-800 ring-blue-300', color: 'bg-blue-500', live: true },
  retrying: { className: 'bg-amber-50 text-amber-800 ring-amber-300', color: 'bg-amber-500' },
  completed: { className: 'bg-emerald-50 text-emerald-800 ring-emerald-300', color: 'bg-emerald-500' },
  failed: { className: 'bg-red-50 text-red-800 ring-red-300', color: 'bg-red-500' },
  cancelled: { className: 'bg-zinc-100 text-zinc-600 ring-zinc-300', color: 'bg-zinc-400' },
  skipped: { className: 'bg-white text-zinc-500 ring-zinc-300 line-through', color: 'bg-zinc-300' },
  awaiting_approval: { className: 'bg-violet-50 text-violet-800 ring-violet-300', color: 'bg-violet-500', live: true },
  approved: { className: 'bg-emerald-50 text-emerald-800 ring-emerald-300', color: 'bg-emerald-500' },
  rejected: { className: 'bg-red-50 text-red-800 ring-red-300', color: 'bg-red-500' },
};

/** The status in words, with a colour as a second cue (never colour alone). */
export function StatusBadge({ status }: { status: AnyStatus }) {
  const style = STYLES[status];
  return (
    <span
      data-status={status}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${style.color}${style.live ? ' animate-pulse' : ''}`} />
      {status.replace('_', ' ')}
    </span>
  );
}

/** The status colours on their own, for progress bars and count markers. */
export const STATUS_BAR_COLORS = Object.fromEntries(Object.entries(STYLES).map(([status, style]) => [status, style.color])) as Record<
  TaskStatus,
  string
>;
