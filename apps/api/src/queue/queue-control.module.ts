import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { EventsModule } from '../events/events.module.js';
import { QueueControlController } from './queue-control.controller.js';
import { QueueControlService } from './queue-control.service.js';
import { QueueModule } from './queue.module.js';
import { QueuesController } from './queues.controller.js';

/** `/queue`: its state, pause, resume and flush; `/queues`: the same per queue (pool of workers). */
@Module({
  imports: [DatabaseModule, QueueModule, EventsModule],
  controllers: [QueueControlController, QueuesController],
  providers: [QueueControlService],
  exports: [QueueControlService],
})
export class QueueControlModule {}
