import { TaskTypeCatalog } from '@atropos/tasks';
import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { WorkerConfig } from './worker.config.js';
import { WORKER_CONFIG } from './worker.config.js';

/** What the worker read before Nest started: its settings and the task types. */
export interface WorkerStartup {
  config: WorkerConfig;
  catalog: TaskTypeCatalog;
}

/** Provides what the worker read at start to every module: WORKER_CONFIG and the TaskTypeCatalog. */
@Module({})
export class ConfigModule {
  static with(startup: WorkerStartup): DynamicModule {
    const providers = [
      { provide: WORKER_CONFIG, useValue: startup.config },
      { provide: TaskTypeCatalog, useValue: startup.catalog },
    ];
    return { module: ConfigModule, global: true, providers, exports: providers.map(({ provide }) => provide) };
  }
}
