import { Module } from '@nestjs/common';
import { TaskTypeRegistryModule } from '../task-types/task-type-registry.module.js';
import { queueProviders, REDIS_PROBE, TASKS_QUEUE_TOKEN } from './queue.providers.js';
import { PoolsService } from './pools.service.js';
import { TaskQueues } from './task-queues.js';
import { WaitingReasons } from './waiting-reasons.js';

/**
 * The Redis connections: the Bull queues tasks are queued on (TaskQueues says which, from the task
 * types: TaskTypesService, exported along), and the probe for checks, counters and events.
 */
@Module({
  imports: [TaskTypeRegistryModule],
  providers: [...queueProviders, TaskQueues, PoolsService, WaitingReasons],
  exports: [TASKS_QUEUE_TOKEN, REDIS_PROBE, TaskQueues, PoolsService, WaitingReasons, TaskTypeRegistryModule],
})
export class QueueModule {}
