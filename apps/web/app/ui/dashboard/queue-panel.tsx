'use client';

import type { QueueState } from '@atropos/client';
import { controlQueue } from '../../lib/actions';
import { formatNumber } from '../../lib/format';
import { ActionButton } from '../action-button';
import { Allowed } from '../allowed';

/** Queue depth, and the buttons that pause, resume and flush it. */
export function QueuePanel({ queue }: { queue: QueueState }) {
  const figures = [
    { label: 'Waiting', value: queue.waiting, hint: 'ready to run' },
    { label: 'Active', value: queue.active, hint: 'held by workers' },
    { label: 'Delayed', value: queue.delayed, hint: 'scheduled or backing off' },
  ];
  return (
    <section aria-labelledby="queue" className="card p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="queue" className="font-semibold">
          Queue
        </h2>
        <span
          data-testid="queue-state"
          className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${queue.paused ? 'bg-amber-50 text-amber-900 ring-amber-300' : 'bg-emerald-50 text-emerald-800 ring-emerald-300'}`}
        >
          {queue.paused ? 'Paused' : 'Running'}
        </span>
      </div>
      <dl className="mt-3 grid grid-cols-3 gap-2">
        {figures.map((figure) => (
          <div key={figure.label} className="rounded-md bg-slate-50 p-2">
            <dt className="text-xs text-muted" title={figure.hint}>
              {figure.label}
            </dt>
            <dd className="text-xl font-semibold tabular-nums">{formatNumber(figure.value)}</dd>
          </div>
        ))}
      </dl>
      <Allowed role="admin">
        <div className="mt-4 flex flex-wrap items-center gap-2">
          {queue.paused ? (
            <ActionButton label="Resume queue" variant="primary" run={() => controlQueue('resume')} />
          ) : (
            <ActionButton label="Pause queue" run={() => controlQueue('pause')} />
          )}
          <ActionButton
            label="Flush queue"
            variant="danger"
            run={() => controlQueue('flush')}
            confirm={{
              title: 'Flush the queue?',
              body: 'Every pending and retrying task will be cancelled. Running tasks are left alone. This cannot be undone, though each cancelled task can be retried by hand.',
              confirmLabel: 'Cancel waiting tasks',
            }}
          />
        </div>
      </Allowed>
    </section>
  );
}
