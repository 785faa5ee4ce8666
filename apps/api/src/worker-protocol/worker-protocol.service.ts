import type { AttemptRef, LeasedAttempt } from '@atropos/db';
import { TaskStore } from '@atropos/db';
import { TaskStatus } from '@atropos/tasks';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { invalidRequest } from '../common/validation.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { TaskEventsService } from '../events/task-events.service.js';
import { TaskQueues } from '../queue/task-queues.js';
import { ApiMetrics } from '../observability/api-metrics.js';
import { HttpJobs } from './http-jobs.js';
import type { ClaimRequest, CompleteRequest, FailRequest, ProgressRequest } from './worker-protocol.schemas.js';

/**
 * A waiting claim looks again at least this often even without news from Redis, in case a
 * notification was lost (the subscriber reconnecting, say).
 */
const RECHECK_MS = 5_000;

export interface ClaimedTask {
  task_id: string;
  attempt: number;
  max_attempts: number;
  task_type: string;
  parameters: Record<string, unknown>;
  timeout_s: number;
  lease_expires_at: string;
}

export interface Lease {
  task_id: string;
  attempt: number;
  lease_expires_at: string;
}

export interface Outcome {
  task_id: string;
  attempt: number;
  status: 'completed' | 'retrying' | 'failed';
}

/**
 * The worker protocol: workers in any language claim tasks of the types they serve and report on
 * the attempt they were given. Every report is one write of the TaskStore fenced by that attempt,
 * so a report of an attempt that was superseded (its lease ran out and another claim took the
 * task over), of a task cancelled meanwhile, or of an attempt past its timeout changes nothing and
 * is answered 409: the worker stops. See HttpJobs for the queue's side.
 */
