'use client';

import type { WorkflowRunStatus } from '@atropos/client';
import { useActionState } from 'react';
import type { ActionResult } from '../../lib/actions';
import { changeWorkflowRun, changeWorkflowRunFromForm } from '../../lib/actions';
import { ActionButton, Spinner } from '../action-button';

/** Pause, Resume and Cancel, each shown only in the statuses the API allows it (README, "Workflows"). */
export function RunActions({ id, status }: { id: string; status: WorkflowRunStatus }) {
  return (
    <>
      {status === 'running' ? <RunActionForm id={id} action="pause" label="Pause" /> : null}
      {status === 'paused' || status === 'failed' ? (
        <RunActionForm id={id} action="resume" label={status === 'failed' ? 'Resume from failed step' : 'Resume'} primary />
      ) : null}
      {status === 'running' || status === 'paused' || status === 'failed' ? (
        <ActionButton
          label="Cancel"
          variant="danger"
          run={() => changeWorkflowRun(id, 'cancel')}
          confirm={{
            title: 'Cancel this run?',
            body: 'The run ends for good and the task of its current step is cancelled if it is still running.',
            confirmLabel: 'Cancel run',
          }}
        />
      ) : null}
    </>
  );
}

/** A button in a form of its own: a form action, so a click before the page has hydrated is not lost. */
function RunActionForm({
  id,
  action,
  label,
  primary = false,
}: {
  id: string;
  action: 'pause' | 'resume';
  label: string;
  primary?: boolean;
}) {
  const [state, formAction, pending] = useActionState<ActionResult, FormData>(changeWorkflowRunFromForm, {});
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="action" value={action} />
      <button type="submit" className={primary ? 'btn-primary' : 'btn-secondary'} disabled={pending}>
        {pending ? <Spinner /> : null}
        {label}
      </button>
      {state.error ? (
        <span role="alert" className="text-sm text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
