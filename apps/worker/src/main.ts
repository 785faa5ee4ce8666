// First: tracing (when configured) must patch pg, ioredis and http before anything loads them.
import './observability/preload.js';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { workerNestLogger } from './observability/worker-logger.js';
import { loadWorkerStartup, WorkerModule } from './worker.module.js';

async function bootstrap(): Promise<void> {
  const startup = loadWorkerStartup();
  const app = await NestFactory.createApplicationContext(WorkerModule.with(startup), { logger: workerNestLogger(startup.config) });
  // SIGTERM/SIGINT run the shutdown hooks: stop taking jobs, finish or hand back the rest.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? error.message : String(error), undefined, 'Worker');
  process.exit(1);
});
