import type { AttemptRef, ClaimedAttempt, TaskStore } from '@atropos/db';
import { UnstorableValueError } from '@atropos/db';
import type { TaskJobData, TasksQueue } from '@atropos/queue';
import { artifactNameProblem, describeFieldProblems, toFieldProblems } from '@atropos/tasks';
import type { Job } from 'bull';
import type { z } from 'zod';
import type { AnyTask } from '../define-task.js';
import { ArtifactRejectedError } from '../errors/artifact-rejected.error.js';
import { TaskCancelledError } from '../errors/task-cancelled.error.js';
import { TaskTimeoutError } from '../errors/task-timeout.error.js';
import { UnrecoverableTaskError } from '../errors/unrecoverable-task.error.js';
import { WorkerShutdownError } from '../errors/worker-shutdown.error.js';
import type { TaskEventsPublisher } from '../events/task-events.publisher.js';
import type { WorkerLogger } from '../logger.js';
import type { AttemptTelemetry, ObservedAttempt } from '../observability/attempt-telemetry.js';
import type { WorkerConfig } from '../worker-config.js';
import type { FlowGate, GateEntry } from '../flow/flow-gate.js';
import { ProgressReporter } from './progress-reporter.js';
import { Slots } from './slots.js';
import type { TaskContext } from './task-context.js';

/** A job the worker holds right now, with the means to stop its handler. */
interface RunningAttempt {
  taskId: string;
  abort: AbortController;
  done: Promise<unknown>;
}

/**
 * The worker's one Bull processor, on each of its queues: claims the attempt in PostgreSQL,
 * validates the parameters again with the task's own schema, runs the task and records the
 * outcome, fenced by attempt.
 *
 * Retries: a failed attempt with attempts left is recorded as `retrying` and rethrown, so Bull
 * schedules the next one with its exponential backoff. A final failure, a success and a stale job
 * all resolve the Bull job, which removes it from Redis (the row keeps the history).
 */
export class TaskRunner {
  private readonly running = new Map<string, RunningAttempt>();
  private readonly slots: Slots;
  private shuttingDown = false;

  constructor(
    private readonly config: WorkerConfig,
    private readonly logger: WorkerLogger,
    private readonly queues: readonly TasksQueue[],
    private readonly store: TaskStore,
    private readonly events: TaskEventsPublisher,
    private readonly tasks: ReadonlyMap<string, AnyTask>,
    private readonly telemetry: AttemptTelemetry,
    private readonly flow: FlowGate,
  ) {
    this.slots = new Slots(config.concurrency);
  }

  /** Ids of the tasks this worker runs right now, for its heartbeat. */
  activeTaskIds(): string[] {
    return [...this.running.keys()];
  }

  /**
   * Stops a task this worker runs because it was cancelled (the API has already marked the row
   * `cancelled`). Returns whether this worker held it.
   */
  cancel(taskId: string): boolean {
    const run = this.running.get(taskId);
    run?.abort.abort(new TaskCancelledError());
    return run !== undefined;
  }

  start(): void {
    for (const queue of this.queues) {
      // process() resolves only when the queue closes, so it must not be awaited here.
      queue
        .process(this.config.concurrency, (job) => this.process(job))
        .catch((error: unknown) => {
          if (!this.shuttingDown) this.logger.error(`The queue ${queue.name} stopped processing: ${String(error)}`);
        });
    }
  }

  /**
   * Take no new job, give running tasks SHUTDOWN_GRACE_MS to finish, then abort the rest and hand
   * them back. Their Bull locks are released so another worker picks them up at its next
   * stalled-job check, without spending an attempt.
   */
  async stop(reason: string): Promise<void> {
    this.shuttingDown = true;
    this.logger.info(`${reason}: taking no new tasks; ${this.running.size} running`);
    this.slots.close();
    await Promise.all(this.queues.map((queue) => queue.pause(true, true).catch(() => undefined)));
    const finished = await settleWithin(
      [...this.running.values()].map((run) => run.done),
      this.config.shutdownGraceMs,
    );
    if (!finished) {
      for (const run of this.running.values()) run.abort.abort(new WorkerShutdownError());
      await Promise.allSettled([...this.running.values()].map((run) => run.done));
    }
    await Promise.all(this.queues.map((queue) => queue.close(true).catch(() => undefined)));
  }

