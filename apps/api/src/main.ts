import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { loadApiConfig } from './config/api.config.js';
import { setupSwagger } from './docs/swagger.js';

async function bootstrap(): Promise<void> {
  // Validated before Nest starts, so a bad setting stops the API with one clear line.
  const config = loadApiConfig();
  const app = await NestFactory.create(AppModule, { logger: ['log', 'warn', 'error'] });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  setupSwagger(app);
  await app.listen(config.port, config.host);
  Logger.log(`Listening on http://${config.host}:${config.port} (docs at /docs)`, 'Api');
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? error.message : String(error), undefined, 'Api');
  process.exit(1);
});
