import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { EventsModule } from '../events/events.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { TaskSweeperService } from './task-sweeper.service.js';

/** Puts back the job of any unfinished task that has none in Redis. */
@Module({
  imports: [DatabaseModule, QueueModule, EventsModule],
  providers: [TaskSweeperService],
})
export class SweeperModule {}