  private async process(job: Job<TaskJobData>): Promise<unknown> {
    // With several queues Bull may hand over more jobs than the worker runs at once: those wait
    // here unclaimed, and go back to the queue if the worker stops first.
    if (!(await this.slots.acquire())) {
      await job.releaseLock().catch(() => undefined);
      return new Promise(() => undefined);
    }
    // Flow control: a task over one of its type's limits goes back to wait, and frees this slot.
    let gate: GateEntry;
    try {
      gate = await this.flow.enter(job);
    } catch (error) {
      this.slots.release();
      throw error;
    }
    if (!gate.run) {
      this.slots.release();
      return undefined;
    }
    void this.flow.reached(job);
    const abort = new AbortController();
    const done = this.telemetry.observe(job, (observed) => this.runAttempt(job, abort, observed));
    const taskId = job.data.taskId;
    this.running.set(taskId, { taskId, abort, done });
    const forget = () => {
      this.running.delete(taskId);
      this.slots.release();
      void this.flow.leave(job, gate.scopes);
    };
    done.then(forget, forget);
    return done.then((outcome) => (outcome === HANDED_BACK ? new Promise(() => undefined) : outcome));
  }

  private async runAttempt(job: Job<TaskJobData>, abort: AbortController, observed: ObservedAttempt): Promise<unknown> {
    const claim = await this.store.claim(job.data.taskId, this.config.workerId);
    if (!claim) {
      this.logger.warn(`Task ${job.data.taskId} is gone or already final; dropping its job`);
      return undefined;
    }
    if ('exhausted' in claim) {
      this.events.publish(claim.exhausted.events);
      observed.exhausted(claim.exhausted.events);
      this.logger.warn(`Task ${job.data.taskId} had used every attempt of its budget; failed instead of run again`);
      return undefined;
    }
    const { claimed } = claim;
    observed.claimed(claimed);
    this.events.publish(claimed.events);
    const signal = abort.signal;
    const timeout = setTimeout(() => abort.abort(new TaskTimeoutError(claimed.timeoutS)), claimed.timeoutS * 1000);
    try {
      return await this.runClaimed(job, claimed, signal, observed);
    } finally {
      clearTimeout(timeout);
    }
  }

  private async runClaimed(
    job: Job<TaskJobData>,
    claimed: ClaimedAttempt,
    signal: AbortSignal,
    observed: ObservedAttempt,
  ): Promise<unknown> {
    const ref = { taskId: claimed.taskId, attempt: claimed.attempt };
    const progress = new ProgressReporter(
      async (percent, message) => this.events.publish((await this.store.progress(ref, percent, message))?.events),
      this.config.progressWriteIntervalMs,
    );
    try {
      const result = await this.runTask(claimed, signal, progress, observed);
      await progress.stop();
      // The log is stored before the outcome, so a client that sees the task final reads all of it.
      await observed.log.flush();
      const completed = await this.store.complete(ref, result, progress.lastMessage);
      if (completed) this.events.publish(completed.events);
      else this.warnSuperseded(claimed);
      observed.ended(completed ? 'completed' : 'superseded');
      return undefined;
    } catch (error) {
      await progress.stop();
      if (signal.aborted && signal.reason instanceof WorkerShutdownError) {
        observed.log.warn('Handed back: the worker is shutting down; another worker runs this attempt again');
        await observed.log.flush();
        this.events.publish((await this.store.handBack(ref))?.events);
        await job.releaseLock().catch(() => undefined);
        this.logger.info(`Task ${claimed.taskId} handed back (attempt ${claimed.attempt} not counted)`);
        observed.ended('handed_back');
        return HANDED_BACK;
      }
      if (signal.aborted && signal.reason instanceof TaskCancelledError) {
        observed.log.warn('Stopped: the task was cancelled');
        await observed.log.flush();
        this.logger.info(`Task ${claimed.taskId} stopped: cancelled`);
        observed.ended('cancelled');
        return undefined;
      }
      // A task stopped by the timeout may throw anything (often the abort reason itself); the
      // attempt failed because of the timeout, and that is what the task records.
      const failure = signal.aborted && signal.reason instanceof TaskTimeoutError ? signal.reason : error;
      observed.log.error(`Attempt ${claimed.attempt} failed: ${describeError(failure)}`);
      await observed.log.flush();
      return this.recordFailure(claimed, failure, observed);
    }
  }

