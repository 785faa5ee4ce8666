import { TaskTypeCatalog } from '@atropos/tasks';
import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { SCHEDULE_DEFINITIONS } from '../schedules/schedule-definitions.js';
import type { ScheduleDeclaration } from '../schedules/schedule.schemas.js';
import type { WorkflowDefinition } from '../workflows/workflow-definitions.js';
import { WORKFLOW_DEFINITIONS } from '../workflows/workflow-definitions.js';
import type { ApiConfig } from './api.config.js';
import { API_CONFIG } from './api.config.js';

/** What the API read before Nest started: its settings, the task types, the workflows and the declared schedules. */
export interface ApiStartup {
  config: ApiConfig;
  catalog: TaskTypeCatalog;
  workflows: WorkflowDefinition[];
  schedules: ScheduleDeclaration[];
}

/** Provides what the API read at start to every module: API_CONFIG, the TaskTypeCatalog, WORKFLOW_DEFINITIONS and SCHEDULE_DEFINITIONS. */
@Module({})
export class ConfigModule {
  static with(startup: ApiStartup): DynamicModule {
    const providers = [
      { provide: API_CONFIG, useValue: startup.config },
      { provide: TaskTypeCatalog, useValue: startup.catalog },
      { provide: WORKFLOW_DEFINITIONS, useValue: startup.workflows },
      { provide: SCHEDULE_DEFINITIONS, useValue: startup.schedules },
    ];
    return { module: ConfigModule, global: true, providers, exports: providers.map(({ provide }) => provide) };
  }
}
