import { TaskTypeCatalog } from '@atropos/tasks';
import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { WorkflowDefinition } from '../workflows/workflow-definitions.js';
import { WORKFLOW_DEFINITIONS } from '../workflows/workflow-definitions.js';
import type { ApiConfig } from './api.config.js';
import { API_CONFIG } from './api.config.js';

/** What the API read before Nest started: its settings, the task types and the workflows. */
export interface ApiStartup {
  config: ApiConfig;
  catalog: TaskTypeCatalog;
  workflows: WorkflowDefinition[];
}

/** Provides what the API read at start to every module: API_CONFIG, the TaskTypeCatalog and WORKFLOW_DEFINITIONS. */
@Module({})
export class ConfigModule {
  static with(startup: ApiStartup): DynamicModule {
    const providers = [
      { provide: API_CONFIG, useValue: startup.config },
      { provide: TaskTypeCatalog, useValue: startup.catalog },
      { provide: WORKFLOW_DEFINITIONS, useValue: startup.workflows },
    ];
    return { module: ConfigModule, global: true, providers, exports: providers.map(({ provide }) => provide) };
  }
}
