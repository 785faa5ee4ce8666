import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { EventsModule } from '../events/events.module.js';
import { QueueControlController } from './queue-control.controller.js';
import { QueueControlService } from './queue-control.service.js';
import { QueueModule } from './queue.module.js';

/** `/queue`: its state, pause, resume and flush. */
@Module({
  imports: [DatabaseModule, QueueModule, EventsModule],
  controllers: [QueueControlController],
  providers: [QueueControlService],
})
export class QueueControlModule {}
