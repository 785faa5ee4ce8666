// First: tracing (when configured) must patch pg, ioredis and http before anything loads them.
import './observability/preload.js';
import 'reflect-metadata';
import type { Logger as PinoLogger } from '@atropos/observability';
import { PinoNestLogger } from '@atropos/observability';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule, loadApiStartup } from './app.module.js';
import { auditRequests } from './audit/audit.middleware.js';
import { AuditLogService } from './audit/audit-log.service.js';
import { answerMalformedRequests } from './common/client-error.js';
import { limitJsonDepth } from './common/json-depth.js';
import { setupSwagger } from './docs/swagger.js';
import { ApiMetrics } from './observability/api-metrics.js';
import { httpMetrics } from './observability/http-metrics.middleware.js';
import { ROOT_LOGGER } from './observability/observability.module.js';
import { requestLog } from './observability/request-log.js';
import { ApiKeyStore } from './security/api-key-store.js';
import { openApiRefusal } from './security/open-api-check.js';

async function bootstrap(): Promise<void> {
  const startup = loadApiStartup();
  const { config } = startup;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(startup), {
    bodyParser: false,
    bufferLogs: true,
  });
  // Nest's own lines and every `new Logger(…)` are pino lines, with the request's id inside a request.
  const logger = app.get<PinoLogger>(ROOT_LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  // First of all, so that every line about a request (a malformed body's included) names it.
  app.use(requestLog(logger));
  // A weak ETag means hashing every JSON body; API clients poll with their own cursors instead.
  app.set('etag', false);
  // Behind a proxy (the web server signing people in, a load balancer), the client is the one its
  // X-Forwarded-For names, for the sign-in throttle, the rate limits and the audit log; only the
  // proxies listed in TRUST_PROXY are believed, so no one else can pose as another address.
  if (config.trustProxy.length > 0) app.set('trust proxy', config.trustProxy);
  // The depth limit runs as body-parser's `verify` hook, on the raw bytes before JSON.parse and its
  // reviver. Nest's type leaves `verify` out because Nest sets it itself for `rawBody: true`, which
  // this app does not use; the option reaches body-parser as given.
  const verify = { verify: limitJsonDepth } as object;
  app.useBodyParser('json', { limit: `${config.bodyLimitKb}kb`, reviver: refuseProtoKeys, ...verify });
  app.disable('x-powered-by');
  // Security headers: JSON answers get the short set OWASP's REST Security Cheat Sheet lists (a
  // dozen of helmet's browser-page headers on every answer cost ~3 % of POST /tasks' CPU, for
  // pages an API never serves); Swagger UI, the one HTML the API serves, gets helmet's full set,
  // its CSP relaxed only as far as the UI needs.
  app.use(apiSecurityHeaders);
  // Per-request middleware goes through app.use (no path: Express' fast path); Nest's
  // forRoutes('{/*splat}') would match a pattern for each of them on every request.
  const metrics = app.get(ApiMetrics);
  if (metrics.enabled) app.use(httpMetrics(metrics));
  app.use(auditRequests(app.get(AuditLogService)));
  app.use(
    '/docs',
    helmet({
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:', 'validator.swagger.io'] },
      },
    }),
  );
  // No CORS unless origins are listed: the web UI reaches the API through its own server.
  if (config.corsOrigins.length > 0) app.enableCors({ origin: config.corsOrigins });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  setupSwagger(app);
  answerMalformedRequests(app.getHttpServer());
  // Closed by default: no listening where others can reach an API that asks nobody for a key.
  const refusal = openApiRefusal(config, await app.get(ApiKeyStore).keysConfigured());
  if (refusal) {
    // Nest holds its start-up lines until listen(); write them before the refusal that ends it.
    app.flushLogs();
    await app.close();
    throw new Error(refusal);
  }
  await app.listen(config.port, config.host);
  Logger.log(`Listening on http://${config.host}:${config.port} (docs at /docs)`, 'Api');
}

const API_SECURITY_HEADERS: ReadonlyArray<[string, string]> = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
];

function apiSecurityHeaders(_req: IncomingMessage, res: ServerResponse, next: () => void): void {
  for (const [name, value] of API_SECURITY_HEADERS) res.setHeader(name, value);
  next();
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
