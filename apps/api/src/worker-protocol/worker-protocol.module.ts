import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { EventsModule } from '../events/events.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { HttpJobs } from './http-jobs.js';
import { WorkerProtocolController } from './worker-protocol.controller.js';
import { WorkerProtocolService } from './worker-protocol.service.js';

/** `/worker`: workers in any language claim tasks of the types served over HTTP and report on them. */
@Module({
  imports: [DatabaseModule, QueueModule, EventsModule],
  controllers: [WorkerProtocolController],
  providers: [WorkerProtocolService, HttpJobs],
})
export class WorkerProtocolModule {}
