import type { TaskAction, TaskStatus } from '@atropos/tasks';
import { refusalReason } from '@atropos/tasks';

/**
 * A change the transition table does not allow for the task as it is (or a task that does not
 * exist: `status` null). The API answers 404 or 409 with its message.
 */
export class TaskRefusedError extends Error {
  override readonly name = 'TaskRefusedError';

  constructor(
    readonly action: TaskAction,
    readonly taskId: string,
    readonly status: TaskStatus | null,
    /** The same in words a client can act on, when the table's own reason is not enough. */
    hint?: string,
  ) {
    super(
      status === null
        ? `No task with id ${taskId}`
        : `Task ${taskId} is ${status} and cannot be ${PAST_TENSE[action] ?? action}: ${hint ?? refusalReason(action, status)}`,
    );
  }
}

const PAST_TENSE: Partial<Record<TaskAction, string>> = {
  cancel: 'cancelled',
  retry: 'retried',
  delete: 'deleted',
};
