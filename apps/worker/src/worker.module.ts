import { loadTaskTypeCatalog } from '@atropos/tasks/config';
import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { WorkerStartup } from './config/config.module.js';
import { ConfigModule } from './config/config.module.js';
import { loadWorkerConfig } from './config/worker.config.js';
import { ControlModule } from './control/control.module.js';
import { HeartbeatModule } from './heartbeat/heartbeat.module.js';
import { RunnerModule } from './runner/runner.module.js';

export type { WorkerStartup } from './config/config.module.js';

/**
 * Nest starts modules deepest first and stops them in the reverse order: the pool and the queue
 * are up before the runner takes a job, and on SIGTERM the runner drains (before shutdown) while
 * the heartbeat still beats; then the heartbeat stops, and the pool closes last.
 */
@Module({
  imports: [RunnerModule, HeartbeatModule, ControlModule],
})
export class WorkerModule {
  /** The worker with what it read at start: its settings and the task types. */
  static with(startup: WorkerStartup): DynamicModule {
    return { module: WorkerModule, imports: [ConfigModule.with(startup)] };
  }
}

/**
 * Reads the environment and config/task-types.json once, before Nest starts, so that a bad value
 * stops the worker with one line naming what to fix.
 */
export function loadWorkerStartup(): WorkerStartup {
  const config = loadWorkerConfig();
  return { config, catalog: loadTaskTypeCatalog(config.configDir) };
}
