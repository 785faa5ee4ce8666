import { Module } from '@nestjs/common';
import { queueProviders, REDIS_PROBE, TASKS_QUEUE_TOKEN } from './queue.providers.js';

/** The Redis connections: the Bull queue tasks are queued on, and the probe for checks, counters and events. */
@Module({
  providers: queueProviders,
  exports: [TASKS_QUEUE_TOKEN, REDIS_PROBE],
})
export class QueueModule {}
