import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { EventsModule } from '../events/events.module.js';
import { ObservabilityModule } from '../observability/observability.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { TaskRunnerService } from './task-runner.service.js';

/** The queue's one processor: claims each job's attempt, runs its handler, records the outcome. */
@Module({
  imports: [DatabaseModule, QueueModule, EventsModule, ObservabilityModule],
  providers: [TaskRunnerService],
  exports: [TaskRunnerService],
})
export class RunnerModule {}
