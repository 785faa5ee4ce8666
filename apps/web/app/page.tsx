import type { Health } from '@atropos/client';
import Link from 'next/link';
import { getDashboard } from './lib/data';
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
  // One request for everything on the page; a part the API could not read is null, with its reason in `errors`.
  const dashboard = await getDashboard();
  const header = (
    <PageHeader title="Dashboard" description="What the workers are doing, as it happens.">
      <LiveIndicator />
    </PageHeader>
  );
  if (!dashboard.ok) {
    return (
      <LiveTasks refreshOn="any" refreshEveryMs={REFRESH_EVERY_MS}>
        {header}
        <ErrorState title="The dashboard is unavailable" message={dashboard.message} />
      </LiveTasks>
    );
  }
  const { stats, health, queue, queues, pending_approvals: approvals, running, errors } = dashboard.data;
  return (
    <LiveTasks refreshOn="any" refreshEveryMs={REFRESH_EVERY_MS}>
      {header}
      <div className="space-y-6">
        {stats ? (
          <>
            <StatusCounts stats={stats} />
            {stats.total === 0 ? (
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
          <ErrorState title="Task counts are unavailable" message={unavailable('Task statistics', errors.stats)} />
        )}
        {health.status !== 'ok' ? <HealthWarning health={health} /> : null}
        <div className="grid gap-6 lg:grid-cols-3">
          <div className="space-y-6 lg:col-span-2">
            {stats ? <ThroughputChart stats={stats} /> : null}
            {running ? (
              <WorkersPanel workers={health.workers.live} tasks={running} />
            ) : (
              <ErrorState title="Workers are unavailable" message={unavailable('Running tasks', errors.running)} />
            )}
          </div>
          <div className="space-y-6">
            {approvals ? (
              <PendingApprovals approvals={approvals} />
            ) : (
              <ErrorState title="Pending approvals are unavailable" message={unavailable('Pending approvals', errors.pending_approvals)} />
            )}
            {queue ? (
              <QueuePanel queue={queue} />
            ) : (
              <ErrorState title="The queue is unavailable" message={unavailable('Queue', errors.queue)} />
            )}
            {queues ? (
              <QueuesPanel queues={queues} />
            ) : (
              <ErrorState title="The queues are unavailable" message={unavailable('Queues', errors.queues)} />
            )}
            {stats ? <TypeCounts stats={stats} /> : null}
          </div>
        </div>
      </div>
    </LiveTasks>
  );
}

/** The message of a part the API could not read, named as the page named its own request before. */
function unavailable(what: string, reason: string | undefined): string {
  return `${what}: ${reason ?? 'the API could not read it'}`;
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
