import type { AttemptLog, Logger, TaskLogLevel } from '@atropos/observability';
import type { NewLogLine } from './task-log.store.js';

/** Longest message kept of one line; the rest is cut with a note. */
export const MAX_LINE_CHARS = 8_192;
/** Lines gathered before a batch leaves at once instead of at the next tick of the interval. */
const BATCH_LINES = 200;
/** How long a line may wait to be stored and streamed. */
const FLUSH_INTERVAL_MS = 250;

/**
 * The log of one attempt, as its handler writes it (`ctx.log.info(…)`): lines are batched, stored
 * and streamed a quarter of a second at most after they were written, one batch at a time in
 * order. Past `maxLines` they are only counted, and close() adds one marker line saying how many
 * were dropped. Each line is also a debug line of the worker's own log.
 */
export class AttemptLogBuffer implements AttemptLog {
  private pending: NewLogLine[] = [];
  private kept = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly ref: { taskId: string; attempt: number },
    private maxLines: number,
    private readonly store: (lines: NewLogLine[]) => Promise<void>,
    /** Where each line is echoed at debug level: pino's logger, or anything with its `debug(fields, message)`. */
    private readonly echo: Pick<Logger, 'debug'>,
    private readonly onDropped: (count: number) => void,
  ) {}

  debug(message: string, fields?: Record<string, unknown>): void {
    this.write('debug', message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.write('info', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.write('warn', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.write('error', message, fields);
  }

  write(level: TaskLogLevel, message: unknown, fields?: Record<string, unknown>): void {
    const text = typeof message === 'string' ? message : String(message);
    this.echo.debug({ task_log_level: level }, text);
    if (this.kept >= this.maxLines) {
      this.dropped++;
      return;
    }
    this.kept++;
    this.pending.push({
      taskId: this.ref.taskId,
      attempt: this.ref.attempt,
      level,
      message:
        text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}… (${text.length - MAX_LINE_CHARS} more characters cut)` : text,
      fields: fields && Object.keys(fields).length > 0 ? jsonSafe(fields) : null,
      time: new Date(),
    });
    // Not awaited: the store never rejects (a batch it cannot write is logged and dropped).
    if (this.pending.length >= BATCH_LINES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  /** Sends what is pending; resolves once everything written so far is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.writing = this.writing.then(() => this.store(batch));
    return this.writing;
  }

  /** The attempt is over: the dropped-lines marker, if any, and everything stored. */
  async close(): Promise<void> {
    if (this.dropped > 0) {
      const { dropped, kept } = this;
      this.onDropped(dropped);
      this.dropped = 0;
      // The marker itself is always kept.
      this.maxLines = Infinity;
      this.write('warn', `… ${dropped} line(s) dropped: an attempt's log keeps its first ${kept} lines (TASK_LOG_MAX_LINES)`);
    }
    await this.flush();
  }
}

/** Fields as JSON will store them: a value JSON cannot hold (a cycle, a BigInt) becomes its string. */
function jsonSafe(fields: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
  } catch {
    return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, String(value)]));
  }
}
