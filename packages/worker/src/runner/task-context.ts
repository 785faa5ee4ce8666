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
}
