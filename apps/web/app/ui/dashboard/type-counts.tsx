import type { TaskStats } from '@atropos/client';
import Link from 'next/link';
import { formatDuration, formatNumber } from '../../lib/format';

/** Tasks per type, with the median and p95 duration of those completed in the last 24 hours. */
export function TypeCounts({ stats }: { stats: TaskStats }) {
  const types = Object.entries(stats.by_type).sort(([, a], [, b]) => b - a);
  const max = Math.max(1, ...types.map(([, count]) => count));
  return (
    <section aria-labelledby="by-type" className="card p-4">
      <h2 id="by-type" className="font-semibold">
        By type
      </h2>
      <table className="mt-3 w-full text-sm">
        <thead className="text-left text-xs text-muted">
          <tr>
            <th scope="col" className="pb-2 font-medium">
              Type
            </th>
            <th scope="col" className="pb-2 text-right font-medium">
              Tasks
            </th>
            <th scope="col" className="hidden pb-2 pl-3 text-right font-medium sm:table-cell">
              <abbr title="Median duration of the tasks completed in the last 24 hours">p50</abbr>
            </th>
            <th scope="col" className="hidden pb-2 pl-3 text-right font-medium sm:table-cell">
              <abbr title="95th percentile duration of the tasks completed in the last 24 hours">p95</abbr>
            </th>
          </tr>
        </thead>
        <tbody>
          {types.map(([type, count]) => {
            const durations = stats.durations.by_type[type];
            return (
              <tr key={type} className="border-t border-border">
                <td className="py-2 pr-3">
                  <Link href={`/tasks?type=${type}`} className="font-mono text-xs hover:underline">
                    {type}
                  </Link>
                  <div aria-hidden="true" className="mt-1 h-1 rounded-full bg-slate-100">
                    <div className="h-1 rounded-full bg-brand" style={{ width: `${(count / max) * 100}%` }} />
                  </div>
                </td>
                <td className="py-2 text-right tabular-nums" data-testid={`type-count-${type}`}>
                  {formatNumber(count)}
                </td>
                <td className="hidden py-2 pl-3 text-right tabular-nums text-muted sm:table-cell">
                  {durations?.p50_ms != null ? formatDuration(durations.p50_ms) : '–'}
                </td>
                <td className="hidden py-2 pl-3 text-right tabular-nums text-muted sm:table-cell">
                  {durations?.p95_ms != null ? formatDuration(durations.p95_ms) : '–'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