  /** Validates the parameters with the task's own schema, runs it and checks what it returns. */
  private async runTask(
    claimed: ClaimedAttempt,
    signal: AbortSignal,
    progress: ProgressReporter,
    observed: ObservedAttempt,
  ): Promise<unknown> {
    const task = this.tasks.get(claimed.taskType);
    if (!task) {
      throw new UnrecoverableTaskError(
        `Worker ${this.config.workerId} does not serve task type ${claimed.taskType}, which was queued on its queue`,
      );
    }
    // Tasks of every shape share the map (AnyTask): their schemas are read as plain zod types here.
    const parameters = (task.parameters as z.ZodType).safeParse(claimed.parameters ?? {});
    if (!parameters.success) {
      throw new UnrecoverableTaskError(`Invalid task: ${describeFieldProblems(toFieldProblems(parameters.error.issues, 'parameters'))}`);
    }
    const ref = { taskId: claimed.taskId, attempt: claimed.attempt };
    const context: TaskContext = {
      taskId: claimed.taskId,
      attempt: claimed.attempt,
      signal,
      progress: (percent, message) => progress.report(percent, message),
      saveArtifact: (name, content, contentType) => this.saveArtifact(ref, name, content, contentType),
      log: observed.log,
    };
    const result: unknown = await task.run(parameters.data, context);
    if (!task.result) return result;
    // A result its type's schema refuses is a bug another attempt would repeat: it fails the task at once.
    const checked = (task.result as z.ZodType).safeParse(result);
    if (!checked.success) {
      throw new UnrecoverableTaskError(
        `The result does not match the result schema of ${task.name}: ${describeFieldProblems(toFieldProblems(checked.error.issues, 'result'))}`,
      );
    }
    return checked.data;
  }

  private async saveArtifact(ref: AttemptRef, name: string, content: Buffer | string, contentType: string) {
    const problem = artifactNameProblem(name);
    if (problem) throw new ArtifactRejectedError(`Artifact name ${JSON.stringify(name)} ${problem}`);
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const max = this.config.artifactMaxBytes;
    if (bytes.length > max) {
      throw new ArtifactRejectedError(
        `Artifact ${JSON.stringify(name)} is ${bytes.length} bytes, more than the ${max} bytes an artifact may have (ARTIFACT_MAX_BYTES)`,
      );
    }
    if (!(await this.store.saveArtifact(ref, name, contentType, bytes))) {
      throw new Error(`Attempt ${ref.attempt} was superseded before it could save artifact ${JSON.stringify(name)}`);
    }
  }

  private async recordFailure(claimed: ClaimedAttempt, error: unknown, observed: ObservedAttempt): Promise<unknown> {
    const message = describeError(error);
    // A result that cannot become JSON would fail the same way every time.
    const unrecoverable = error instanceof UnrecoverableTaskError || error instanceof UnstorableValueError;
    const final = unrecoverable || claimed.attempt >= claimed.maxAttempts;
    const ref = { taskId: claimed.taskId, attempt: claimed.attempt };
    const recorded = await this.store.fail(ref, message, final);
    if (!recorded) {
      this.warnSuperseded(claimed);
      observed.ended('superseded');
      return undefined;
    }
    this.events.publish(recorded.events);
    observed.ended(final ? 'failed' : 'retried', error);
    this.logger.warn(
      `Task ${claimed.taskId} attempt ${claimed.attempt}/${claimed.maxAttempts} failed${final ? ' for good' : ', will retry'}: ${message}`,
    );
    if (final) return undefined;
    // Rethrown so that Bull schedules the retry after its backoff.
    throw error instanceof Error ? error : new Error(message);
  }

  private warnSuperseded(claimed: ClaimedAttempt): void {
    this.logger.warn(`Attempt ${claimed.attempt} of task ${claimed.taskId} was superseded; its outcome is dropped`);
  }
}

/** Marks an attempt given back at shutdown: its Bull job must stay unsettled so no attempt is spent. */
const HANDED_BACK = Symbol('handed back');

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  // JSON has no text for some values (undefined, a function) and throws on others (a bigint, a cycle).
  try {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed string, but undefined for undefined or a function
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

async function settleWithin(promises: Promise<unknown>[], ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const all = Promise.allSettled(promises).then(() => true as const);
  const finished = await Promise.race([all, timeout]);
  clearTimeout(timer);
  return finished;
}
