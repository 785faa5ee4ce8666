import type { Logger, Span } from '@atropos/observability';
import {
  context,
  contextFromCarrier,
  replaceScopedLogger,
  SpanKind,
  SpanStatusCode,
  trace,
  tracer,
  withLogger,
} from '@atropos/observability';
import type { TaskJobData } from '@atropos/queue';
import type { TaskEvent } from '@atropos/tasks';
import { TaskStatus } from '@atropos/tasks';
import type { Job } from 'bull';
import type { WorkerConfig } from '../worker-config.js';
import { AttemptLogBuffer } from './attempt-log.js';
import type { TaskLogStore } from './task-log.store.js';
import type { AttemptOutcome, WorkerMetrics } from './worker-metrics.js';

/** What the runner tells once it has claimed the attempt. */
export interface ClaimedTask {
  taskId: string;
  taskType: string;
  attempt: number;
}

/**
 * Everything watched about one attempt, from the job's arrival to its outcome: its span (a child
 * of the request that created the task, through the `traceparent` in the job), the worker's log
 * lines about it (each with task_id, task_type, attempt, worker_id), its log (`ctx.log`), and its
 * metrics.
 */
export class AttemptTelemetry {
  constructor(
    private readonly config: WorkerConfig,
    private readonly metrics: WorkerMetrics,
    private readonly logs: TaskLogStore,
    /** The worker's pino logger; each attempt logs through a child of it. */
    private readonly root: Logger,
  ) {}

  /**
   * Runs `fn` (the whole attempt: claim, handler, outcome) inside the attempt's span and with its
   * logger as the logger of every line written meanwhile.
   */
  observe<T>(job: Job<TaskJobData>, fn: (attempt: ObservedAttempt) => Promise<T>): Promise<T> {
    const parent = contextFromCarrier(job.data);
    const span = tracer().startSpan(
      'task attempt',
      { kind: SpanKind.CONSUMER, attributes: { 'atropos.task.id': job.data.taskId, 'atropos.worker.id': this.config.workerId } },
      parent,
    );
    const logger = this.root.child({ task_id: job.data.taskId });
    const observed = new ObservedAttempt(job, span, logger, this.metrics, this.logs, this.config.taskLogMaxLines);
    return context.with(trace.setSpan(parent, span), () => withLogger(logger, () => fn(observed))).finally(() => observed.close());
  }
}

export class ObservedAttempt {
  private log_: AttemptLogBuffer | null = null;
  private task: ClaimedTask | null = null;
  private started = 0;
  private outcome: AttemptOutcome | null = null;

  constructor(
    private readonly job: Job<TaskJobData>,
    private readonly span: Span,
    private logger: Logger,
    private readonly metrics: WorkerMetrics,
    private readonly logs: TaskLogStore,
    private readonly maxLogLines: number,
  ) {}

  /** The attempt's log, for the handler's context; only once claimed. */
  get log(): AttemptLogBuffer {
    if (!this.log_) throw new Error('The attempt log exists once the attempt is claimed');
    return this.log_;
  }

  /** The attempt is ours: it has a number and a type, and it counts as started. */
  claimed(task: ClaimedTask): void {
    this.task = task;
    this.started = performance.now();
    this.logger = this.logger.child({ task_type: task.taskType, attempt: task.attempt });
    replaceScopedLogger(this.logger);
    this.span.updateName(`task attempt ${task.taskType}`);
    this.span.setAttributes({ 'atropos.task.type': task.taskType, 'atropos.task.attempt': task.attempt });
    this.metrics.tasks.started.inc({ task_type: task.taskType });
    this.metrics.inFlight.inc();
    // The first attempt of a job: how long it waited since it was due. Later attempts of the same
    // job waited out a backoff on purpose, which is not queueing.
    if (this.job.attemptsMade === 0) {
      const due = this.job.timestamp + (this.job.opts.delay ?? 0);
      this.metrics.queueWait.observe({ task_type: task.taskType }, Math.max(0, Date.now() - due) / 1000);
    }
    this.log_ = new AttemptLogBuffer(
      task,
      this.maxLogLines,
      (lines) => this.logs.write(lines),
      this.logger,
      (count) => this.metrics.logLinesDropped.inc(count),
    );
    this.logger.debug('Attempt started');
  }

  /** The claim found the task's attempts all spent and failed it instead: a failure, though nothing ran. */
  exhausted(events: ReadonlyArray<TaskEvent>): void {
    for (const event of events) {
      if (event.type === 'task.updated' && event.task.status === TaskStatus.Failed)
        this.metrics.tasks.failed.inc({ task_type: event.task.task_type });
    }
  }

  /** How the attempt ended (once; later calls are ignored). */
  ended(outcome: AttemptOutcome, error?: unknown): void {
    if (this.outcome || !this.task) return;
    this.outcome = outcome;
    const seconds = (performance.now() - this.started) / 1000;
    const labels = { task_type: this.task.taskType };
    this.metrics.runDuration.observe({ ...labels, outcome }, seconds);
    if (outcome === 'completed') this.metrics.tasks.completed.inc(labels);
    else if (outcome === 'failed') this.metrics.tasks.failed.inc(labels);
    else if (outcome === 'retried') this.metrics.tasks.retried.inc(labels);
    this.span.setAttribute('atropos.attempt.outcome', outcome);
    if (error !== undefined && (outcome === 'failed' || outcome === 'retried')) {
      this.span.recordException(error instanceof Error ? error : errorText(error));
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: errorText(error) });
    }
    this.logger.debug({ outcome, duration_ms: Math.round(seconds * 1000) }, `Attempt ${outcome}`);
  }

  /** Called once the attempt is over, whatever happened: stores the rest of its log, ends its span. */
  async close(): Promise<void> {
    if (this.task) this.metrics.inFlight.dec();
    await this.log_?.close().catch(() => undefined);
    this.span.end();
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
