import { Module } from '@nestjs/common';
import { TaskEventsPublisher } from './task-events.publisher.js';

/** Publishes each status and progress write for the API's live event stream. */
@Module({
  providers: [TaskEventsPublisher],
  exports: [TaskEventsPublisher],
})
export class EventsModule {}
