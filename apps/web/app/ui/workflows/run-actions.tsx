'use client';

import type { WorkflowRunStatus } from '@atropos/api-client';
import { changeWorkflowRun } from '../../lib/actions';
import { ActionButton } from '../action-button';

/** Pause, Resume and Cancel, each shown only in the statuses the API allows it (README, "Workflows"). */
export function RunActions({ id, status }: { id: string; status: WorkflowRunStatus }) {
  return (
    <>
      {status === 'running' ? <ActionButton label="Pause" run={() => changeWorkflowRun(id, 'pause')} /> : null}
      {status === 'paused' || status === 'failed' ? (
        <ActionButton
          label={status === 'failed' ? 'Resume from failed step' : 'Resume'}
          variant="primary"
          run={() => changeWorkflowRun(id, 'resume')}
        />
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
