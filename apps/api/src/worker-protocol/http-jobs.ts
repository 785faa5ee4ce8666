import type { TaskJobData } from '@atropos/queue';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bull';
import { TaskQueues } from '../queue/task-queues.js';

/** Bull's non-blocking take (its `getNextJob` blocks on one connection once a queue ran dry). */
interface ManualTake {
  moveToActive(): Promise<Job<TaskJobData> | null>;
}

/**
 * The value of the lock a lease keeps. Bull compares a lock's value with its queue instance's own
 * token, which differs from one API replica to the next; every call here that finishes a job
 * passes ignoreLock, so any replica can serve any worker's reports.
 */
const LEASE_LOCK = 'http-lease';

/**
 * The Bull side of the worker protocol, for the own queues of types served over HTTP. The API is
 * the Bull consumer on the workers' behalf: a claim takes a job (active, locked for the lease),
 * heartbeats keep its lock as long as the lease, and the attempt's outcome finishes it. A lease
 * that lapses lets the lock run out too; Bull's stalled-job check (TaskQueues runs it) puts the
 * job back to wait, and the next claim takes the task over, exactly as for a dead Bull worker.
 *
 * It also tells waiting claims when a job may have become ready: Bull publishes each job that
 * enters wait (added, due after its delay, back from a stall) and each resume.
 */
@Injectable()
export class HttpJobs implements OnApplicationBootstrap {
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly queues: TaskQueues) {}

  onApplicationBootstrap(): void {
    for (const type of this.queues.httpTypes()) {
      const queue = this.queues.of(type);
      const wake = () => this.waiters.get(type)?.forEach((resolve) => resolve());
      queue.on('global:waiting', wake).on('global:stalled', wake).on('global:resumed', wake);
    }
  }

  /** Takes the next ready job of the type, active and locked for a lease; null when none is ready (or the queue is paused). */
  take(taskType: string): Promise<Job<TaskJobData> | null> {
    return (this.queues.of(taskType) as unknown as ManualTake).moveToActive();
  }

  /**
   * A promise that settles when a job of one of `types` may have become ready, and a way to stop
   * listening. Taken before looking, so that a job arriving in between is not missed.
   */
  arrival(types: readonly string[]): { arrived: Promise<void>; stop: () => void } {
    let resolve!: () => void;
    const arrived = new Promise<void>((settle) => (resolve = settle));
    for (const type of types) {
      const set = this.waiters.get(type) ?? new Set();
      set.add(resolve);
      this.waiters.set(type, set);
    }
    const stop = () => types.forEach((type) => this.waiters.get(type)?.delete(resolve));
    return { arrived, stop };
  }

  /** Keeps the job's lock as long as the attempt's lease (and out of Bull's stalled set). */
  async extend(taskType: string, taskId: string, leaseMs: number): Promise<void> {
    const queue = this.queues.of(taskType);
    await queue.client
      .multi()
      .set(`${queue.toKey(taskId)}:lock`, LEASE_LOCK, 'PX', leaseMs)
      .srem(queue.toKey('stalled'), taskId)
      .exec();
  }

  /**
   * After a failed attempt that will be retried: Bull moves the job to delayed for its backoff
   * (exponential, as for every task), then to wait. A job not active any more (it stalled back
   * to wait meanwhile) is left there: the next claim runs the retry.
   */
  async retryLater(taskType: string, taskId: string, error: string): Promise<void> {
    const job = await this.queues.of(taskType).getJob(taskId);
    await job?.moveToFailed({ message: error }, true).catch(() => undefined);
  }

  /** After a final outcome: the job goes (see TaskQueues.drop). */
  finish(taskType: string, taskId: string): Promise<void> {
    return this.queues.drop(taskType, taskId);
  }

  /** A job taken for a claim whose client is gone: unlocked, Bull's stalled check puts it back to wait. */
  async release(job: Job<TaskJobData>): Promise<void> {
    await job.releaseLock().catch(() => undefined);
  }
}
