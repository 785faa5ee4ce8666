'use client';

import type { TaskStatus } from '@atropos/client';
import { canCancel, canDelete, canRetry } from '@atropos/tasks';
import { changeTask } from '../../lib/actions';
import { ActionButton } from '../action-button';
import { EditAndRetry } from './edit-and-retry';

/** Cancel, Retry (as it was, or with new parameters) and Delete, each shown only where the task's status allows it, each confirmed. */
export function TaskActions({ id, status, parameters }: { id: string; status: TaskStatus; parameters: Record<string, unknown> }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      {canCancel(status) ? (
        <ActionButton
          label="Cancel"
          variant="danger"
          run={() => changeTask(id, 'cancel')}
          confirm={{
            title: 'Cancel this task?',
            body:
              status === 'processing'
                ? 'The worker running it is told to stop. You can retry it later.'
                : 'It will not run. You can retry it later.',
            confirmLabel: 'Cancel task',
          }}
        />
      ) : null}
      {canRetry(status) ? (
        <ActionButton
          label="Retry"
          variant="primary"
          run={() => changeTask(id, 'retry')}
          confirm={{
            title: 'Run this task again?',
            body: 'It is queued again with a fresh budget of attempts; its earlier errors are kept.',
            confirmLabel: 'Retry task',
          }}
        />
      ) : null}
      {canRetry(status) ? <EditAndRetry id={id} parameters={parameters} /> : null}
      {canDelete(status) ? (
        <ActionButton
          label="Delete"
          run={() => changeTask(id, 'delete')}
          confirm={{
            title: 'Delete this task?',
            body: 'Its parameters, result and history are removed for good.',
            confirmLabel: 'Delete task',
          }}
        />
      ) : null}
    </div>
  );
}
