'use client';

import type { QueueSummary } from '@atropos/client';
import { controlQueue } from '../../lib/actions';
import { formatNumber } from '../../lib/format';
import { ActionButton } from '../action-button';
import { Allowed } from '../allowed';

/**
 * Each queue (pool of workers: `default`, `video`…): its depth and live workers, with a pause or
 * resume of its own. A queue with tasks and no worker says so: they wait until one starts.
 */
export function QueuesPanel({ queues }: { queues: QueueSummary[] }) {
  return (
    <section aria-labelledby="queues" className="card p-4">
      <h2 id="queues" className="font-semibold">
        Queues
      </h2>
      <table className="mt-3 w-full text-sm" data-testid="queues">
        <thead>
          <tr className="text-left text-xs text-muted">
            <th className="pb-1 font-medium">Queue</th>
            <th className="pb-1 text-right font-medium" title="ready to run">
              Waiting
            </th>
            <th className="pb-1 text-right font-medium" title="held by workers">
              Active
            </th>
            <th className="pb-1 text-right font-medium" title="scheduled, backing off, or held by a limit">
              Delayed
            </th>
            <th className="pb-1 text-right font-medium" title="live workers serving it">
              Workers
            </th>
            <th className="pb-1" />
          </tr>
        </thead>
        <tbody>
          {queues.map((queue) => (
            <tr key={queue.name} data-testid={`queue-${queue.name}`} className="border-t border-slate-100">
              <td className="py-1.5">
                <span className="font-mono text-xs">{queue.name}</span>
                {queue.paused ? <span className="ml-2 text-xs font-medium text-amber-800">paused</span> : null}
                {queue.workers === 0 && queue.waiting + queue.delayed > 0 ? (
                  <p role="status" className="text-xs text-amber-800">
                    No live worker serves it: its tasks wait.
                  </p>
                ) : null}
              </td>
              <td className="py-1.5 text-right tabular-nums">{formatNumber(queue.waiting)}</td>
              <td className="py-1.5 text-right tabular-nums">{formatNumber(queue.active)}</td>
              <td className="py-1.5 text-right tabular-nums">{formatNumber(queue.delayed)}</td>
              <td className="py-1.5 text-right tabular-nums">{formatNumber(queue.workers)}</td>
              <td className="py-1.5 pl-2 text-right">
                <Allowed role="admin">
                  {queue.paused ? (
                    <ActionButton label={`Resume ${queue.name}`} run={() => controlQueue('resume', queue.name)} />
                  ) : (
                    <ActionButton label={`Pause ${queue.name}`} run={() => controlQueue('pause', queue.name)} />
                  )}
                </Allowed>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
