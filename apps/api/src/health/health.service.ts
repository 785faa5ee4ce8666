import { readLiveWorkers } from '@atropos/queue';
import type { WorkerHeartbeat } from '@atropos/tasks';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { withTimeout } from '../common/with-timeout.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import type { PoolState } from '../queue/pools.service.js';
import { PoolsService } from '../queue/pools.service.js';
import { REDIS_PROBE } from '../queue/queue.providers.js';

/** A dependency that does not answer within this time counts as down: /health must answer fast. */
const CHECK_TIMEOUT_MS = 1_000;

export interface DependencyCheck {
  status: 'up' | 'down';
  latency_ms: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  database: DependencyCheck;
  redis: DependencyCheck;
  workers: { count: number; live: WorkerHeartbeat[] };
  /** Each queue (pool): its depth and live workers; empty when they could not be read in time. */
  queues: PoolState[];
}

@Injectable()
export class HealthService {
  /** The check under way: concurrent calls share it, so a flood of /health costs one probe of each. */
  private inFlight: Promise<HealthReport> | null = null;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly dataSource: DataSource,
    @Inject(REDIS_PROBE) private readonly redis: Redis,
    private readonly pools: PoolsService,
  ) {}

  /** `down` if PostgreSQL or Redis is unreachable; `degraded` if they are up but no worker is alive. */
  check(): Promise<HealthReport> {
    this.inFlight ??= this.run().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /**
   * Four reads at once, each bounded by CHECK_TIMEOUT_MS: a ping to each dependency,
   * and the live workers from the heartbeat registry (one bounded range read, not a keyspace scan,
   * so nothing goes on working after the timeout has answered for it), and each queue's figures.
   */
  private async run(): Promise<HealthReport> {
    const [database, redis, live, pools] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.redis.ping()),
      withTimeout(readLiveWorkers(this.redis, this.config.queuePrefix), CHECK_TIMEOUT_MS, 'timeout').catch(() => []),
      withTimeout(this.pools.list(), CHECK_TIMEOUT_MS, 'timeout').catch(() => []),
    ]);
    const workers = redis.status === 'up' ? live : [];
    const status = database.status === 'down' || redis.status === 'down' ? 'down' : workers.length === 0 ? 'degraded' : 'ok';
    return { status, database, redis, workers: { count: workers.length, live: workers }, queues: redis.status === 'up' ? pools : [] };
  }
}

async function probe(call: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now();
  try {
    await withTimeout(call(), CHECK_TIMEOUT_MS, `no answer within ${CHECK_TIMEOUT_MS} ms`);
    return { status: 'up', latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      latency_ms: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
