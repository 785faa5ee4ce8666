import type { TaskStats } from '@atropos/client';
import { formatNumber } from '../../lib/format';

const WIDTH = 600;
const HEIGHT = 160;
const BAR_GAP = 2;

/**
 * Completions and final failures per minute over the last hour: stacked bars, completed below
 * failed. The figures are also in the caption and a hidden table, for screen readers.
 */
export function ThroughputChart({ stats }: { stats: TaskStats }) {
  const minutes = stats.throughput.per_minute;
  const completed = minutes.reduce((sum, minute) => sum + minute.completed, 0);
  const failed = minutes.reduce((sum, minute) => sum + minute.failed, 0);
  const peak = Math.max(0, ...minutes.map((minute) => minute.completed + minute.failed));
  const scale = niceCeiling(peak);
  const barWidth = WIDTH / Math.max(1, minutes.length);
  return (
    <section aria-labelledby="throughput" className="card p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="throughput" className="font-semibold">
          Throughput, last hour
        </h2>
        <p className="flex gap-3 text-xs text-muted">
          <span className="flex items-center gap-1">
            <span aria-hidden="true" className="size-2.5 rounded-sm bg-emerald-500" /> completed{' '}
            <strong className="tabular-nums text-ink" data-testid="throughput-completed">
              {formatNumber(completed)}
            </strong>
          </span>
          <span className="flex items-center gap-1">
            <span aria-hidden="true" className="size-2.5 rounded-sm bg-red-500" /> failed{' '}
            <strong className="tabular-nums text-ink">{formatNumber(failed)}</strong>
          </span>
        </p>
      </div>
      <figure className="mt-3">
        <div className="flex gap-2">
          <div
            aria-hidden="true"
            className="flex h-40 flex-col justify-between text-right text-[10px] leading-none text-muted tabular-nums"
          >
            <span>{formatNumber(scale)}</span>
            <span>{formatNumber(scale / 2)}</span>
            <span>0</span>
          </div>
          <svg
            viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
            preserveAspectRatio="none"
            className="h-40 w-0 min-w-0 flex-1 overflow-visible"
            role="img"
            aria-label={`Per minute over the last hour: ${completed} completed, ${failed} failed; at most ${peak} in one minute.`}
          >
            {[0, 0.5, 1].map((fraction) => (
              <line
                key={fraction}
                x1={0}
                x2={WIDTH}
                y1={HEIGHT * fraction}
                y2={HEIGHT * fraction}
                className="stroke-slate-200"
                strokeWidth={1}
                vectorEffect="non-scaling-stroke"
              />
            ))}
            {minutes.map((minute, index) => {
              const okHeight = (minute.completed / scale) * HEIGHT;
              const failHeight = (minute.failed / scale) * HEIGHT;
              const x = index * barWidth + BAR_GAP / 2;
              const width = Math.max(1, barWidth - BAR_GAP);
              return (
                <g key={minute.minute}>
                  <title>{`${minute.minute.slice(11, 16)} UTC: ${minute.completed} completed, ${minute.failed} failed`}</title>
                  <rect x={x} y={HEIGHT - okHeight} width={width} height={okHeight} className="fill-emerald-500" />
                  <rect x={x} y={HEIGHT - okHeight - failHeight} width={width} height={failHeight} className="fill-red-500" />
                </g>
              );
            })}
          </svg>
        </div>
        <figcaption className="mt-1 flex justify-between pl-6 text-[11px] text-muted">
          <span>60 min ago</span>
          <span>30 min ago</span>
          <span>now</span>
        </figcaption>
      </figure>
    </section>
  );
}

/** A round number at or above `value` for the top of the axis: 1, 2, 5, 10, 20, 50… */
function niceCeiling(value: number): number {
  if (value <= 2) return 2;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}
