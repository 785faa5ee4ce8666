import { Module } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module.js';
import { TaskEventsController } from './task-events.controller.js';
import { TaskEventsService } from './task-events.service.js';

/** Task events: published by whatever changes a task, streamed at `GET /tasks/events`. */
@Module({
  imports: [QueueModule],
  controllers: [TaskEventsController],
  providers: [TaskEventsService],
  exports: [TaskEventsService],
})
export class EventsModule {}
