import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadWorkerStartup, WorkerModule } from './worker.module.js';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule.with(loadWorkerStartup()), { logger: ['log', 'warn', 'error'] });
  // SIGTERM/SIGINT run the shutdown hooks: stop taking jobs, finish or hand back the rest.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? error.message : String(error), undefined, 'Worker');
  process.exit(1);
});
