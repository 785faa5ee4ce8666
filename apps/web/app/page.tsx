import type { Health } from '@atropos/client';
import Link from 'next/link';
import { getHealth, getPendingApprovals, getQueue, getQueues, getStats, getTaskStatuses } from './lib/data';
import { LiveTasks } from './lib/live-tasks';
import { PendingApprovals } from './ui/dashboard/pending-approvals';
import { QueuePanel } from './ui/dashboard/queue-panel';
import { QueuesPanel } from './ui/dashboard/queues-panel';
import { StatusCounts } from './ui/dashboard/status-counts';
import { ThroughputChart } from './ui/dashboard/throughput-chart';
import { TypeCounts } from './ui/dashboard/type-counts';
import { WorkersPanel } from './ui/dashboard/workers-panel';
import { LiveIndicator } from './ui/live-indicator';
import { ErrorState, PageHeader } from './ui/states';

export const dynamic = 'force-dynamic';

/** Worker heartbeats and queue depth come with no event: the dashboard also re-reads on a timer. */
const REFRESH_EVERY_MS = 5_000;

export default async function DashboardPage() {
  const [stats, health, queue, queues, approvals] = await Promise.all([
    getStats(),
    getHealth(),
    getQueue(),
    getQueues(),
    getPendingApprovals(),
  ]);
  const workers = health.ok ? health.data.workers.live : [];
  const running = await getTaskStatuses(workers.flatMap((worker) => worker.active_task_ids).slice(0, 50));
  return (
    <LiveTasks refreshOn="any" refreshEveryMs={REFRESH_EVERY_MS}>
      <PageHeader title="Dashboard" description="What the workers are doing, as it happens.">
        <LiveIndicator />
      </PageHeader>
      <div className="space-y-6">
        {stats.ok ? (
          <>
            <StatusCounts stats={stats.data} />
            {stats.data.total === 0 ? (
              <p className="text-sm text-muted">
                No task yet.{' '}
                <Link href="/tasks/new" className="font-medium text-brand hover:underline">
                  Create the first one
                </Link>
                .
              </p>
            ) : null}
          </>
        ) : (
          <ErrorState title="Task counts are unavailable" message={stats.message} />
        )}
        {health.ok && health.data.status !== 'ok' ? <HealthWarning health={health.data} /> : null}
        <div className="grid gap-6 lg:grid-cols-3">
          <div className="space-y-6 lg:col-span-2">
            {stats.ok ? <ThroughputChart stats={stats.data} /> : null}
            {health.ok ? (
              <WorkersPanel workers={workers} tasks={running} />
            ) : (
              <ErrorState title="Workers are unavailable" message={health.message} />
            )}
          </div>
          <div className="space-y-6">
            {approvals.ok ? (
              <PendingApprovals approvals={approvals.data} />
            ) : (
              <ErrorState title="Pending approvals are unavailable" message={approvals.message} />
            )}
            {queue.ok ? <QueuePanel queue={queue.data} /> : <ErrorState title="The queue is unavailable" message={queue.message} />}
            {queues.ok ? (
              <QueuesPanel queues={queues.data.data} />
            ) : (
              <ErrorState title="The queues are unavailable" message={queues.message} />
            )}
            {stats.ok ? <TypeCounts stats={stats.data} /> : null}
          </div>
        </div>
      </div>
    </LiveTasks>
  );
}

function HealthWarning({ health }: { health: Health }) {
  const problems = [
    health.database.status === 'down' ? `PostgreSQL is down${health.database.error ? ` (${health.database.error})` : ''}` : null,
    health.redis.status === 'down' ? `Redis is down${health.redis.error ? ` (${health.redis.error})` : ''}` : null,
    health.status === 'degraded' ? 'No worker is alive: tasks wait until one starts.' : null,
  ].filter(Boolean);
  return (
    <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <p className="font-medium">Atropos is {health.status}</p>
      <ul className="mt-1 list-disc pl-5">
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}
