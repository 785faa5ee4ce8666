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
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { WorkerLogger } from '../logger.js';
import type { WorkerConfig } from '../worker-config.js';

/** How an attempt ended, as the run-duration histogram labels it. */
export type AttemptOutcome = 'completed' | 'retried' | 'failed' | 'cancelled' | 'handed_back' | 'superseded';

/**
 * The worker's Prometheus metrics, served on METRICS_PORT (no listener when it is unset; the
 * counters cost the same either way: a few additions per attempt).
 */
export class WorkerMetrics {
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
    private readonly config: WorkerConfig,
    dataSource: DataSource,
    private readonly logger: WorkerLogger,
  ) {
    this.capacity.set(config.concurrency);
    databasePoolGauge(this.registry, () => (dataSource.driver as unknown as { master?: PoolLike }).master);
    countRedisCommandErrors(this.registry, Redis);
  }

  /** Serves GET /metrics on METRICS_PORT; nothing when it is unset. */
  async start(): Promise<void> {
    const { metricsPort, metricsHost } = this.config;
    if (metricsPort === undefined) return;
    this.server = await serveMetrics(this.registry, metricsPort, metricsHost);
    this.logger.info(`Metrics at http://${metricsHost}:${listeningPort(this.server)}/metrics`);
  }

  stop(): void {
    this.server?.close();
  }
}
