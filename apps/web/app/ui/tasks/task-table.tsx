'use client';

import type { TaskSummary } from '@atropos/client';
import Link from 'next/link';
import { formatDuration, shortId, taskDurationMs } from '../../lib/format';
import { useLiveTask } from '../../lib/live-tasks';
import { useNow } from '../../lib/use-now';
import { LabelChips } from '../label-chips';
import { ProgressBar } from '../progress-bar';
import { RelativeTime } from '../relative-time';
import { StatusBadge } from '../status-badge';
import { PageCheckbox, RowCheckbox } from './task-selection';

/**
 * The tasks of one page of the list; each row follows its task live. A table from small tablets
 * up; on a phone, one card per task (a table that wide would scroll sideways). Inside a
 * TaskSelection, each row has a checkbox for the bulk actions.
 */
export function TaskTable({ tasks }: { tasks: TaskSummary[] }) {
  const now = useNow();
  return (
    <>
      <ul className="space-y-3 sm:hidden" aria-label="Tasks, newest first">
        {tasks.map((task) => (
          <TaskCard key={task.id} task={task} now={now} />
        ))}
      </ul>
      <div className="card hidden overflow-x-auto sm:block">
        <table className="w-full min-w-[36rem] text-sm">
          <caption className="sr-only">Tasks, newest first</caption>
          <thead className="border-b border-border bg-slate-50 text-left text-xs text-muted">
            <tr>
              <th scope="col" className="w-8 py-2.5 pl-4 pr-0 font-medium">
                <PageCheckbox />
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Task
              </th>
              <th scope="col" className="px-3 py-2.5 font-medium">
                Status
              </th>
              <th scope="col" className="w-2/5 px-3 py-2.5 font-medium">
                Progress
              </th>
              <th scope="col" className="hidden px-3 py-2.5 font-medium md:table-cell">
                Created
              </th>
              <th scope="col" className="px-4 py-2.5 text-right font-medium">
                Duration
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {tasks.map((task) => (
              <TaskRow key={task.id} task={task} now={now} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function TaskCard({ task: initial, now }: { task: TaskSummary; now: number | null }) {
  const task = useLiveTask(initial);
  const duration = now === null ? null : taskDurationMs(task, now);
  return (
    <li data-task-id={task.id} data-status={task.status} className={`card p-3 ${task.deleted ? 'opacity-50' : ''}`}>
      <div className="flex items-start justify-between gap-2">
        <RowCheckbox id={task.id} label={`${task.name ?? task.task_type} ${shortId(task.id)}`} />
        <div className="min-w-0 flex-1">
          <TaskTitle task={task} />
        </div>
        {task.deleted ? <span className="text-xs text-muted">deleted</span> : <StatusBadge status={task.status} />}
      </div>
      <div className="mt-2">
        <ProgressBar
          progress={task.progress}
          status={task.status}
          message={task.progress_message}
          label={`Progress of ${task.task_type} ${shortId(task.id)}`}
        />
      </div>
      <p className="mt-1 flex justify-between text-xs text-muted">
        <span>
          <RelativeTime iso={task.created_at} />
          {task.attempts > 1 ? ` · attempt ${task.attempts} of ${task.max_attempts}` : ''}
        </span>
        <span className="tabular-nums">{duration === null ? '' : formatDuration(duration)}</span>
      </p>
    </li>
  );
}

function TaskRow({ task: initial, now }: { task: TaskSummary; now: number | null }) {
  const task = useLiveTask(initial);
  const duration = now === null ? null : taskDurationMs(task, now);
  return (
    <tr data-task-id={task.id} data-status={task.status} className={task.deleted ? 'opacity-50' : 'hover:bg-slate-50'}>
      <td className="py-3 pl-4 pr-0 align-top">
        <RowCheckbox id={task.id} label={`${task.name ?? task.task_type} ${shortId(task.id)}`} />
      </td>
      <td className="px-4 py-3 align-top">
        <TaskTitle task={task} />
      </td>
      <td className="px-3 py-3 align-top">
        {task.deleted ? <span className="text-xs text-muted">deleted</span> : <StatusBadge status={task.status} />}
        {task.attempts > 1 ? (
          <p className="mt-1 text-xs text-muted">
            attempt {task.attempts} of {task.max_attempts}
          </p>
        ) : null}
      </td>
      <td className="px-3 py-3 align-top">
        <ProgressBar
          progress={task.progress}
          status={task.status}
          message={task.progress_message}
          label={`Progress of ${task.task_type} ${shortId(task.id)}`}
        />
      </td>
      <td className="hidden px-3 py-3 align-top text-muted md:table-cell">
        <RelativeTime iso={task.created_at} />
      </td>
      <td className="px-4 py-3 text-right align-top tabular-nums text-muted">{duration === null ? '–' : formatDuration(duration)}</td>
    </tr>
  );
}

/** The task's name when it has one (its type beside the id otherwise), and its labels. */
function TaskTitle({ task }: { task: TaskSummary }) {
  return (
    <>
      <Link href={`/tasks/${task.id}`} className="font-medium text-ink hover:text-brand hover:underline">
        {task.name ?? task.task_type}
      </Link>
      <p className="font-mono text-xs text-muted">
        {task.name ? `${task.task_type} · ` : ''}
        {shortId(task.id)}
      </p>
      <LabelChips labels={task.labels} />
    </>
  );
}
