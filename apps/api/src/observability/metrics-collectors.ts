import type { PoolLike } from '@atropos/observability';
import { databasePoolGauge } from '@atropos/observability';
import { readLiveWorkers } from '@atropos/queue';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { withTimeout } from '../common/with-timeout.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { REDIS_PROBE } from '../queue/queue.providers.js';
import { PoolsService } from '../queue/pools.service.js';
import { TaskQueues } from '../queue/task-queues.js';
import { ApiMetrics } from './api-metrics.js';

/** A scrape must answer even when PostgreSQL or Redis does not: a gauge not read keeps its last value. */
const READ_TIMEOUT_MS = 1_000;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'paused', 'failed'] as const;

/**
 * Fills in, at each scrape, the gauges that describe shared state rather than this process: the
 * queue's job counts, the live workers and their slots, and the tasks processing past their
 * timeout. Three small reads per scrape (Bull's counts, the heartbeat keys, one indexed count).
 */
@Injectable()
export class MetricsCollectors {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly metrics: ApiMetrics,
    private readonly dataSource: DataSource,
    private readonly queues: TaskQueues,
    private readonly pools: PoolsService,
    @Inject(REDIS_PROBE) private readonly redis: Redis,
  ) {
    databasePoolGauge(metrics.registry, () => (dataSource.driver as unknown as { master?: PoolLike }).master);
  }

  async refresh(): Promise<void> {
    await Promise.allSettled([this.readQueue(), this.readWorkers(), this.readOverdue(), this.readPools()]);
  }

  /** Each queue (pool of workers): its depth and live workers, as GET /queues shows them. */
  private async readPools(): Promise<void> {
    const pools = await withTimeout(this.pools.list(), READ_TIMEOUT_MS, 'queue figures timed out');
    for (const pool of pools) {
      for (const state of ['waiting', 'active', 'delayed'] as const) this.metrics.poolJobs.set({ queue: pool.name, state }, pool[state]);
      this.metrics.poolWorkers.set({ queue: pool.name }, pool.workers);
    }
  }

  /** Every queue: the main one, and the own queue of each type served over HTTP. */
  private async readQueue(): Promise<void> {
    const read = await withTimeout(
      Promise.all(this.queues.all().map(async (queue) => [queue.name, await queue.getJobCounts(), await queue.isPaused()] as const)),
      READ_TIMEOUT_MS,
      'queue counts timed out',
    );
    for (const [queue, counts, paused] of read) {
      for (const state of QUEUE_STATES)
        this.metrics.queueJobs.set({ queue, state }, (counts as unknown as Record<string, number>)[state] ?? 0);
      this.metrics.queuePaused.set({ queue }, paused ? 1 : 0);
    }
  }

  private async readWorkers(): Promise<void> {
    const live = await withTimeout(readLiveWorkers(this.redis, this.config.queuePrefix), READ_TIMEOUT_MS, 'heartbeats timed out');
    this.metrics.workersLive.set(live.length);
    this.metrics.workerSlots.set(live.reduce((sum, worker) => sum + worker.concurrency, 0));
  }

  private async readOverdue(): Promise<void> {
    const [row] = await withTimeout(
      this.dataSource.query<Array<{ overdue: number }>>(
        `SELECT count(*)::int AS overdue FROM tasks
          WHERE status = 'processing' AND started_at < now() - timeout_s * interval '1 second'`,
      ),
      READ_TIMEOUT_MS,
      'overdue count timed out',
    );
    this.metrics.overdue.set(row?.overdue ?? 0);
  }
}
