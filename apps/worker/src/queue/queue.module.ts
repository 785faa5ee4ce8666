import { Module } from '@nestjs/common';
import { TASKS_QUEUE_TOKEN, tasksQueueProvider } from './tasks-queue.provider.js';

/** The Bull queue the worker takes jobs from (the runner closes it once it has drained). */
@Module({
  providers: [tasksQueueProvider],
  exports: [TASKS_QUEUE_TOKEN],
})
export class QueueModule {}
