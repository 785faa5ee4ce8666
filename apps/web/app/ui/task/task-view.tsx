'use client';

import type { Task, TaskDetail, TaskLogPage, TaskParameterVersion } from '@atropos/client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatDuration, shortId, taskDurationMs } from '../../lib/format';
import { useLiveTask } from '../../lib/live-tasks';
import { isFinalStatus } from '../../lib/task-status';
import { useNow } from '../../lib/use-now';
import { useRefreshOnChange } from '../../lib/use-refresh-on-change';
import { LabelChips } from '../label-chips';
import { LiveIndicator } from '../live-indicator';
import { ProgressBar } from '../progress-bar';
import { RelativeTime } from '../relative-time';
import { StatusBadge } from '../status-badge';
import { ArtifactList } from './artifact-list';
import { LogViewer } from './log-viewer';
import { ParameterVersions } from './parameter-versions';
import { Fields, RawJson, ResultView } from './result-view';
import { TaskActions } from './task-actions';
import { Allowed } from '../allowed';

/** A task's page: it follows the task live, and re-reads the whole task when its status changes. */
export function TaskView({
  task: initial,
  logs,
  versions,
  traceUrl,
}: {
  task: TaskDetail;
  logs: { page: TaskLogPage } | { error: string };
  /** Every version of its parameters, oldest first. */
  versions: TaskParameterVersion[];
  traceUrl?: string;
}) {
  const task = useLiveTask(initial);
  // What the server rendered beside the task (its parameter versions with the attempts each ran,
  // its logs, its artifacts) is read again when its status changes, as the run graph does.
  useRefreshOnChange(task.status);
  const final = isFinalStatus(task.status);
  const now = useNow();
  const duration = taskDurationMs(task, now ?? Date.parse(task.updated_at));

  if (task.deleted) {
    return (
      <div role="status" className="card p-6">
        <p className="font-medium">This task was deleted.</p>
        <Link href="/tasks" className="mt-2 inline-block text-sm text-brand hover:underline">
          Back to the tasks
        </Link>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <p className="text-sm text-muted">
            <Link href="/tasks" className="hover:underline">
              Tasks
            </Link>{' '}
            /
          </p>
          <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
            {task.name ?? task.task_type}
            <span data-testid="task-status">
              <StatusBadge status={task.status} />
            </span>
          </h1>
          <p className="mt-1 font-mono text-xs break-all text-muted">
            {task.name ? `${task.task_type} · ` : ''}
            {task.id}
          </p>
          <LabelChips labels={task.labels} />
        </div>
        <div className="flex flex-col items-start gap-2 sm:items-end">
          <LiveIndicator />
          <Allowed role="operator">
            <TaskActions id={task.id} status={task.status} parameters={task.parameters} />
          </Allowed>
        </div>
      </div>

      <Section title="Progress">
        <ProgressBar
          progress={task.progress}
          status={task.status}
          message={task.progress_message}
          label="Progress of this task"
          size="lg"
        />
        <dl className="mt-4 grid grid-cols-2 gap-x-4 gap-y-3 text-sm sm:grid-cols-4">
          <Item label="Attempts">
            <span data-testid="task-attempts">
              {task.attempts} of {task.max_attempts}
            </span>
          </Item>
          <Item label="Worker">{task.worker_id ? <span className="font-mono text-xs break-all">{task.worker_id}</span> : '–'}</Item>
          <Item label={final ? 'Took' : 'Running for'}>{duration === null ? '–' : formatDuration(duration)}</Item>
          <Item label="Priority">{task.priority} (1 most urgent)</Item>
          {task.concurrency ? (
            <Item label="Concurrency key">
              <span data-testid="task-concurrency">
                {task.concurrency.key}
                {task.concurrency.limit === undefined ? '' : ` (at most ${task.concurrency.limit} at once)`}
              </span>
            </Item>
          ) : null}
        </dl>
      </Section>

      {task.waiting_reason && (task.status === 'pending' || task.status === 'retrying') ? (
        <p
          role="status"
          data-testid="waiting-reason"
          className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          {task.waiting_reason}
        </p>
      ) : null}

      {task.error && !(task.status === 'completed') ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
          <p className="font-medium">{task.status === 'failed' ? 'Failed' : 'Last attempt failed'}</p>
          <p className="mt-1 font-mono text-xs break-words whitespace-pre-wrap">{task.error}</p>
        </div>
      ) : null}

      {task.status === 'completed' ? (
        <Section title="Result">
          <ResultView taskType={task.task_type} result={task.result} />
        </Section>
      ) : null}

      {task.artifacts.length > 0 || final ? (
        <Section title={`Files (${task.artifacts.length})`}>
          <ArtifactList taskId={task.id} artifacts={task.artifacts} />
        </Section>
      ) : null}

      <Section title="Log">
        <LogViewer
          taskId={task.id}
          initialLines={'page' in logs ? logs.page.data : []}
          more={'page' in logs && logs.page.next_cursor !== null}
          loadError={'error' in logs ? logs.error : undefined}
          running={!final}
        />
      </Section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Timeline">
          <Timeline task={task} />
        </Section>
        <Section title="Parameters">
          {Object.keys(task.parameters).length > 0 ? <Fields values={task.parameters} /> : <p className="text-sm text-muted">None.</p>}
          <ParameterVersions versions={versions} />
          <dl className="mt-4 grid grid-cols-2 gap-x-4 gap-y-3 border-t border-border pt-4 text-sm">
            <Item label="Timeout per attempt">{formatDuration(task.timeout_s * 1000)}</Item>
            <Item label="Scheduled for">{task.scheduled_for ? <RelativeTime iso={task.scheduled_for} mode="absolute" /> : 'at once'}</Item>
            {task.trace_id ? (
              <Item label="Trace">
                {traceUrl ? (
                  <a
                    href={traceUrl}
                    className="font-mono text-xs break-all text-brand hover:underline"
                    target="_blank"
                    rel="noreferrer"
                    data-testid="trace-link"
                  >
                    {task.trace_id}
                  </a>
                ) : (
                  <span className="font-mono text-xs break-all">{task.trace_id}</span>
                )}
              </Item>
            ) : null}
            {task.workflow_run_id ? (
              <Item label="Workflow">
                <Link href={`/workflows/runs/${task.workflow_run_id}`} className="text-brand hover:underline">
                  step {(task.workflow_step ?? 0) + 1} of run {shortId(task.workflow_run_id)}
                </Link>
              </Item>
            ) : null}
          </dl>
        </Section>
      </div>

      <Section title={`Attempts that failed (${task.attempt_errors.length})`}>
        {task.attempt_errors.length === 0 ? (
          <p className="text-sm text-muted">No attempt has failed.</p>
        ) : (
          <ol className="space-y-3" data-testid="attempt-errors">
            {task.attempt_errors.map((attempt) => (
              <li key={`${attempt.attempt}-${attempt.failed_at}`} className="rounded-md border border-red-200 bg-red-50/50 p-3">
                <p className="flex flex-wrap justify-between gap-2 text-xs text-muted">
                  <span className="font-medium text-red-800">Attempt {attempt.attempt}</span>
                  <span>
                    {attempt.worker_id ? <span className="font-mono">{attempt.worker_id}</span> : null} ·{' '}
                    <RelativeTime iso={attempt.failed_at} mode="absolute" />
                  </span>
                </p>
                <p className="mt-1 font-mono text-xs break-words whitespace-pre-wrap text-red-900">{attempt.error}</p>
              </li>
            ))}
          </ol>
        )}
      </Section>

      <RawJson label="The whole task (JSON)" value={task} />
    </div>
  );
}

