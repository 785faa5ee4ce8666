import { Module } from '@nestjs/common';
import { ArtifactsModule } from '../artifacts/artifacts.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { EventsModule } from '../events/events.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { BulkOperationsController } from './bulk-operations.controller.js';
import { BulkOperationsService } from './bulk-operations.service.js';
import { TaskActionsService } from './task-actions.service.js';
import { TaskCreationService } from './task-creation.service.js';
import { TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';

/**
 * `/tasks`: create (one or a batch), read, list, cancel, retry, delete, and the last three in bulk
 * (`POST /tasks/bulk`, `/bulk-operations/{id}`). Workflows reuse its actions.
 */
@Module({
  imports: [DatabaseModule, QueueModule, EventsModule, ArtifactsModule],
  controllers: [BulkOperationsController, TasksController],
  providers: [TasksService, TaskCreationService, TaskActionsService, BulkOperationsService],
  exports: [TaskActionsService, TasksService],
})
export class TasksModule {}
