import type { TaskStats } from '@atropos/client';
import Link from 'next/link';
import { formatNumber } from '../../lib/format';
import { TASK_STATUSES } from '../../lib/task-status';
import { STATUS_BAR_COLORS } from '../status-badge';

/** One tile per status, each a link to the tasks in it. */
export function StatusCounts({ stats }: { stats: TaskStats }) {
  return (
    <section aria-labelledby="by-status">
      <h2 id="by-status" className="sr-only">
        Tasks by status
      </h2>
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-7">
        <li className="card col-span-2 p-4 sm:col-span-3 lg:col-span-1">
          <p className="text-sm text-muted">All tasks</p>
          <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid="count-total">
            {formatNumber(stats.total)}
          </p>
        </li>
        {TASK_STATUSES.map((status) => (
          <li key={status}>
            <Link href={`/tasks?status=${status}`} className="card block p-4 hover:border-slate-300 hover:bg-slate-50">
              <p className="flex items-center gap-1.5 text-sm text-muted">
                <span aria-hidden="true" className={`size-2 rounded-full ${STATUS_BAR_COLORS[status]}`} />
                {status}
              </p>
              <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`count-${status}`}>
                {formatNumber(stats.by_status[status])}
              </p>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
