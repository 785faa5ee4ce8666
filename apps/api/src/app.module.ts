import { TaskTypeCatalog } from '@atropos/tasks';
import { loadTaskTypeCatalog } from '@atropos/tasks/config';
import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { SchemaValidationPipe } from './common/validation.js';
import { ArtifactsController } from './artifacts/artifacts.controller.js';
import { ArtifactsService } from './artifacts/artifacts.service.js';
import type { ApiConfig } from './config/api.config.js';
import { API_CONFIG, loadApiConfig } from './config/api.config.js';
import { databaseProviders } from './database/database.providers.js';
import { TaskEventsController } from './events/task-events.controller.js';
import { TaskEventsService } from './events/task-events.service.js';
import { HealthController } from './health/health.controller.js';
import { HealthService } from './health/health.service.js';
import { QueueControlController } from './queue/queue-control.controller.js';
import { QueueControlService } from './queue/queue-control.service.js';
import { queueProviders } from './queue/queue.providers.js';
import { RetentionService } from './retention/retention.service.js';
import { ApiKeyGuard } from './security/api-key.guard.js';
import { RateLimitGuard } from './security/rate-limit.guard.js';
import { StatsController } from './stats/stats.controller.js';
import { StatsService } from './stats/stats.service.js';
import { TaskSweeperService } from './sweeper/task-sweeper.service.js';
import { TaskTypesController } from './task-types/task-types.controller.js';
import { TaskTypesService } from './task-types/task-types.service.js';
import { TaskActionsService } from './tasks/task-actions.service.js';
import { TaskCreationService } from './tasks/task-creation.service.js';
import { TasksController } from './tasks/tasks.controller.js';
import { TasksService } from './tasks/tasks.service.js';
import type { WorkflowDefinition } from './workflows/workflow-definitions.js';
import { loadWorkflowDefinitions, WORKFLOW_DEFINITIONS } from './workflows/workflow-definitions.js';
import { WorkflowEngineService } from './workflows/workflow-engine.service.js';
import { WorkflowRunsController } from './workflows/workflow-runs.controller.js';
import { WorkflowRunsService } from './workflows/workflow-runs.service.js';
import { WorkflowsController } from './workflows/workflows.controller.js';

@Module({
  // StatsController (GET /tasks/stats) and TaskEventsController (GET /tasks/events) first: routes
  // match in registration order, and TasksController's GET /tasks/:id would otherwise take their
  // last segment for a (malformed) id.
  controllers: [
    StatsController,
    TaskEventsController,
    TasksController,
    ArtifactsController,
    TaskTypesController,
    WorkflowsController,
    WorkflowRunsController,
    QueueControlController,
    HealthController,
  ],
  providers: [
    { provide: APP_PIPE, useClass: SchemaValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    // In this order: the rate limit counts per API key, which the key guard has identified.
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    ...databaseProviders,
    ...queueProviders,
    TaskEventsService,
    TaskTypesService,
    TasksService,
    ArtifactsService,
    TaskCreationService,
    TaskActionsService,
    QueueControlService,
    HealthService,
    StatsService,
    RetentionService,
    TaskSweeperService,
    WorkflowEngineService,
    WorkflowRunsService,
  ],
})
export class AppModule {
  /** The API with what it read at start: its settings, the task types and the workflows. */
  static with(startup: ApiStartup): DynamicModule {
    return {
      module: AppModule,
      providers: [
        { provide: API_CONFIG, useValue: startup.config },
        { provide: TaskTypeCatalog, useValue: startup.catalog },
        { provide: WORKFLOW_DEFINITIONS, useValue: startup.workflows },
      ],
    };
  }
}

export interface ApiStartup {
  config: ApiConfig;
  catalog: TaskTypeCatalog;
  workflows: WorkflowDefinition[];
}

/**
 * Reads the environment and the operator's files (task-types.json, workflows.json) once, before
 * Nest starts, so that a bad value stops the API with one line naming what to fix.
 */
export function loadApiStartup(): ApiStartup {
  const config = loadApiConfig();
  const catalog = loadTaskTypeCatalog(config.configDir);
  return { config, catalog, workflows: loadWorkflowDefinitions(config.configDir, catalog) };
}
