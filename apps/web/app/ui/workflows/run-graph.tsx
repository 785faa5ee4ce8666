'use client';

import dagre from '@dagrejs/dagre';
import type { WorkflowRun, WorkflowRunStep, WorkflowStepStatus } from '@atropos/client';
import Link from 'next/link';
import { useActionState, useEffect, useMemo, useState } from 'react';
import type { ActionResult } from '../../lib/actions';
import { decideApproval, rerunFromStep } from '../../lib/actions';
import { Allowed } from '../allowed';
import { shortId } from '../../lib/format';
import { useRefreshOnChange } from '../../lib/use-refresh-on-change';
import { ProgressBar } from '../progress-bar';
import { StatusBadge } from '../status-badge';

const NODE_WIDTH = 176;
const NODE_HEIGHT = 176;

const BOX: Record<WorkflowStepStatus, string> = {
  waiting: 'border-dashed border-slate-300 bg-white',
  pending: 'border-slate-300 bg-slate-50',
  processing: 'border-blue-400 bg-blue-50',
  retrying: 'border-amber-400 bg-amber-50',
  completed: 'border-emerald-400 bg-emerald-50',
  failed: 'border-red-400 bg-red-50',
  cancelled: 'border-zinc-300 bg-zinc-50',
  skipped: 'border-dashed border-zinc-300 bg-zinc-50 opacity-70',
  awaiting_approval: 'border-violet-400 bg-violet-50',
  approved: 'border-emerald-400 bg-emerald-50',
  rejected: 'border-red-400 bg-red-50',
};

/**
 * The run as a graph laid out by dagre (left to right, one node per step, an arrow per need), kept
 * up to date by the run's event stream (GET /api/workflow-runs/{id}/events): no polling. Each node
 * is coloured by status, with progress, a fanned-out step's counts, its tasks across reruns, and
 * the actions that apply to it (approve or reject an approval, rerun from here).
 */
