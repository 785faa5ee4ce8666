import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { EventsModule } from '../events/events.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ScheduleFiringService } from './schedule-firing.service.js';
import { SchedulesController } from './schedules.controller.js';
import { SchedulesService } from './schedules.service.js';

/** `/schedules`, and the ticker that fires them (config/schedules.json is applied at start). */
@Module({
  imports: [DatabaseModule, QueueModule, EventsModule, TasksModule],
  controllers: [SchedulesController],
  providers: [ScheduleFiringService, SchedulesService],
})
export class SchedulesModule {}
