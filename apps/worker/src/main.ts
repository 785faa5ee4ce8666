import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadTaskTypeCatalog } from '@atropos/tasks/config';
import { loadWorkerConfig } from './config/worker.config.js';
import { WorkerModule } from './worker.module.js';

async function bootstrap(): Promise<void> {
  // Validated before Nest starts, so a bad setting stops the worker with one clear line.
  const config = loadWorkerConfig();
  // Likewise the task types: a bad config/task-types.json is named before anything connects.
  loadTaskTypeCatalog(config.configDir);
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['log', 'warn', 'error'] });
  // SIGTERM/SIGINT run the shutdown hooks: stop taking jobs, finish or hand back the rest.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? error.message : String(error), undefined, 'Worker');
  process.exit(1);
});
