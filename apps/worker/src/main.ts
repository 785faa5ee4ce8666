import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadWorkerConfig } from './config/worker.config.js';
import { WorkerModule } from './worker.module.js';

async function bootstrap(): Promise<void> {
  // Validated before Nest starts, so a bad setting stops the worker with one clear line.
  loadWorkerConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['log', 'warn', 'error'] });
  // SIGTERM/SIGINT run the shutdown hooks: stop taking jobs, finish or hand back the rest.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? error.message : String(error), undefined, 'Worker');
  process.exit(1);
});
