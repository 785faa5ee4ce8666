import type { AttemptLog } from '@atropos/observability';

export type { AttemptLog } from '@atropos/observability';

/** What a running task can see of, and tell about, its attempt: `run`'s second argument. */
export interface TaskContext {
  readonly taskId: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
  /**
   * Aborts when the attempt must stop: the task was cancelled (reason TaskCancelledError), it ran
   * past its timeout (TaskTimeoutError) or the worker is stopping (WorkerShutdownError, and the
   * task goes back to the queue). Pass it on to fetch, child processes and timers, or check it.
   */
  readonly signal: AbortSignal;
  /**
   * Reports progress (0–100) with a short message, shown at GET /tasks/{id}/status and live in the
   * web UI; cheap to call often: at most one write per PROGRESS_WRITE_INTERVAL_MS, the latest wins.
   */
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