@Injectable()
export class WorkerProtocolService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('WorkerProtocol');
  /** Aborted when the API stops: waiting claims answer at once (204) instead of holding the shutdown up. */
  private readonly stopping = new AbortController();

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly store: TaskStore,
    private readonly queues: TaskQueues,
    private readonly jobs: HttpJobs,
    private readonly events: TaskEventsService,
    private readonly metrics: ApiMetrics,
  ) {}

  beforeApplicationShutdown(): void {
    this.stopping.abort();
  }

  /**
   * The next task of one of `types`, waiting up to `wait_s` for one (null: none came). `gone`
   * aborts when the client hangs up: a claim it can no longer receive is handed back at once.
   */
  async claim(request: ClaimRequest, gone: AbortSignal): Promise<ClaimedTask | null> {
    this.checkTypes(request.types);
    const deadline = Date.now() + request.wait_s * 1000;
    const giveUp = AbortSignal.any([gone, this.stopping.signal]);
    for (;;) {
      const { arrived, stop } = this.jobs.arrival(request.types);
      try {
        const claimed = await this.takeOne(request.types, request.worker_id, gone);
        if (claimed) return present(claimed);
        const remaining = deadline - Date.now();
        if (remaining <= 0 || giveUp.aborted) return null;
        await Promise.race([arrived, sleep(Math.min(remaining, RECHECK_MS), giveUp)]);
      } finally {
        stop();
      }
    }
  }

  /** Extends the attempt's lease. */
  async heartbeat(taskId: string, attempt: number): Promise<Lease> {
    return this.extend({ taskId, attempt });
  }

  /** Records the attempt's progress and extends its lease. */
  async progress(taskId: string, body: ProgressRequest): Promise<Lease> {
    return this.extend({ taskId, attempt: body.attempt }, { percent: body.progress, message: body.message });
  }

  async complete(taskId: string, body: CompleteRequest): Promise<Outcome> {
    const ref = { taskId, attempt: body.attempt };
    const written = await this.store.complete(ref, body.result, body.message);
    if (!written) throw await this.refusal(ref);
    this.events.publish(written.events);
    await this.jobs.finish(written.snapshot.task_type, taskId);
    // PostgreSQL may have refused the result itself (too large…): the task then failed with the reason.
    return { task_id: taskId, attempt: body.attempt, status: written.snapshot.status as Outcome['status'] };
  }

  async fail(taskId: string, body: FailRequest): Promise<Outcome> {
    const ref = { taskId, attempt: body.attempt };
    const task = await this.store.get(taskId);
    if (!task) throw new NotFoundException(`No task with id ${taskId}`);
    const final = !body.retryable || body.attempt >= task.maxAttempts;
    return this.recordFailure(ref, task.taskType, body.error, final);
  }

  /** Types a claim may ask for: those with their own queue, served over HTTP. */
  private checkTypes(types: readonly string[]): void {
    const problems = types.flatMap((type, index) => {
      if (this.queues.servedOverHttp(type)) return [];
      const served = this.queues.httpTypes();
      return [
        {
          field: `types.${index}`,
          message:
            `${JSON.stringify(type)} is not served over HTTP; ` +
            (served.length > 0
              ? `the types that are: ${served.join(', ')}`
              : 'no type is (declare one with "worker": "http" in config/task-types.json)'),
        },
      ];
    });
    if (problems.length > 0) throw invalidRequest(problems);
  }

  /**
   * Takes jobs of the types, starting from a random one so no type starves, until one yields an
   * attempt. A job whose task is gone, final or out of attempts is finished on the way; one whose
   * task is still leased to another worker (a duplicate, back from a stall) is left locked.
   */
  private async takeOne(types: readonly string[], workerId: string, gone: AbortSignal): Promise<LeasedAttempt | null> {
    const start = Math.floor(Math.random() * types.length);
    for (let i = 0; i < types.length; i++) {
      const type = types[(start + i) % types.length]!;
      for (let job = await this.jobs.take(type); job; job = await this.jobs.take(type)) {
        const taskId = String(job.id);
        const claim = await this.store.claimLease(taskId, workerId, this.config.httpWorkerLeaseMs);
        if (claim && 'leased' in claim) continue;
        if (claim && 'claimed' in claim) {
          this.events.publish(claim.claimed.events);
          // Its outcome is counted from the events its report publishes (ApiMetrics.observeChanges).
          this.metrics.tasks.started.inc({ task_type: type });
          if (!gone.aborted) return claim.claimed;
          await this.handBack(claim.claimed, job);
          return null;
        }
        if (claim) this.events.publish(claim.exhausted.events);
        await this.jobs.finish(type, taskId);
      }
    }
    return null;
  }

  /** A claim whose client hung up: the attempt is given back uncounted and its job returns to wait. */
  private async handBack(claimed: LeasedAttempt, job: Parameters<HttpJobs['release']>[0]): Promise<void> {
    const handedBack = await this.store.handBack({ taskId: claimed.taskId, attempt: claimed.attempt });
    if (handedBack) this.events.publish(handedBack.events);
    await this.jobs.release(job);
    this.logger.log(`Task ${claimed.taskId} handed back: the claim's client was gone`);
  }

  private async extend(ref: AttemptRef, progress?: { percent: number; message: string | null }): Promise<Lease> {
    const extended = await this.store.extendLease(ref, this.config.httpWorkerLeaseMs, progress);
    if (!extended) throw await this.refusal(ref);
    this.events.publish(extended.events);
    await this.jobs.extend(extended.snapshot.task_type, ref.taskId, this.config.httpWorkerLeaseMs);
    return { task_id: ref.taskId, attempt: ref.attempt, lease_expires_at: extended.leaseExpiresAt.toISOString() };
  }

  private async recordFailure(ref: AttemptRef, taskType: string, error: string, final: boolean): Promise<Outcome> {
    const written = await this.store.fail(ref, error, final);
    if (!written) throw await this.refusal(ref);
    this.events.publish(written.events);
    if (written.snapshot.status === TaskStatus.Retrying) await this.jobs.retryLater(taskType, ref.taskId, error);
    else await this.jobs.finish(taskType, ref.taskId);
    return { task_id: ref.taskId, attempt: ref.attempt, status: written.snapshot.status as Outcome['status'] };
  }

  /**
   * Why a fenced write changed nothing, as the answer to the worker: 404 for no such task, 409
   * otherwise. The one case where the attempt is still the task's current one is an attempt past
   * its timeout (its lease is no longer extended): it fails now, as a timed-out attempt does on
   * Atropos' own workers, and is retried if attempts remain.
   */
  private async refusal(ref: AttemptRef): Promise<Error> {
    const task = await this.store.get(ref.taskId);
    if (!task) return new NotFoundException(`No task with id ${ref.taskId}`);
    const current = task.attempts === ref.attempt;
    if (current && task.status === TaskStatus.Processing) {
      const error = `Timed out: the attempt ran longer than the task's timeout of ${task.timeoutS} s`;
      const outcome = await this.recordFailure(ref, task.taskType, error, ref.attempt >= task.maxAttempts).catch(() => null);
      return new ConflictException(
        `Attempt ${ref.attempt} of task ${ref.taskId} ran past its timeout of ${task.timeoutS} s and failed` +
          (outcome?.status === TaskStatus.Retrying ? '; the task will be retried' : '') +
          ': stop working on it',
      );
    }
    if (!current) {
      return new ConflictException(
        `Attempt ${ref.attempt} of task ${ref.taskId} is not the current one: the task is at attempt ${task.attempts} ` +
          `(${task.status}), after its lease ran out or it was retried; stop working on it`,
      );
    }
    return new ConflictException(
      `Task ${ref.taskId} is ${task.status}: attempt ${ref.attempt} can report nothing more; stop working on it`,
    );
  }
}

function present(claimed: LeasedAttempt): ClaimedTask {
  return {
    task_id: claimed.taskId,
    attempt: claimed.attempt,
    max_attempts: claimed.maxAttempts,
    task_type: claimed.taskType,
    parameters: claimed.parameters as Record<string, unknown>,
    timeout_s: claimed.timeoutS,
    lease_expires_at: claimed.leaseExpiresAt.toISOString(),
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
