import type { TaskEntity } from '@atropos/db';
import type { TaskJobData } from '@atropos/queue';
import { fairPriority } from '@atropos/queue';
import type { JobOptions } from 'bull';
import type { ApiConfig } from '../config/api.config.js';
import { traceCarrierOf } from '../observability/task-trace.js';

/**
 * How a task is queued: jobId = task id (queueing twice is harmless), Bull's own retries with
 * exponential backoff up to the task's attempt budget, its priority (and the round of its
 * concurrency key, see fair-rounds.ts) and schedule, and no trace
 * left in Redis once the task is final (PostgreSQL keeps the history).
 */
export function taskJob(task: TaskEntity, config: ApiConfig, round = 0): { data: TaskJobData; opts: JobOptions } {
  const delay = task.scheduledFor ? Math.max(0, task.scheduledFor.getTime() - Date.now()) : 0;
  return {
    data: { taskId: task.id, ...(task.concurrencyKey == null ? {} : { keyed: true as const }), ...traceCarrierOf(task) },
    opts: {
      jobId: task.id,
      // The task's priority first, then its key's round (fairPriority): keys take turns within a priority.
      priority: fairPriority(task.priority, round),
      // Bull counts only the attempts it retries; the row counts every attempt, so this never runs out first.
      attempts: task.maxAttempts,
      backoff: { type: 'exponential', delay: config.retryBackoffMs },
      ...(delay > 0 ? { delay } : {}),
      removeOnComplete: true,
      removeOnFail: true,
    },
  };
}
