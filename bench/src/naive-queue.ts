import Bull from 'bull';
import type { TaskJobData, TasksQueue } from '@atropos/queue';
import { TASKS_QUEUE } from '@atropos/queue';

/**
 * The tasks queue as a naive design opens it, for the ceiling and the bare app's stored POST: the
 * same Bull library, queue name and Redis, with the connections Bull makes itself (ioredis'
 * defaults). Not @atropos/queue's createTasksQueue: how Atropos tunes its connections (auto-
 * pipelining on the shared one) is part of what the bench measures, not of the baseline.
 */
export function openNaiveQueue(redisUrl: string, prefix: string, connectionName: string): TasksQueue {
  return new Bull<TaskJobData>(TASKS_QUEUE, redisUrl, { prefix, redis: { connectionName } });
}