export function RunGraph({ initial }: { initial: WorkflowRun }) {
  const [run, setRun] = useState(initial);
  // A new run from the server (the page refreshed) replaces what the stream brought, during render
  // rather than in an effect, as React's "storing information from previous renders" does.
  const [rendered, setRendered] = useState(initial);
  if (rendered !== initial) {
    setRendered(initial);
    setRun(initial);
  }
  const [live, setLive] = useState(false);
  // The page around the graph (status, error, actions) is rendered by the server: read it again when the run's status changes.
  useRefreshOnChange(run.status);
  useEffect(() => {
    const source = new EventSource(`/api/workflow-runs/${initial.id}/events`);
    source.addEventListener('open', () => setLive(true));
    source.addEventListener('error', () => setLive(false));
    source.addEventListener('run', (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as WorkflowRun;
      setRun(next);
    });
    return () => source.close();
  }, [initial.id]);

  const layout = useMemo(() => {
    type Point = { x: number; y: number };
    // What dagre reads (the sizes and spacing set here) and what its layout writes (positions, the size of the whole).
    const graph = new dagre.graphlib.Graph<
      { rankdir: string; nodesep: number; ranksep: number; marginx: number; marginy: number; width?: number; height?: number },
      Point & { width: number; height: number }, // x and y: placed by the layout
      { points?: Point[] }
    >();
    graph.setGraph({ rankdir: 'LR', nodesep: 20, ranksep: 34, marginx: 2, marginy: 4 });
    graph.setDefaultEdgeLabel(() => ({}));
    for (const step of run.steps) graph.setNode(step.name, { width: NODE_WIDTH, height: NODE_HEIGHT, x: 0, y: 0 });
    for (const step of run.steps) for (const need of step.needs) graph.setEdge(need, step.name);
    dagre.layout(graph);
    const { width = 0, height = 0 } = graph.graph();
    const nodes = run.steps.map((step) => ({ step, ...graph.node(step.name) }));
    const edges = graph.edges().map((edge) => ({ from: edge.v, to: edge.w, points: graph.edge(edge).points ?? [] }));
    return { width, height, nodes, edges };
  }, [run.steps]);

  const statusOf = new Map(run.steps.map((step) => [step.name, step.status]));
  return (
    <div className="overflow-x-auto" data-live={live ? 'yes' : 'no'}>
      <div className="relative" style={{ width: layout.width, height: layout.height }}>
        <svg aria-hidden="true" width={layout.width} height={layout.height} className="absolute inset-0">
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0 0 10 5 0 10z" fill="currentColor" />
            </marker>
          </defs>
          {layout.edges.map((edge) => {
            const done = ['completed', 'approved'].includes(statusOf.get(edge.from) ?? '');
            return (
              <path
                key={`${edge.from}-${edge.to}`}
                d={edge.points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x} ${point.y}`).join(' ')}
                fill="none"
                strokeWidth="2"
                stroke="currentColor"
                markerEnd="url(#arrow)"
                className={done ? 'text-emerald-500' : 'text-slate-300'}
              />
            );
          })}
        </svg>
        <ol aria-label="Steps">
          {layout.nodes.map(({ step, x, y }) => (
            <li
              key={step.name}
              className="absolute"
              style={{ left: x - NODE_WIDTH / 2, top: y - NODE_HEIGHT / 2, width: NODE_WIDTH, height: NODE_HEIGHT }}
            >
              <StepNode run={run} step={step} />
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}

function StepNode({ run, step }: { run: WorkflowRun; step: WorkflowRunStep }) {
  const rerunnable = (run.status === 'completed' || run.status === 'failed') && step.status !== 'waiting';
  return (
    <section
      aria-label={`Step ${step.name}`}
      data-step={step.name}
      data-status={step.status}
      className={`flex h-full flex-col gap-1.5 overflow-hidden rounded-lg border-2 p-2.5 text-xs ${BOX[step.status]}`}
    >
      <h3 className="shrink-0 truncate text-sm font-semibold text-ink" title={step.name}>
        {step.name}
      </h3>
      <div className="flex shrink-0 items-center justify-between gap-2">
        <p className="min-w-0 truncate font-mono text-muted">
          {step.kind === 'approval' ? 'approval' : step.task_type}
          {step.for_each ? ' · each' : ''}
          {step.if ? ' · if' : ''}
        </p>
        <StatusBadge status={step.status} />
      </div>
      {step.items ? (
        <p className="font-medium tabular-nums text-ink" data-items>
          {step.items.completed}/{step.items.total ?? '?'} done
          {step.items.running > 0 ? ` · ${step.items.running} running` : ''}
          {step.items.failed > 0 ? ` · ${step.items.failed} failed` : ''}
        </p>
      ) : null}
      {step.kind === 'task' && step.status !== 'waiting' && step.status !== 'skipped' ? (
        <ProgressBar
          progress={step.progress}
          status={step.task_status ?? (step.status === 'completed' ? 'completed' : 'processing')}
          label={`Progress of step ${step.name}`}
        />
      ) : null}
      {step.skip_reason ? <p className="line-clamp-2 text-muted">Skipped: {step.skip_reason}</p> : null}
      {step.approval?.decided_by ? (
        <p className="line-clamp-2 text-muted">
          {step.status} by {step.approval.decided_by}
          {step.approval.comment ? `: ${step.approval.comment}` : ''}
        </p>
      ) : null}
      {step.status === 'awaiting_approval' ? (
        <Allowed role="operator">
          <ApprovalForm runId={run.id} step={step.name} />
        </Allowed>
      ) : null}
      <div className="mt-auto flex items-center justify-between gap-2 text-muted">
        {step.task_id ? (
          <Link href={`/tasks/${step.task_id}`} className="font-mono text-brand hover:underline">
            task {shortId(step.task_id)}
          </Link>
        ) : (
          <span />
        )}
        {step.history.length > 1 ? (
          <span title="Tasks across resumes and reruns">
            {step.history.length} tasks, round {step.round}
          </span>
        ) : null}
        {rerunnable ? (
          <Allowed role="operator">
            <RerunButton runId={run.id} step={step.name} />
          </Allowed>
        ) : null}
      </div>
      {step.error ? (
        <p className="line-clamp-2 break-words rounded bg-red-100/70 px-1.5 py-0.5 text-red-900" title={step.error}>
          {step.error}
        </p>
      ) : null}
    </section>
  );
}

function ApprovalForm({ runId, step }: { runId: string; step: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(decideApproval, {});
  return (
    <form action={action} className="flex shrink-0 flex-col gap-1">
      <input type="hidden" name="id" value={runId} />
      <input type="hidden" name="step" value={step} />
      <input
        name="comment"
        aria-label={`Comment on ${step}`}
        placeholder="Comment"
        className="rounded border border-slate-300 px-1.5 py-0.5"
      />
      <input
        name="payload"
        aria-label={`Payload of ${step}`}
        placeholder='Payload, e.g. {"target": "eu"}'
        className="rounded border border-slate-300 px-1.5 py-0.5 font-mono"
      />
      <div className="flex gap-1">
        <button type="submit" name="decision" value="approve" className="btn-primary px-2 py-0.5 text-xs" disabled={pending}>
          Approve
        </button>
        <button type="submit" name="decision" value="reject" className="btn-secondary px-2 py-0.5 text-xs" disabled={pending}>
          Reject
        </button>
      </div>
      {state.error ? (
        <span role="alert" className="text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}

function RerunButton({ runId, step }: { runId: string; step: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(rerunFromStep, {});
  return (
    <form action={action}>
      <input type="hidden" name="id" value={runId} />
      <input type="hidden" name="step" value={step} />
      <button
        type="submit"
        className="text-brand hover:underline"
        disabled={pending}
        title={state.error ?? `Run ${step} and every step after it again`}
      >
        Rerun from here
      </button>
    </form>
  );
}
