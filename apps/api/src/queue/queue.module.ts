import { Module } from '@nestjs/common';
import { queueProviders, REDIS_PROBE, TASKS_QUEUE_TOKEN } from './queue.providers.js';
import { TaskQueues } from './task-queues.js';

/** The Redis connections: the Bull queues tasks are queued on (TaskQueues says which), and the probe for checks, counters and events. */
@Module({
  providers: [...queueProviders, TaskQueues],
  exports: [TASKS_QUEUE_TOKEN, REDIS_PROBE, TaskQueues],
})
export class QueueModule {}
