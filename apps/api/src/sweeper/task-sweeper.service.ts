import type { TaskEntity } from '@atropos/db';
import { LOCK_IDS, TaskStore, withSessionLock } from '@atropos/db';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApiConfig } from '../config/api.config.js';
import { PeriodicJob } from '../common/periodic-job.js';
import { API_CONFIG } from '../config/api.config.js';
import { TaskEventsService } from '../events/task-events.service.js';
import { TaskQueues } from '../queue/task-queues.js';

/** Unfinished tasks checked against Redis per round trip. */
const SWEEP_BATCH = 1_000;

export interface SweepResult {
  checked: number;
  /** Tasks that had no job in Redis and were queued again. */
  requeued: number;
  /** Tasks whose job Bull itself failed (stalled too often) and that are now failed in PostgreSQL too. */
  failed: number;
}

/**
 * Keeps PostgreSQL and Redis in agreement, so that an accepted task always runs: every unfinished
 * task (pending, retrying, processing) untouched for SWEEP_GRACE_MS must have a Bull job. One that
 * has none (the API died between its INSERT and queue.add, or Redis lost its data) is queued again
 * — with jobId = task id, so a job that appeared meanwhile is not doubled — and a worker's claim
 * takes over a row left `processing` by a dead worker. A job that Bull failed on its own (stalled
 * more often than allowed) fails its task in PostgreSQL too. One replica sweeps at a time.
 */
@Injectable()
export class TaskSweeperService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Sweeper');
  private readonly periodic: PeriodicJob;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly dataSource: DataSource,
    private readonly store: TaskStore,
    private readonly queues: TaskQueues,
    private readonly events: TaskEventsService,
  ) {
    this.periodic = new PeriodicJob(
      () => this.sweep(),
      config.sweepIntervalMs,
      (error) => this.logger.warn(`Sweep skipped: ${String(error)}`),
    );
  }

  onApplicationBootstrap(): void {
    this.periodic.start({ runNow: false });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.periodic.stop();
  }

  /** One sweep, or null when another replica is sweeping. */
  async sweep(): Promise<SweepResult | null> {
    return withSessionLock(this.dataSource, LOCK_IDS.sweeper, async () => {
      const result: SweepResult = { checked: 0, requeued: 0, failed: 0 };
      let after: { createdAt: Date; id: string } | null = null;
      for (;;) {
        const tasks = await this.unfinished(after);
        if (tasks.length === 0 || this.periodic.stopping) break;
        await this.reconcile(tasks, result);
        const last = tasks.at(-1)!;
        after = { createdAt: last.createdAt, id: last.id };
      }
      if (result.requeued > 0 || result.failed > 0) {
        this.logger.warn(`Requeued ${result.requeued} task(s) that had no job; failed ${result.failed} stalled one(s)`);
      }
      return result;
    });
  }

  /** The next batch of unfinished tasks older than the grace period, oldest first. */
  private unfinished(after: { createdAt: Date; id: string } | null): Promise<TaskEntity[]> {
    return this.store.unfinishedSince(this.config.sweepGraceMs, after, SWEEP_BATCH);
  }

  private async reconcile(tasks: TaskEntity[], result: SweepResult): Promise<void> {
    result.checked += tasks.length;
    // One pipeline for all: every queue lives in the same Redis, each task's job in its type's queue.
    const pipeline = this.queues.main.client.pipeline();
    for (const task of tasks) {
      const queue = this.queues.of(task.taskType);
      pipeline.exists(queue.toKey(task.id));
      pipeline.zscore(queue.toKey('failed'), task.id);
    }
    const answers = (await pipeline.exec()) ?? [];
    const missing: TaskEntity[] = [];
    const failedByBull: TaskEntity[] = [];
    tasks.forEach((task, index) => {
      const exists = answers[index * 2]?.[1] === 1;
      const inFailedSet = answers[index * 2 + 1]?.[1] !== null;
      if (!exists) missing.push(task);
      else if (inFailedSet) failedByBull.push(task);
    });
    // A task that has started every attempt of its budget is not revived: it fails (`exhaust`).
    const spent = missing.filter((task) => task.attempts >= task.maxAttempts);
    const toQueue = missing.filter((task) => task.attempts < task.maxAttempts);
    if (toQueue.length > 0) {
      await this.queues.enqueue(toQueue);
      result.requeued += toQueue.length;
    }
    for (const task of spent) {
      const exhausted = await this.store.exhaust(task.id);
      if (exhausted) {
        this.events.publish(exhausted.events);
        result.failed += 1;
      }
    }
    for (const task of failedByBull) if (await this.failStalled(task)) result.failed += 1;
  }

  /** Records Bull's own failure of a job (stalled too often) on the row, and drops the job. */
  private async failStalled(task: TaskEntity): Promise<boolean> {
    const job = await this.queues.of(task.taskType).getJob(task.id);
    const reason = job?.failedReason || 'the job failed in the queue';
    const failed = await this.store.failStalled(task.id, reason);
    await job?.remove().catch(() => undefined);
    if (failed) this.events.publish(failed.events);
    return failed !== null;
  }
}
