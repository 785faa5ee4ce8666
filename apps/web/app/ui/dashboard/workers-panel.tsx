'use client';

import type { LiveWorker, TaskStatusView } from '@atropos/client';
import Link from 'next/link';
import { shortId } from '../../lib/format';
import { useLiveTask } from '../../lib/live-tasks';
import { isFinalStatus } from '../../lib/task-status';
import { ProgressBar } from '../progress-bar';
import { RelativeTime } from '../relative-time';
import { EmptyState } from '../states';

/** The live workers (those whose heartbeat is fresh), each with the tasks it runs right now. */
export function WorkersPanel({ workers, tasks }: { workers: LiveWorker[]; tasks: TaskStatusView[] }) {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  return (
    <section aria-labelledby="workers" className="card p-4">
      <h2 id="workers" className="font-semibold">
        Workers <span className="font-normal text-muted">({workers.length} live)</span>
      </h2>
      {workers.length === 0 ? (
        <div className="mt-3">
          <EmptyState title="No worker is alive">
            Tasks wait in the queue until one starts: <code className="font-mono">npm run start -w @atropos/worker</code>
          </EmptyState>
        </div>
      ) : (
        <ul className="mt-3 divide-y divide-border">
          {workers.map((worker) => {
            const active = worker.active_task_ids;
            return (
              <li key={worker.worker_id} className="py-3 first:pt-0 last:pb-0">
                <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                  <p className="font-mono text-sm break-all">{worker.worker_id}</p>
                  <p className="text-xs text-muted">
                    {active.length} of {worker.concurrency} slots busy · seen <RelativeTime iso={worker.seen_at} />
                  </p>
                </div>
                {active.length === 0 ? (
                  <p className="mt-1 text-sm text-muted">Idle</p>
                ) : (
                  <ul className="mt-2 space-y-2">
                    {active.map((id) => {
                      const task = byId.get(id);
                      return <li key={id}>{task ? <ActiveTask task={task} /> : <TaskLink id={id} label={shortId(id)} />}</li>;
                    })}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function ActiveTask({ task: initial }: { task: TaskStatusView }) {
  const task = useLiveTask(initial);
  // Heartbeats list a worker's tasks every few seconds; the events say sooner that one has ended.
  if (isFinalStatus(task.status) || task.deleted) return null;
  return (
    <div className="grid gap-x-3 gap-y-1 sm:grid-cols-[minmax(0,11rem)_1fr] sm:items-start">
      <div className="min-w-0 leading-tight">
        <TaskLink id={task.id} label={task.task_type} />
        <p className="font-mono text-[11px] text-muted">{shortId(task.id)}</p>
      </div>
      <ProgressBar
        progress={task.progress}
        status={task.status}
        message={task.progress_message}
        label={`Progress of task ${shortId(task.id)}`}
      />
    </div>
  );
}

function TaskLink({ id, label }: { id: string; label: string }) {
  return (
    <Link href={`/tasks/${id}`} className="block truncate font-mono text-xs text-brand hover:underline">
      {label}
    </Link>
  );
}
