import type { WorkerHeartbeat } from '@atropos/queue';
import { createRedisClient, removeHeartbeat, writeHeartbeat } from '@atropos/queue';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import os from 'node:os';
import type { WorkerConfig } from '../worker-config.js';
import { WORKER_CONFIG } from '../worker-config.js';
import { TaskRunnerService } from '../runner/task-runner.service.js';

/**
 * Tells /health that this worker is alive and what it runs: a Redis key refreshed every
 * HEARTBEAT_INTERVAL_MS that expires after three missed beats, so a killed worker drops out.
 */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HeartbeatService.name);
  private readonly redis;
  private readonly startedAt = new Date().toISOString();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly runner: TaskRunnerService,
  ) {
    this.redis = createRedisClient(config.redisUrl, { lazyConnect: true });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.config.heartbeatIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
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
      active_task_ids: this.runner.activeTaskIds(),
    };
    try {
      await writeHeartbeat(this.redis, this.config.queuePrefix, heartbeat, this.config.heartbeatIntervalMs * 3);
    } catch (error) {
      this.logger.warn(`Heartbeat not written (Redis unreachable?): ${String(error)}`);
    }
  }
}