interface TimelineEntry {
  at: string;
  label: string;
  detail?: string;
  tone: 'neutral' | 'info' | 'bad' | 'good';
}

/**
 * The task's history as its timestamps tell it: created, scheduled, each failed attempt, the
 * current attempt's start and the end.
 */
function Timeline({ task }: { task: Task }) {
  const entries: TimelineEntry[] = [{ at: task.created_at, label: 'Created', tone: 'neutral' }];
  if (task.scheduled_for) entries.push({ at: task.scheduled_for, label: 'Due', detail: 'scheduled start', tone: 'neutral' });
  for (const attempt of task.attempt_errors) {
    entries.push({
      at: attempt.failed_at,
      label: `Attempt ${attempt.attempt} failed`,
      detail: attempt.worker_id ?? undefined,
      tone: 'bad',
    });
  }
  if (task.started_at) {
    entries.push({ at: task.started_at, label: `Attempt ${task.attempts} started`, detail: task.worker_id ?? undefined, tone: 'info' });
  }
  if (task.completed_at && isFinalStatus(task.status)) {
    entries.push({
      at: task.completed_at,
      label: capitalize(task.status),
      tone: task.status === 'completed' ? 'good' : task.status === 'failed' ? 'bad' : 'neutral',
    });
  } else if (!isFinalStatus(task.status)) {
    entries.push({ at: task.updated_at, label: `Now ${task.status}`, detail: task.progress_message ?? undefined, tone: 'info' });
  }
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const dot = { neutral: 'bg-slate-400', info: 'bg-blue-500', bad: 'bg-red-500', good: 'bg-emerald-500' };
  return (
    <ol className="relative space-y-4 border-l border-border pl-5" data-testid="timeline">
      {entries.map((entry, index) => (
        <li key={`${entry.label}-${index}`} className="relative">
          <span
            aria-hidden="true"
            className={`absolute top-1.5 -left-[1.6rem] size-2.5 rounded-full ring-4 ring-white ${dot[entry.tone]}`}
          />
          <p className="text-sm font-medium">{entry.label}</p>
          <p className="text-xs text-muted">
            <RelativeTime iso={entry.at} mode="absolute" />
            {entry.detail ? <span className="break-all"> · {entry.detail}</span> : null}
          </p>
        </li>
      ))}
    </ol>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card p-4 sm:p-5" aria-label={title}>
      <h2 className="mb-3 font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
