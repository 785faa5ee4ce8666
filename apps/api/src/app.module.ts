import { loadTaskTypeCatalog } from '@atropos/tasks/config';
import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { ArtifactsModule } from './artifacts/artifacts.module.js';
import { AuditModule } from './audit/audit.module.js';
import { CommonModule } from './common/common.module.js';
import { loadApiConfig } from './config/api.config.js';
import type { ApiStartup } from './config/config.module.js';
import { ConfigModule } from './config/config.module.js';
import { EventsModule } from './events/events.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './observability/metrics.module.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { TaskLogsModule } from './observability/task-logs.module.js';
import { QueueControlModule } from './queue/queue-control.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { loadScheduleDefinitions } from './schedules/schedule-definitions.js';
import { SchedulesModule } from './schedules/schedules.module.js';
import { SecurityModule } from './security/security.module.js';
import { StatsModule } from './stats/stats.module.js';
import { SweeperModule } from './sweeper/sweeper.module.js';
import { TaskTypesModule } from './task-types/task-types.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { loadWorkflowDefinitions } from './workflows/workflow-definitions.js';
import { WorkflowsModule } from './workflows/workflows.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { WorkerProtocolModule } from './worker-protocol/worker-protocol.module.js';

export type { ApiStartup } from './config/config.module.js';

@Module({
  // Routes match in registration order, which is the order Nest first meets each module here
  // (depth first): StatsModule (GET /tasks/stats) and EventsModule (GET /tasks/events) come before
  // TasksModule, whose GET /tasks/:id would otherwise take their last segment for a (malformed) id.
  // Nothing imported above them may import TasksModule. Global guards run in the same order:
  // SecurityModule's (who is asking, how often) before CommonModule's (is what they sent storable).
  imports: [
    SecurityModule,
    CommonModule,
    StatsModule,
    EventsModule,
    TasksModule,
    TaskLogsModule,
    ArtifactsModule,
    TaskTypesModule,
    WorkflowsModule,
    SchedulesModule,
    QueueControlModule,
    WorkerProtocolModule,
    HealthModule,
    MetricsModule,
    AuditModule,
    RetentionModule,
    SweeperModule,
    WebhooksModule,
    DashboardModule,
  ],
})
export class AppModule {
  /** The API with what it read at start: its settings, the task types and the workflows. */
  static with(startup: ApiStartup): DynamicModule {
    return { module: AppModule, imports: [ConfigModule.with(startup), ObservabilityModule.with(startup.config)] };
  }
}

/**
 * Reads the environment and the operator's files (task-types.json, workflows.json, schedules.json) once, before
 * Nest starts, so that a bad value stops the API with one line naming what to fix.
 */
export function loadApiStartup(): ApiStartup {
  const config = loadApiConfig();
  const catalog = loadTaskTypeCatalog(config.configDir);
  return {
    config,
    catalog,
    workflows: loadWorkflowDefinitions(config.configDir, catalog),
    schedules: loadScheduleDefinitions(config.configDir, catalog),
  };
}
