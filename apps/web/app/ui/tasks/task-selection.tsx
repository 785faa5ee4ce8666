'use client';

import type { BulkDryRun, BulkOperation } from '@atropos/client';
import { allows, TASK_STATUSES } from '@atropos/tasks';
import { useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { createContext, useContext, useEffect, useId, useRef, useState } from 'react';
import type { BulkScope, TaskAction } from '../../lib/actions';
import { bulkDryRun, cancelBulkOperation, readBulkOperation, startBulkAction } from '../../lib/actions';
import { Spinner } from '../action-button';
import { useAllowed } from '../allowed';

/**
 * Row selection on the task list, and the bulk actions on it: the rows ticked on this page, or
 * every task matching the list's filters ("select all N matching this filter"). Each action asks
 * first, showing the API's dry-run count (how many tasks it applies to, how many it would skip and
 * why), then runs as a bulk operation whose progress and report the bar shows.
 */

interface Selection {
  selected: ReadonlySet<string>;
  /** Every task the filters match, not only the rows ticked. */
  allMatching: boolean;
  pageIds: readonly string[];
  toggle: (id: string, on: boolean) => void;
  togglePage: (on: boolean) => void;
}

const SelectionContext = createContext<Selection | null>(null);

export function useSelection(): Selection | null {
  return useContext(SelectionContext);
}

const PAST: Record<TaskAction, string> = { cancel: 'Cancelled', retry: 'Retried', delete: 'Deleted' };
const VERB: Record<TaskAction, string> = { cancel: 'Cancel', retry: 'Retry', delete: 'Delete' };
const count = (n: number, what = 'task') => `${n.toLocaleString('en')} ${what}${n === 1 ? '' : 's'}`;

export function TaskSelection({ filter, pageIds, children }: { filter: Record<string, string>; pageIds: string[]; children: ReactNode }) {
  // A viewer gets no checkboxes and no bulk bar: without the context, RowCheckbox renders nothing.
  const mayAct = useAllowed('operator');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const selection: Selection = {
    selected,
    allMatching,
    pageIds,
    toggle: (id, on) => {
      setAllMatching(false);
      setSelected((current) => {
        const next = new Set(current);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      });
    },
    togglePage: (on) => {
      setAllMatching(false);
      setSelected(on ? new Set(pageIds) : new Set());
    },
  };
  const clear = () => {
    setAllMatching(false);
    setSelected(new Set());
  };
  if (!mayAct) return children;
  return (
    <SelectionContext.Provider value={selection}>
      <BulkBar filter={filter} selection={selection} onSelectAllMatching={() => setAllMatching(true)} onClear={clear} />
      {children}
    </SelectionContext.Provider>
  );
}

/** The checkbox of one row (or card). */
export function RowCheckbox({ id, label }: { id: string; label: string }) {
  const selection = useSelection();
  if (!selection) return null;
  return (
    <input
      type="checkbox"
      className="size-4 accent-brand"
      aria-label={`Select ${label}`}
      checked={selection.allMatching || selection.selected.has(id)}
      onChange={(event) => selection.toggle(id, event.target.checked)}
    />
  );
}

/** The header's checkbox: every row of this page. */
export function PageCheckbox() {
  const selection = useSelection();
  const box = useRef<HTMLInputElement>(null);
  const all = selection !== null && selection.pageIds.length > 0 && selection.pageIds.every((id) => selection.selected.has(id));
  const some = selection !== null && selection.selected.size > 0 && !all;
  useEffect(() => {
    if (box.current) box.current.indeterminate = some;
  }, [some]);
  if (!selection) return null;
  return (
    <input
      ref={box}
      type="checkbox"
      className="size-4 accent-brand"
      aria-label="Select every task on this page"
      checked={selection.allMatching || all}
      onChange={(event) => selection.togglePage(event.target.checked)}
    />
  );
}

type Phase =
  | { step: 'idle' }
  | { step: 'counting'; action: TaskAction }
  | { step: 'confirm'; action: TaskAction; dry: BulkDryRun }
  | { step: 'running'; operation: BulkOperation }
  | { step: 'done'; operation: BulkOperation };

function BulkBar({
  filter,
  selection,
  onSelectAllMatching,
  onClear,
}: {
  filter: Record<string, string>;
  selection: Selection;
  onSelectAllMatching: () => void;
  onClear: () => void;
}) {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [matching, setMatching] = useState<number | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const { selected, allMatching, pageIds } = selection;
  const wholePage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const filterKey = JSON.stringify(filter);

  // Once the whole page is ticked, offer every task the filters match: count them (a dry run counts).
  useEffect(() => {
    if (!wholePage) return;
    let current = true;
    void bulkDryRun('retry', { filter }).then((answer) => {
      if (current && answer.ok) setMatching(answer.data.matched);
    });
    return () => {
      current = false;
    };
    // filterKey stands for filter, which is a new object at each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wholePage, filterKey]);

  // A running operation is followed until it ends; then the list is read again.
  const runningId = phase.step === 'running' ? phase.operation.id : null;
  useEffect(() => {
    if (!runningId) return;
    const timer = setInterval(() => {
      void readBulkOperation(runningId).then((answer) => {
        if (!answer.ok) {
          setError(answer.error);
          return;
        }
        const ended = ['completed', 'cancelled', 'failed'].includes(answer.data.status);
        setPhase({ step: ended ? 'done' : 'running', operation: answer.data });
        if (ended) {
          onClear();
          router.refresh();
        }
      });
    }, 500);
    return () => clearInterval(timer);
    // One poll per operation, by its id: onClear and router change identity at each render, not meaning.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runningId]);

  const scope = (): BulkScope => (allMatching ? { filter } : { filter, ids: [...selected] });

  const ask = (action: TaskAction) => {
    setError(null);
    setPhase({ step: 'counting', action });
    void bulkDryRun(action, scope()).then((answer) => {
      if (!answer.ok) {
        setError(answer.error);
        setPhase({ step: 'idle' });
        return;
      }
      setPhase({ step: 'confirm', action, dry: answer.data });
      dialog.current?.showModal();
    });
  };

  const start = (action: TaskAction) => {
    dialog.current?.close();
    void startBulkAction(action, scope()).then((answer) => {
      if (!answer.ok) {
        setError(answer.error);
        setPhase({ step: 'idle' });
        return;
      }
      setPhase({ step: 'running', operation: answer.data });
    });
  };

  const chosen = allMatching ? (matching ?? 0) : selected.size;
  const showBar = chosen > 0 || phase.step !== 'idle' || error !== null;
  if (!showBar) return null;
  return (
    <section aria-label="Selected tasks" data-testid="bulk-bar" className="card mb-3 flex flex-wrap items-center gap-3 px-4 py-2.5 text-sm">
      {chosen > 0 ? (
        <span data-testid="selection-count">
          {allMatching ? `All ${count(chosen)} matching this filter are selected.` : `${count(chosen)} selected.`}
        </span>
      ) : null}
      {wholePage && !allMatching && matching !== null && matching > pageIds.length ? (
        <button type="button" className="text-brand hover:underline" onClick={onSelectAllMatching}>
          Select all {count(matching)} matching this filter
        </button>
      ) : null}
      {chosen > 0 ? (
        <span className="ml-auto flex gap-2">
          {(['retry', 'cancel', 'delete'] as const).map((action) => (
            <button
              key={action}
              type="button"
              className={action === 'delete' ? 'btn-danger' : 'btn-secondary'}
              disabled={phase.step === 'counting' || phase.step === 'running'}
              aria-haspopup="dialog"
              onClick={() => ask(action)}
            >
              {phase.step === 'counting' && phase.action === action ? <Spinner /> : null}
              {VERB[action]} selected
            </button>
          ))}
          <button type="button" className="btn-secondary" onClick={onClear}>
            Clear
          </button>
        </span>
      ) : null}
      {phase.step === 'running' ? (
        <Progress operation={phase.operation} onCancel={() => void cancelBulkOperation(phase.operation.id)} />
      ) : null}
      {phase.step === 'done' ? <Report operation={phase.operation} /> : null}
      {error ? (
        <p role="alert" className="w-full text-red-700">
          {error}
        </p>
      ) : null}
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        className="m-auto w-[min(30rem,calc(100vw-2rem))] rounded-lg border border-border bg-surface p-0 shadow-xl backdrop:bg-slate-900/40"
        onClose={() => setPhase((current) => (current.step === 'confirm' ? { step: 'idle' } : current))}
      >
        {phase.step === 'confirm' ? (
          <div className="p-5">
            <h2 id={titleId} className="text-base font-semibold text-ink">
              {VERB[phase.action]} {count(phase.dry.applicable)}?
            </h2>
            <p id={bodyId} data-testid="dry-run-count" className="mt-2 text-sm text-muted">
              {count(phase.dry.matched)} selected; the action applies to {count(phase.dry.applicable)}
              {phase.dry.matched > phase.dry.applicable
                ? `, the other ${phase.dry.matched - phase.dry.applicable} will be skipped (${skippedStatuses(phase.action, phase.dry)})`
                : ''}
              .
            </p>
            <div className="mt-5 flex justify-end gap-2">
              <button type="button" className="btn-secondary" autoFocus onClick={() => dialog.current?.close()}>
                Keep them
              </button>
              <button
                type="button"
                className={phase.action === 'delete' ? 'btn-danger' : 'btn-primary'}
                disabled={phase.dry.applicable === 0}
                onClick={() => start(phase.action)}
              >
                {VERB[phase.action]} {count(phase.dry.applicable)}
              </button>
            </div>
          </div>
        ) : null}
      </dialog>
    </section>
  );
}

/** "7 pending, 3 completed": the statuses of the tasks a dry run says the action would skip. */
function skippedStatuses(action: TaskAction, dry: BulkDryRun): string {
  return TASK_STATUSES.filter((status) => !allows(status, action) && dry.by_status[status])
    .map((status) => `${dry.by_status[status]!.toLocaleString('en')} ${status}`)
    .join(', ');
}

function Progress({ operation, onCancel }: { operation: BulkOperation; onCancel: () => void }) {
  return (
    <span role="status" data-testid="bulk-progress" className="flex w-full items-center gap-3">
      <Spinner />
      {VERB[operation.action]}: {operation.processed.toLocaleString('en')} of {count(operation.matched)} ({operation.progress}%)
      <button type="button" className="btn-secondary ml-auto" onClick={onCancel}>
        Stop
      </button>
    </span>
  );
}

function Report({ operation }: { operation: BulkOperation }) {
  const action = operation.action;
  const reasons = Object.entries(operation.skipped_by_reason);
  return (
    <div role="status" data-testid="bulk-report" className="w-full">
      <p>
        {operation.status === 'completed' ? '' : `Stopped (${operation.status}). `}
        {PAST[action]} {count(operation.acted)}; skipped {operation.skipped.toLocaleString('en')}.{' '}
        <a href={`/api/bulk-operations/${operation.id}/report?format=csv`} download className="text-brand hover:underline">
          Download the report
        </a>
      </p>
      {reasons.length > 0 ? (
        <ul className="mt-1 list-disc pl-5 text-muted">
          {reasons.map(([reason, n]) => (
            <li key={reason}>
              {n.toLocaleString('en')} {reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
