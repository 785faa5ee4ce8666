import type { TasksQueue } from '@atropos/queue';
import { createTasksQueue, poolQueueName, taskQueueName } from '@atropos/queue';
import type { AnyTask } from '../define-task.js';
import type { WorkerConfig } from '../worker-config.js';

/**
 * The Bull queue each task type's jobs are taken from: its own, else, when the options name a
 * shared one, that queue's for the type's pool (the name itself for the default pool).
 */
export function queueNameOf(task: AnyTask, config: WorkerConfig): string {
  return config.queue === undefined ? taskQueueName(task.name) : poolQueueName(task.queue, config.queue);
}

/** One Bull queue per distinct queue name the tasks use. */
export function openQueues(tasks: readonly AnyTask[], config: WorkerConfig): Map<string, TasksQueue> {
  const queues = new Map<string, TasksQueue>();
  for (const task of tasks) {
    const name = queueNameOf(task, config);
    if (queues.has(name)) continue;
    queues.set(
      name,
      createTasksQueue({
        name,
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
    );
  }
  return queues;
}
