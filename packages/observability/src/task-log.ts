/** Levels of a line in an attempt's log, least severe first. */
export const TASK_LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type TaskLogLevel = (typeof TASK_LOG_LEVELS)[number];

/**
 * One line of an attempt's log as the API serves it (GET /tasks/{id}/logs) and as it travels live
 * from a worker to the API replicas: a handler's `ctx.log.*` call, a command's output line, or the
 * marker saying how many lines the cap dropped.
 */
export interface TaskLogLine {
  /** Increases with every stored line: the cursor of GET /tasks/{id}/logs and of the live stream. */
  id: string;
  task_id: string;
  attempt: number;
  level: TaskLogLevel;
  message: string;
  /** Structured fields the handler passed (or `{stream: "stdout" | "stderr"}` for a command's output); null when none. */
  fields: Record<string, unknown> | null;
  time: string;
}

/** What a handler writes to with `ctx.log`. */
export interface AttemptLog {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
