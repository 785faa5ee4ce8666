import type { TaskParameters, TaskTypeName } from '@atropos/tasks';

/** What a running handler can see of, and tell about, its attempt. */
export interface TaskContext {
  readonly taskId: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
  /** Fires when the attempt must stop (worker shutting down; later: cancel, timeout). */
  readonly signal: AbortSignal;
  /** Reports progress (0–100) with a short message; cheap to call often, writes are throttled. */
  progress(percent: number, message?: string): void;
}

/** A handler receives validated parameters (defaults filled in) and returns a JSON-serialisable result. */
export type TaskHandler<Name extends TaskTypeName> = (
  parameters: TaskParameters<Name>,
  context: TaskContext,
) => Promise<unknown>;

/** One handler per task type: a definition without a handler does not compile. */
export type TaskHandlers = { readonly [Name in TaskTypeName]: TaskHandler<Name> };
