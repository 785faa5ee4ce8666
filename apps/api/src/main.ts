import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { loadTaskTypeCatalog } from '@atropos/tasks/config';
import { loadApiConfig } from './config/api.config.js';
import { setupSwagger } from './docs/swagger.js';
import { loadWorkflowDefinitions } from './workflows/workflow-definitions.js';

async function bootstrap(): Promise<void> {
  // Validated before Nest starts, so a bad setting stops the API with one clear line.
  const config = loadApiConfig();
  // Likewise the operator's files: a bad config/task-types.json or workflows.json is named before
  // anything connects.
  loadWorkflowDefinitions(config.configDir, loadTaskTypeCatalog(config.configDir));
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger: ['log', 'warn', 'error'],
    bodyParser: false,
  });
  // A weak ETag means hashing every JSON body; API clients poll with their own cursors instead.
  app.set('etag', false);
  app.useBodyParser('json', { limit: `${config.bodyLimitKb}kb`, reviver: refuseProtoKeys });
  // Security headers on every answer; the CSP is relaxed only as far as Swagger UI at /docs needs.
  app.use(
    headersComputedOnce(
      helmet({
        contentSecurityPolicy: {
          directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:', 'validator.swagger.io'] },
        },
      }),
    ),
  );
  // No CORS unless origins are listed: the web UI reaches the API through its own server.
  if (config.corsOrigins.length > 0) app.enableCors({ origin: config.corsOrigins });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  setupSwagger(app);
  await app.listen(config.port, config.host);
  Logger.log(`Listening on http://${config.host}:${config.port} (docs at /docs)`, 'Api');
}

/**
 * helmet's headers depend on its options only, yet its thirteen middlewares rebuild and set them on
 * every request (5 % of the API's CPU on `POST /tasks`, profiled in bench/RESULTS.md): this runs
 * them once against a recording response and replays what they set and removed.
 */
function headersComputedOnce(middleware: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void) {
  const set = new Map<string, string | number | readonly string[]>();
  const removed = new Set<string>();
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => set.set(name, value),
    removeHeader: (name: string) => removed.add(name),
  };
  let finished = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('The security headers middleware did not finish at once; it cannot be precomputed');
  const headers = [...set];
  return (_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}

/** Keys that could reach an object's prototype are refused outright rather than silently dropped. */
function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
    throw new SyntaxError(`"${key}" is not allowed as a key`);
  }
  return value;
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? error.message : String(error), undefined, 'Api');
  process.exit(1);
});
