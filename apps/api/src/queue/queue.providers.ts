import { createRedisClient, createTasksQueue } from '@atropos/queue';
import type { TasksQueue } from '@atropos/queue';
import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';

export const TASKS_QUEUE_TOKEN = Symbol('TASKS_QUEUE');
/** A connection for health checks and heartbeats that fails at once when Redis is down. */
export const REDIS_PROBE = Symbol('REDIS_PROBE');

@Injectable()
export class QueueShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(TASKS_QUEUE_TOKEN) private readonly queue: TasksQueue,
    @Inject(REDIS_PROBE) private readonly probe: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.probe.disconnect();
    await this.queue.close().catch(() => undefined);
  }
}

export const queueProviders: Provider[] = [
  {
    provide: TASKS_QUEUE_TOKEN,
    inject: [API_CONFIG],
    useFactory: (config: ApiConfig) =>
      createTasksQueue({ redisUrl: config.redisUrl, prefix: config.queuePrefix, connectionName: 'atropos-api' }),
  },
  {
    provide: REDIS_PROBE,
    inject: [API_CONFIG],
    useFactory: (config: ApiConfig) => createRedisClient(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0 }),
  },
  QueueShutdown,
];
