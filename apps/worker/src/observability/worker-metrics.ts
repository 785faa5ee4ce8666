import type { Server } from 'node:http';
import type { Registry } from '@atropos/observability';
import {
  countRedisCommandErrors,
  createRegistry,
  databasePoolGauge,
  Counter,
  Gauge,
  Histogram,
  listeningPort,
  QUEUE_WAIT_BUCKETS,
  RUN_DURATION_BUCKETS,
  serveMetrics,
  taskCounters,
} from '@atropos/observability';
import type { PoolLike } from '@atropos/observability';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { WorkerConfig } from '../config/worker.config.js';
import { WORKER_CONFIG } from '../config/worker.config.js';

/** How an attempt ended, as the run-duration histogram labels it. */
export type AttemptOutcome = 'completed' | 'retried' | 'failed' | 'cancelled' | 'handed_back' | 'superseded';

/**
 * The worker's Prometheus metrics, served on METRICS_PORT (no listener when it is unset; the
 * counters cost the same either way: a few additions per attempt).
 */
@Injectable()
export class WorkerMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  readonly registry: Registry = createRegistry();
  readonly tasks = taskCounters(this.registry);
  readonly runDuration = new Histogram({
    name: 'atropos_task_run_duration_seconds',
    help: 'Seconds an attempt ran, from the claim to its outcome, by type and outcome (completed, retried, failed, cancelled, handed_back, superseded).',
    labelNames: ['task_type', 'outcome'] as const,
    buckets: RUN_DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly queueWait = new Histogram({
    name: 'atropos_task_queue_wait_seconds',
    help: "Seconds a job waited from becoming due (queued, or its delay_ms / run_at) until a worker took it, by type; a retry's backoff is not counted.",
    labelNames: ['task_type'] as const,
    buckets: QUEUE_WAIT_BUCKETS,
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: 'atropos_attempts_in_flight',
    help: 'Attempts this worker is running right now.',
    registers: [this.registry],
  });
  readonly capacity = new Gauge({
    name: 'atropos_worker_concurrency',
    help: 'Attempts this worker may run at once (WORKER_CONCURRENCY).',
    registers: [this.registry],
  });
  readonly logLinesDropped = new Counter({
    name: 'atropos_task_log_lines_dropped_total',
    help: "Attempt log lines dropped past TASK_LOG_MAX_LINES (each attempt's log keeps a marker saying how many).",
    registers: [this.registry],
  });
  private server: Server | null = null;

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    dataSource: DataSource,
  ) {
    this.capacity.set(config.concurrency);
    databasePoolGauge(this.registry, () => (dataSource.driver as unknown as { master?: PoolLike }).master);
    countRedisCommandErrors(this.registry, Redis);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { metrics } = this.config;
    if (!metrics) return;
    this.server = await serveMetrics(this.registry, metrics.port, metrics.host);
    this.logger.log(`Metrics at http://${metrics.host}:${listeningPort(this.server)}/metrics`);
  }

  onApplicationShutdown(): void {
    this.server?.close();
  }
}
