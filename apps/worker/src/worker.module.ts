import { TaskTypeCatalog } from '@atropos/tasks';
import { loadTaskTypeCatalog } from '@atropos/tasks/config';
import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { WorkerConfig } from './config/worker.config.js';
import { loadWorkerConfig, WORKER_CONFIG } from './config/worker.config.js';
import {
  ControlListenerService,
  databaseProviders,
  HeartbeatService,
  TASK_HANDLERS,
  TaskEventsPublisher,
  TaskRunnerService,
  tasksQueueProvider,
} from '@atropos/worker';
import { taskHandlers } from './handlers/task-handlers.js';

@Module({
  providers: [
    ...databaseProviders,
    tasksQueueProvider,
    TaskEventsPublisher,
    TaskRunnerService,
    HeartbeatService,
    ControlListenerService,
  ],
})
export class WorkerModule {
  /** The worker with what it read at start: its settings and the task types. */
  static with(startup: WorkerStartup): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: WORKER_CONFIG, useValue: startup.config },
        { provide: TaskTypeCatalog, useValue: startup.catalog },
        { provide: TASK_HANDLERS, useValue: taskHandlers },
      ],
    };
  }
}

export interface WorkerStartup {
  config: WorkerConfig;
  catalog: TaskTypeCatalog;
}

/**
 * Reads the environment and config/task-types.json once, before Nest starts, so that a bad value
 * stops the worker with one line naming what to fix.
 */
export function loadWorkerStartup(): WorkerStartup {
  const config = loadWorkerConfig();
  return { config, catalog: loadTaskTypeCatalog(config.configDir) };
}
