import type { Metadata } from 'next';
import Link from 'next/link';
import { listSchedules } from '../lib/data';
import { Allowed } from '../ui/allowed';
import { RelativeTime } from '../ui/relative-time';
import { ScheduleActions } from '../ui/schedules/schedule-actions';
import { EmptyState, ErrorState, PageHeader } from '../ui/states';
import { StatusBadge } from '../ui/status-badge';

export const metadata: Metadata = { title: 'Schedules' };
export const dynamic = 'force-dynamic';

export default async function SchedulesPage() {
  const schedules = await listSchedules();
  return (
    <>
      <PageHeader
        title="Schedules"
        description={
          <>
            Tasks created on a cron, each slot once whatever the number of API replicas. Also declared in <code>config/schedules.json</code>{' '}
            (README, “Schedules”).
          </>
        }
      >
        <Link href="/schedules/new" className="btn-primary">
          New schedule
        </Link>
      </PageHeader>
      {!schedules.ok ? (
        <ErrorState title="Could not load the schedules" message={schedules.message} />
      ) : schedules.data.length === 0 ? (
        <EmptyState title="No schedule yet">
          <Link href="/schedules/new" className="text-brand hover:underline">
            Create one
          </Link>{' '}
          or declare it in config/schedules.json.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2">
          {schedules.data.map((schedule) => (
            <li key={schedule.id} data-schedule={schedule.name} data-enabled={schedule.enabled} className="card flex flex-col gap-3 p-4">
              <div className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  <h2 className="font-semibold text-ink">
                    {schedule.name}
                    {schedule.enabled ? null : (
                      <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">paused</span>
                    )}
                    {schedule.source === 'config' ? (
                      <span className="ml-2 text-xs font-normal text-muted">config/schedules.json</span>
                    ) : null}
                  </h2>
                  <p className="mt-0.5 text-sm text-muted">
                    <code className="font-mono">{schedule.cron}</code> in {schedule.timezone} →{' '}
                    <span className="font-mono">{schedule.task_type}</span>, overlap {schedule.overlap}, catch up {schedule.catch_up}
                  </p>
                </div>
                <Allowed role="admin">
                  <ScheduleActions
                    id={schedule.id}
                    name={schedule.name}
                    enabled={schedule.enabled}
                    declared={schedule.source === 'config'}
                  />
                </Allowed>
              </div>
              <div>
                <h3 className="text-xs font-medium uppercase tracking-wide text-muted">Next runs</h3>
                {schedule.next_runs.length === 0 ? (
                  <p className="text-sm text-muted">None while paused.</p>
                ) : (
                  <ol aria-label={`Next runs of ${schedule.name}`} className="mt-1 space-y-0.5 text-sm tabular-nums">
                    {schedule.next_runs.map((run) => (
                      <li key={run}>
                        <RelativeTime iso={run} mode="absolute" />
                      </li>
                    ))}
                  </ol>
                )}
              </div>
              <p className="text-sm text-muted">
                Last fired:{' '}
                {schedule.last_fire ? (
                  <>
                    <RelativeTime iso={schedule.last_fire.fired_at} /> ({schedule.last_fire.trigger}, {schedule.last_fire.outcome}
                    {schedule.last_fire.task_id ? (
                      <>
                        {' '}
                        <Link href={`/tasks/${schedule.last_fire.task_id}`} className="text-brand hover:underline">
                          task
                        </Link>
                        {schedule.last_fire.task_status ? (
                          <>
                            {' '}
                            <StatusBadge status={schedule.last_fire.task_status} />
                          </>
                        ) : null}
                      </>
                    ) : null}
                    )
                  </>
                ) : (
                  'never'
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
