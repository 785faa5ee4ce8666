import type { TaskStatus } from '@atropos/client';
import { STATUS_BAR_COLORS } from './status-badge';

export function ProgressBar({
  progress,
  status,
  message,
  label,
  size = 'sm',
}: {
  progress: number;
  status: TaskStatus;
  message?: string | null;
  /** What the bar measures, for screen readers ("Progress of task 1a2b3c"). */
  label: string;
  size?: 'sm' | 'lg';
}) {
  const value = Math.max(0, Math.min(100, Math.round(progress)));
  return (
    <div className="min-w-0">
      <div className="flex items-center gap-2">
        <div
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={value}
          aria-valuetext={message ? `${value}%: ${message}` : `${value}%`}
          className={`w-full overflow-hidden rounded-full bg-slate-200 ${size === 'lg' ? 'h-3' : 'h-1.5'}`}
        >
          <div
            className={`h-full rounded-full transition-[width] duration-500 ${STATUS_BAR_COLORS[status]}`}
            style={{ width: `${value}%` }}
          />
        </div>
        <span
          className={`shrink-0 tabular-nums text-muted ${size === 'lg' ? 'w-12 text-right text-sm font-medium' : 'w-9 text-right text-xs'}`}
        >
          {value}%
        </span>
      </div>
      {message ? (
        <p className={`mt-1 truncate text-muted ${size === 'lg' ? 'text-sm' : 'text-xs'}`} title={message}>
          {message}
        </p>
      ) : null}
    </div>
  );
}
