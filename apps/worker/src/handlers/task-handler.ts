import type { AttemptLog } from '@atropos/observability';
import type { TaskParameters, TaskTypeOf, TaskTypeName } from '@atropos/tasks';
import type { z } from 'zod';

/** What a running handler can see of, and tell about, its attempt. */
export interface TaskContext {
  readonly taskId: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
  /** Fires when the attempt must stop (worker shutting down; later: cancel, timeout). */
  readonly signal: AbortSignal;
  /** Reports progress (0–100) with a short message; cheap to call often, writes are throttled. */
  progress(percent: number, message?: string): void;
  /**
   * Saves a file the task produced, downloadable at GET /tasks/{id}/artifacts/{name}. Part of the
   * attempt: a retry saving the same name replaces it. Fails the task without retries when the
   * content is larger than ARTIFACT_MAX_BYTES or the name is not a plain file name.
   */
  saveArtifact(name: string, content: Buffer | string, contentType: string): Promise<void>;
  /**
   * The attempt's log, kept with the task and shown live in the web: `ctx.log.info(message,
   * fields?)`, also `warn`, `error` and `debug`. Cheap to call; past TASK_LOG_MAX_LINES lines an
   * attempt's further lines are dropped and counted.
   */
  readonly log: AttemptLog;
}

/**
 * A handler receives validated parameters (defaults filled in) and returns its type's result, as
 * the type's result schema says (the runner checks it again before storing it).
 */
export type TaskHandler<Name extends TaskTypeName> = (
  parameters: TaskParameters<Name>,
  context: TaskContext,
) => Promise<z.input<NonNullable<TaskTypeOf<Name>['result']>>>;

/** One handler per task type: a definition without a handler does not compile. */
export type TaskHandlers = { readonly [Name in TaskTypeName]: TaskHandler<Name> };
