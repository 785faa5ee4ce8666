import type { Metadata } from 'next';
import Link from 'next/link';
import { getTaskTypes, listTasks } from '../lib/data';
import { LiveTasks } from '../lib/live-tasks';
import { filterQuery, hasFilters, readFilters, tasksHref, toApiQuery } from '../lib/task-filters';
import { LiveIndicator } from '../ui/live-indicator';
import { EmptyState, ErrorState, PageHeader } from '../ui/states';
import { TaskFilters } from '../ui/tasks/task-filters';
import { TaskSelection } from '../ui/tasks/task-selection';
import { TaskTable } from '../ui/tasks/task-table';

export const metadata: Metadata = { title: 'Tasks' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 25;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TasksPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const cursor = (Array.isArray(params.cursor) ? params.cursor[0] : params.cursor) || undefined;
  const filters = readFilters(params);

  const types = await getTaskTypes();
  const typeNames = types.ok ? types.data.map((taskType) => taskType.name) : [];
  const page = await listTasks(toApiQuery(filters, typeNames, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }));
  const filtered = hasFilters(filters);
  const query = filterQuery(filters);

  return (
    // On the first page a new task or a status change re-reads the list; further pages only follow their rows.
    <LiveTasks refreshOn={cursor ? 'none' : 'status'}>
      <PageHeader title="Tasks" description="Newest first. Rows follow their task live.">
        <LiveIndicator />
        <ExportLinks query={query} />
      </PageHeader>
      {params.deleted ? (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          The task was deleted.
        </p>
      ) : null}
      <TaskFilters filters={filters} types={typeNames} />
      {!page.ok ? (
        <ErrorState title={page.status === 400 ? 'These filters are not valid' : 'Could not load the tasks'} message={page.message} />
      ) : page.data.data.length === 0 ? (
        <EmptyState title={filtered ? 'No task matches these filters' : cursor ? 'No more tasks' : 'No task yet'}>
          {filtered ? (
            <Link href="/tasks" className="text-brand hover:underline">
              Show all tasks
            </Link>
          ) : (
            <Link href="/tasks/new" className="text-brand hover:underline">
              Create a task
            </Link>
          )}
        </EmptyState>
      ) : (
        <>
          {/* Keyed by the filters: other filters start a new selection; another page of the same list keeps it. */}
          <TaskSelection
            key={query.toString()}
            filter={bulkFilter(toApiQuery(filters, typeNames, {}))}
            pageIds={page.data.data.map((task) => task.id)}
          >
            <TaskTable tasks={page.data.data} />
          </TaskSelection>
          <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-2 text-sm">
            {cursor ? (
              <Link href={tasksHref(query)} className="btn-secondary">
                ← Newest
              </Link>
            ) : (
              <span />
            )}
            {page.data.next_cursor ? (
              <Link href={tasksHref(new URLSearchParams([...query, ['cursor', page.data.next_cursor]]))} className="btn-secondary">
                Older →
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </LiveTasks>
  );
}

/** The list's filters as a bulk action takes them: the query of GET /tasks without paging, every value a string. */
function bulkFilter(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])));
}

/** Every task matching the current filters as a file, streamed by the API (not only this page). */
function ExportLinks({ query }: { query: URLSearchParams }) {
  const href = (format: 'csv' | 'jsonl') => `/api/tasks/export?${new URLSearchParams([...query, ['format', format]]).toString()}`;
  return (
    <span className="flex items-center gap-2 text-sm">
      <a href={href('csv')} download className="btn-secondary" title="Download every task matching these filters as CSV">
        Export
      </a>
      <a href={href('jsonl')} download className="text-brand hover:underline" title="The same, one JSON task per line">
        JSON lines
      </a>
    </span>
  );
}
