/**
 * A task's life as data: every status, every action that moves a task between statuses, and so
 * which actions each status allows. The one list: the database enum and its transition guard
 * (migrations), the TaskStore's writes (each guarded by the action's `from`), the API's filters and
 * documents, the worker and the web's badges and buttons all read it. docs/ARCHITECTURE.md draws it
 * (a spec checks the drawing against this table).
 */
export const TASK_STATUSES = ['pending', 'processing', 'retrying', 'completed', 'failed', 'cancelled'] as const;

export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Named constants, so code reads `TaskStatus.Completed` rather than a bare string. */
export const TaskStatus = {
  Pending: 'pending',
  Processing: 'processing',
  Retrying: 'retrying',
  Completed: 'completed',
  Failed: 'failed',
  Cancelled: 'cancelled',
} as const satisfies Record<string, TaskStatus>;

/** One kind of change to a task: the statuses it may start from, the ones it may lead to, and who makes it. */
export interface TaskTransition {
  /** The task's status before; empty for `create`, which starts a task. */
  from: readonly TaskStatus[];
  /** The status after; empty for the actions that delete the row. */
  to: readonly TaskStatus[];
  by: 'api' | 'worker' | 'sweeper' | 'retention' | 'worker, sweeper';
  /** What causes it, for people reading the table (and the architecture page). */
  cause: string;
}

const { Pending, Processing, Retrying, Completed, Failed, Cancelled } = TaskStatus;
const UNFINISHED = [Pending, Retrying, Processing] as const;
const FINAL = [Completed, Failed, Cancelled] as const;

/**
 * Every allowed change, by the action that causes it. A write the table does not allow cannot
 * happen: the TaskStore conditions each statement on its action's `from`, and a trigger installed
 * by the migrations refuses any other status change at the database.
 */
export const TASK_TRANSITIONS = {
  create: { from: [], to: [Pending], by: 'api', cause: 'POST /tasks, a batch, or a workflow step' },
  claim: {
    from: UNFINISHED,
    to: [Processing],
    by: 'worker',
    cause: 'a worker starts the next attempt; a row left processing by a dead worker (or a lapsed lease) is taken over',
  },
  progress: { from: [Processing], to: [Processing], by: 'worker', cause: 'the running attempt reports progress' },
  heartbeat: {
    from: [Processing],
    to: [Processing],
    by: 'worker',
    cause: 'the running attempt of a worker over HTTP extends its lease; a lease that runs out is taken over by the next claim',
  },
  complete: { from: [Processing], to: [Completed], by: 'worker', cause: 'the running attempt returned a result' },
  fail_and_retry: {
    from: [Processing],
    to: [Retrying],
    by: 'worker',
    cause: 'the running attempt failed and attempts remain',
  },
  fail_final: {
    from: [Processing],
    to: [Failed],
    by: 'worker',
    cause: 'the running attempt failed with no attempt left, unrecoverably, or its outcome could not be stored',
  },
  exhaust: {
    from: UNFINISHED,
    to: [Failed],
    by: 'worker, sweeper',
    cause: 'a claim, or the sweeper, finds the task has started every attempt of its budget: it fails instead of running again',
  },
  hand_back: {
    from: [Processing],
    to: [Pending, Retrying],
    by: 'worker',
    cause: 'a stopping worker gives back an unfinished attempt, which is not counted',
  },
  cancel: { from: UNFINISHED, to: [Cancelled], by: 'api', cause: 'POST /tasks/{id}/cancel' },
  retry: { from: [Failed, Cancelled], to: [Pending], by: 'api', cause: 'POST /tasks/{id}/retry: a fresh budget' },
  flush: { from: [Pending, Retrying], to: [Cancelled], by: 'api', cause: 'POST /queue/flush' },
  stalled: { from: UNFINISHED, to: [Failed], by: 'sweeper', cause: 'Bull failed the job on its own (stalled too often)' },
  discard: {
    from: [Pending],
    to: [],
    by: 'api',
    cause: 'the API takes back rows it inserted but could not queue (Redis refused), before answering 503',
  },
  delete: { from: FINAL, to: [], by: 'api', cause: 'DELETE /tasks/{id}' },
  expire: { from: FINAL, to: [], by: 'retention', cause: 'RESULT_RETENTION_DAYS after the task (or its run) ended' },
} as const satisfies Record<string, TaskTransition>;

export type TaskAction = keyof typeof TASK_TRANSITIONS;

export const TASK_ACTIONS = Object.keys(TASK_TRANSITIONS) as TaskAction[];

/** Whether `action` may be applied to a task in `status`. */
export function allows(status: TaskStatus, action: TaskAction): boolean {
  return (TASK_TRANSITIONS[action].from as readonly TaskStatus[]).includes(status);
}

/** The actions a task in `status` allows, in table order. */
export function actionsAllowedFrom(status: TaskStatus): TaskAction[] {
  return TASK_ACTIONS.filter((action) => allows(status, action));
}

/** Statuses after which nothing more happens to a task unless a person retries it (the table's spec checks this). */
export const FINAL_STATUSES: readonly ['completed', 'failed', 'cancelled'] = FINAL;

/** Statuses of a task still to run or running: it has (or is about to have) a job in the queue. */
export const UNFINISHED_STATUSES: readonly ['pending', 'retrying', 'processing'] = UNFINISHED;

export function isFinalStatus(status: TaskStatus): boolean {
  return (FINAL_STATUSES as readonly TaskStatus[]).includes(status);
}

/** Every (from, to) pair of different statuses some action allows: what the database guard permits. */
export function statusChanges(): Array<[TaskStatus, TaskStatus]> {
  const pairs = new Map<string, [TaskStatus, TaskStatus]>();
  for (const transition of Object.values(TASK_TRANSITIONS) as TaskTransition[]) {
    for (const from of transition.from) {
      for (const to of transition.to) if (from !== to) pairs.set(`${from}>${to}`, [from, to]);
    }
  }
  return [...pairs.values()].sort(([a1, b1], [a2, b2]) => a1.localeCompare(a2) || b1.localeCompare(b2));
}

/** Why an action is refused for a status, in words a client can act on. */
export function refusalReason(action: TaskAction, status: TaskStatus | null): string {
  if (status === null) return 'there is no such task';
  const from = TASK_TRANSITIONS[action].from;
  return `${action.replaceAll('_', ' ')} is allowed only from ${from.join(', ')}, and the task is ${status}`;
}
