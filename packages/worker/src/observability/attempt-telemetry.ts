import type { Logger, Span } from '@atropos/observability';
import {
  context,
  contextFromCarrier,
  replaceScopedLogger,
  SpanKind,
  SpanStatusCode,
  trace,
  tracer,
  withLazyLogger,
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
    const observed = new ObservedAttempt(job, span, this.root, this.metrics, this.logs, this.config.taskLogMaxLines);
    return context
      .with(trace.setSpan(parent, span), () =>
        withLazyLogger(
          () => observed.logger,
          () => fn(observed),
        ),
      )
      .finally(() => observed.close());
  }
}

export class ObservedAttempt {
  private log_: AttemptLogBuffer | null = null;
  private task: ClaimedTask | null = null;
  private started = 0;
  private outcome: AttemptOutcome | null = null;
  /** The fields of every line about the attempt: task_id, then task_type and attempt once claimed. */
  private bindings: Record<string, unknown>;
  private made: Logger | null = null;
  /** The attempt's log echoes its lines here (at debug level), through the attempt's logger once one is needed. */
  private readonly echo: Pick<Logger, 'debug'> = {
    debug: (fields: object, message: string) => {
      if (this.root.isLevelEnabled('debug')) this.logger.debug(fields, message);
    },
  } as Pick<Logger, 'debug'>;

  constructor(
    private readonly job: Job<TaskJobData>,
    private readonly span: Span,
    /** The worker's logger, of which the attempt's is a child. */
    private readonly root: Logger,
    private readonly metrics: WorkerMetrics,
    private readonly logs: TaskLogStore,
    private readonly maxLogLines: number,
  ) {
    this.bindings = { task_id: job.data.taskId };
  }

  /**
   * The attempt's logger (a pino child with its fields), made on the first line written at a level
   * the worker logs: a busy worker's attempts mostly write none, and two child loggers per attempt
   * (serialising their fields, preparing redaction) were ~3 % of its CPU on no-op tasks.
   */
  get logger(): Logger {
    return (this.made ??= this.root.child(this.bindings));
  }

  /** The attempt's log, for the handler's context; only once claimed. */
  get log(): AttemptLogBuffer {
    if (!this.log_) throw new Error('The attempt log exists once the attempt is claimed');
    return this.log_;
  }

  /** The attempt is ours: it has a number and a type, and it counts as started. */
  claimed(task: ClaimedTask): void {
    this.task = task;
    this.started = performance.now();
    this.bindings = { ...this.bindings, task_type: task.taskType, attempt: task.attempt };
    // A logger made before the claim (the attempt's scope read it) gets the new fields now; else
    // the first line made from here on has them all.
    if (this.made) {
      this.made = this.made.child({ task_type: task.taskType, attempt: task.attempt });
      replaceScopedLogger(this.made);
    }
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
      this.echo,
      (count) => this.metrics.logLinesDropped.inc(count),
    );
    if (this.root.isLevelEnabled('debug')) this.logger.debug('Attempt started');
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
    if (this.root.isLevelEnabled('debug')) this.logger.debug({ outcome, duration_ms: Math.round(seconds * 1000) }, `Attempt ${outcome}`);
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
