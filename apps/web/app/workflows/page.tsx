import type { Metadata } from 'next';
import Link from 'next/link';
import { listWorkflowRuns, listWorkflows } from '../lib/data';
import { shortId } from '../lib/format';
import { RelativeTime } from '../ui/relative-time';
import { EmptyState, ErrorState, PageHeader } from '../ui/states';
import { Allowed } from '../ui/allowed';
import { StatusBadge } from '../ui/status-badge';
import { StartRunForm } from '../ui/workflows/start-run-form';

export const metadata: Metadata = { title: 'Workflows' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 25;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function WorkflowsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const cursor = (Array.isArray(params.cursor) ? params.cursor[0] : params.cursor) || undefined;
  const [workflows, runs] = await Promise.all([listWorkflows(), listWorkflowRuns({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) })]);
  // Not refreshed on a timer: a refresh racing the Start form's action could swallow the redirect to
  // the new run (seen in the browser tests). Each run's own page is the live one.

  return (
    <>
      <PageHeader
        title="Workflows"
        description={
          <>
            Steps run one after another, each as a task. Defined in <code>config/workflows.json</code> (README, “Workflows”).
          </>
        }
      />
      <section aria-labelledby="definitions" className="mb-8">
        <h2 id="definitions" className="mb-3 text-lg font-semibold text-ink">
          Definitions
        </h2>
        {!workflows.ok ? (
          <ErrorState title="Could not load the workflows" message={workflows.message} />
        ) : workflows.data.length === 0 ? (
          <EmptyState title="No workflow is defined">Add one to config/workflows.json and restart the API.</EmptyState>
        ) : (
          <ul className="grid gap-4 lg:grid-cols-2">
            {workflows.data.map((workflow) => (
              <li key={workflow.name} data-workflow={workflow.name} className="card flex flex-col gap-3 p-4">
                <div>
                  <h3 className="font-semibold text-ink">{workflow.name}</h3>
                  {workflow.description ? <p className="mt-0.5 text-sm text-muted">{workflow.description}</p> : null}
                </div>
                <ol aria-label={`Steps of ${workflow.name}`} className="flex flex-wrap items-center gap-1.5 text-xs">
                  {workflow.steps.map((step, index) => (
                    <li key={step.name} className="flex items-center gap-1.5">
                      {index > 0 ? (
                        <span aria-hidden="true" className="text-slate-400">
                          →
                        </span>
                      ) : null}
                      <span className="rounded-md border border-border bg-slate-50 px-2 py-1" title={step.description ?? undefined}>
                        <span className="font-medium text-ink">{step.name}</span>{' '}
                        <span className="font-mono text-muted">{step.task_type}</span>
                      </span>
                    </li>
                  ))}
                </ol>
                <Allowed role="operator">
                  <StartRunForm workflow={workflow} />
                </Allowed>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="runs">
        <h2 id="runs" className="mb-3 text-lg font-semibold text-ink">
          Runs
        </h2>
        {!runs.ok ? (
          <ErrorState title="Could not load the runs" message={runs.message} />
        ) : runs.data.data.length === 0 ? (
          <EmptyState title={cursor ? 'No more runs' : 'No run yet'}>Start a workflow above.</EmptyState>
        ) : (
          <>
            <div className="card overflow-x-auto">
              <table className="w-full min-w-[32rem] text-sm">
                <caption className="sr-only">Workflow runs, newest first</caption>
                <thead className="border-b border-border bg-slate-50 text-left text-xs text-muted">
                  <tr>
                    <th scope="col" className="px-4 py-2.5 font-medium">
                      Run
                    </th>
                    <th scope="col" className="px-3 py-2.5 font-medium">
                      Status
                    </th>
                    <th scope="col" className="px-3 py-2.5 font-medium">
                      Step
                    </th>
                    <th scope="col" className="px-4 py-2.5 text-right font-medium">
                      Started
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-border">
                  {runs.data.data.map((run) => (
                    <tr key={run.id} data-run-id={run.id} data-status={run.status}>
                      <td className="px-4 py-2.5">
                        <Link href={`/workflows/runs/${run.id}`} className="font-medium text-ink hover:text-brand hover:underline">
                          {run.workflow}
                        </Link>
                        <span className="ml-2 font-mono text-xs text-muted">{shortId(run.id)}</span>
                      </td>
                      <td className="px-3 py-2.5">
                        <StatusBadge status={run.status} />
                      </td>
                      <td className="px-3 py-2.5 tabular-nums text-muted">
                        {run.status === 'completed' ? run.step_count : run.current_step + 1} of {run.step_count}
                      </td>
                      <td className="px-4 py-2.5 text-right text-muted">
                        <RelativeTime iso={run.created_at} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-2 text-sm">
              {cursor ? (
                <Link href="/workflows" className="btn-secondary">
                  ← Newest
                </Link>
              ) : (
                <span />
              )}
              {runs.data.next_cursor ? (
                <Link href={`/workflows?cursor=${encodeURIComponent(runs.data.next_cursor)}`} className="btn-secondary">
                  Older →
                </Link>
              ) : null}
            </nav>
          </>
        )}
      </section>
    </>
  );
}
