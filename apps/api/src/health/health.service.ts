import { readLiveWorkers } from '@atropos/queue';
import type { WorkerHeartbeat } from '@atropos/tasks';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { withTimeout } from '../common/with-timeout.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
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
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly dataSource: DataSource,
    @Inject(REDIS_PROBE) private readonly redis: Redis,
  ) {}

  /** `down` if PostgreSQL or Redis is unreachable; `degraded` if they are up but no worker is alive. */
  async check(): Promise<HealthReport> {
    const [database, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.redis.ping()),
    ]);
    const live =
      redis.status === 'up'
        ? await withTimeout(readLiveWorkers(this.redis, this.config.queuePrefix), CHECK_TIMEOUT_MS, 'timeout').catch(() => [])
        : [];
    const status = database.status === 'down' || redis.status === 'down' ? 'down' : live.length === 0 ? 'degraded' : 'ok';
    return { status, database, redis, workers: { count: live.length, live } };
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
