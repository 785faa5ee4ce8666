import { createTasksQueue } from '@atropos/queue';
import type { Provider } from '@nestjs/common';
import type { WorkerConfig } from '../worker-config.js';
import { WORKER_CONFIG } from '../worker-config.js';

export const TASKS_QUEUE_TOKEN = Symbol('TASKS_QUEUE');

export const tasksQueueProvider: Provider = {
  provide: TASKS_QUEUE_TOKEN,
  inject: [WORKER_CONFIG],
  useFactory: (config: WorkerConfig) =>
    createTasksQueue({
      redisUrl: config.redisUrl,
      prefix: config.queuePrefix,
      connectionName: 'atropos-worker',
      settings: {
        // How often this worker looks for jobs whose worker died or handed them back.
        stalledInterval: config.stalledCheckIntervalMs,
        // A job handed back at several rolling restarts must not be failed as "stalled".
        maxStalledCount: 5,
      },
    }),
};
