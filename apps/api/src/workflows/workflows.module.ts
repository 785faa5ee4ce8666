import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { EventsModule } from '../events/events.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { WorkflowEngineService } from './workflow-engine.service.js';
import { WorkflowRunEventsService } from './workflow-run-events.service.js';
import { WorkflowApprovalsController, WorkflowRunsController } from './workflow-runs.controller.js';
import { WorkflowCatalogService } from './workflow-catalog.service.js';
import { WorkflowRunsService } from './workflow-runs.service.js';
import { WorkflowsController } from './workflows.controller.js';

/** `/workflows` and `/workflow-runs`, and the engine that moves each run on from step to step. */
@Module({
  imports: [DatabaseModule, QueueModule, EventsModule, TasksModule],
  controllers: [WorkflowsController, WorkflowRunsController, WorkflowApprovalsController],
  providers: [WorkflowEngineService, WorkflowRunsService, WorkflowRunEventsService, WorkflowCatalogService],
  exports: [WorkflowRunsService],
})
export class WorkflowsModule {}
