import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getWorkflowRun } from '../../../lib/data';
import { shortId } from '../../../lib/format';
import { RelativeTime } from '../../../ui/relative-time';
import { ErrorState, PageHeader } from '../../../ui/states';
import { Allowed } from '../../../ui/allowed';
import { StatusBadge } from '../../../ui/status-badge';
import { ResumeWithParameters } from '../../../ui/workflows/resume-with-parameters';
import { RunActions } from '../../../ui/workflows/run-actions';
import { RunGraph } from '../../../ui/workflows/run-graph';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Workflow run ${shortId((await params).id)}` };
}

export default async function WorkflowRunPage({ params }: { params: Params }) {
  const { id } = await params;
  const loaded = await getWorkflowRun(id);
  if (!loaded.ok) {
    if (loaded.status === 404 || loaded.status === 400) notFound();
    return <ErrorState title="Could not load the run" message={loaded.message} />;
  }
  const run = loaded.data;
  const failedStep = run.steps[run.current_step];
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/workflows" className="text-brand hover:underline">
          ← Workflows
        </Link>
      </p>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {run.workflow}
            <span data-run-status={run.status}>
              <StatusBadge status={run.status} />
            </span>
          </span>
        }
        description={
          <>
            Run <span className="font-mono">{shortId(run.id)}</span> · started <RelativeTime iso={run.created_at} />
            {run.completed_at ? (
              <>
                {' '}
                · ended <RelativeTime iso={run.completed_at} />
              </>
            ) : null}
          </>
        }
      >
        <Allowed role="operator">
          <RunActions id={run.id} status={run.status} />
        </Allowed>
      </PageHeader>
      {run.status === 'paused' ? (
        <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Paused: the step under way finishes, and no further step starts until the run is resumed.
        </p>
      ) : null}
      {run.error ? (
        <ErrorState title="The run failed" message={run.error}>
          <p className="text-red-900/80">
            Resume runs the failed steps again with new tasks; the steps before them are not rerun. Rerun from a step runs it and every step
            after it again.
          </p>
        </ErrorState>
      ) : null}
      {run.status === 'failed' && failedStep ? (
        <Allowed role="operator">
          <ResumeWithParameters id={run.id} stepName={failedStep.name} parameters={failedStep.parameters} />
        </Allowed>
      ) : null}
      <section aria-labelledby="steps" className="mt-4">
        <h2 id="steps" className="mb-3 text-lg font-semibold text-ink">
          Steps
        </h2>
        <RunGraph initial={run} />
      </section>
      <section aria-labelledby="input" className="mt-8">
        <h2 id="input" className="mb-2 text-lg font-semibold text-ink">
          Input
        </h2>
        <pre className="card overflow-x-auto p-3 font-mono text-xs text-ink">{JSON.stringify(run.input, null, 2)}</pre>
        <p className="mt-2 text-sm text-muted">
          Every task of this run:{' '}
          <Link href={`/tasks?workflow_run_id=${run.id}`} className="text-brand hover:underline">
            in the task list
          </Link>
        </p>
      </section>
    </>
  );
}
