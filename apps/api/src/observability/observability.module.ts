import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLogger } from '@atropos/observability';
import type { DynamicModule, MiddlewareConsumer, NestModule } from '@nestjs/common';
import { Global, Inject, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { ApiConfig } from '../config/api.config.js';
import { ApiMetrics } from './api-metrics.js';
import { httpMetrics } from './http-metrics.middleware.js';
import { TracingShutdown } from './tracing-shutdown.js';

/** A request id we accept from a client: short, and nothing a log reader could be fooled by. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Logs and metrics for every module: pino through nestjs-pino (one JSON line per request at debug
 * when it succeeds, warn for 4xx, error for 5xx; every line written while serving a request
 * carries its `req_id`, which is taken from X-Request-Id or made, and sent back in it), and
 * ApiMetrics with the HTTP timing middleware.
 */
@Global()
@Module({})
export class ObservabilityModule implements NestModule {
  constructor(@Inject(ApiMetrics) private readonly metrics: ApiMetrics) {}

  static with(config: ApiConfig): DynamicModule {
    const logger = createLogger('atropos-api', config.log);
    const metrics = new ApiMetrics(config.metricsEnabled);
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            genReqId: (request: IncomingMessage, response: ServerResponse) => {
              const sent = request.headers['x-request-id'];
              const id = typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
              response.setHeader('X-Request-Id', id);
              return id;
            },
            customAttributeKeys: { responseTime: 'duration_ms' },
            // On the request's child logger: every line written while serving it carries the id.
            customProps: (request: IncomingMessage & { id?: unknown }) => ({ req_id: request.id }),
            // A request that went well is worth a line only when debugging: under load, a line
            // per request is most of a log's volume and a few per cent of the API's CPU.
            customLogLevel: (_request, response, error) =>
              error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'debug',
            serializers: {
              req: (request: { method: string; url: string }) => ({ method: request.method, url: request.url }),
              res: (response: { statusCode: number }) => ({ status: response.statusCode }),
            },
          },
        }),
      ],
      providers: [{ provide: ApiMetrics, useValue: metrics }, TracingShutdown],
      exports: [ApiMetrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    if (this.metrics.enabled) consumer.apply(httpMetrics(this.metrics)).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
