import type { ServedTaskType, TaskTypeRegistry } from '@atropos/db';
import { createRedisClient, removeHeartbeat, writeHeartbeat } from '@atropos/queue';
import type { WorkerHeartbeat } from '@atropos/tasks';
import os from 'node:os';
import type { WorkerLogger } from '../logger.js';
import type { WorkerConfig } from '../worker-config.js';

/**
 * Tells /health and the task-type catalog that this worker is alive and what it runs: a Redis key
 * refreshed every HEARTBEAT_INTERVAL_MS that expires after three missed beats, so a killed worker
 * drops out, and the same expiry pushed forward on the worker's rows of task_type_workers.
 */
export class Heartbeat {
  private readonly redis;
  private readonly startedAt = new Date().toISOString();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: WorkerConfig,
    private readonly logger: WorkerLogger,
    private readonly registry: TaskTypeRegistry,
    private readonly served: ServedTaskType[],
    /** The queues (pools) it serves, which /queues counts its live workers by. */
    private readonly queues: string[],
    private readonly activeTaskIds: () => string[],
  ) {
    this.redis = createRedisClient(config.redisUrl, { lazyConnect: true });
    this.redis.on('error', () => undefined);
  }

  /** How long one beat keeps the worker alive. */
  get ttlMs(): number {
    return this.config.heartbeatIntervalMs * 3;
  }

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.config.heartbeatIntervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await removeHeartbeat(this.redis, this.config.queuePrefix, this.config.workerId).catch(() => undefined);
    this.redis.disconnect();
  }

  private async beat(): Promise<void> {
    const heartbeat: WorkerHeartbeat = {
      worker_id: this.config.workerId,
      hostname: os.hostname(),
      pid: process.pid,
      concurrency: this.config.concurrency,
      started_at: this.startedAt,
      seen_at: new Date().toISOString(),
      active_task_ids: this.activeTaskIds(),
      queues: this.queues,
    };
    await Promise.all([
      writeHeartbeat(this.redis, this.config.queuePrefix, heartbeat, this.ttlMs).catch((error: unknown) =>
        this.logger.warn(`Heartbeat not written (Redis unreachable?): ${String(error)}`),
      ),
      this.registry
        .keepAlive(this.config.workerId, this.served, this.ttlMs)
        .catch((error: unknown) => this.logger.warn(`Task types not kept alive (PostgreSQL unreachable?): ${String(error)}`)),
    ]);
  }
}
