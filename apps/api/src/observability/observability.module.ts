import { createLogger } from '@atropos/observability';
import type { DynamicModule } from '@nestjs/common';
import { Global, Module } from '@nestjs/common';
import type { ApiConfig } from '../config/api.config.js';
import { ApiMetrics } from './api-metrics.js';
import { TracingShutdown } from './tracing-shutdown.js';

/** The process's root pino logger (a `pino.Logger`). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Logs and metrics for every module: the root pino logger (Nest's own lines go through it, see
 * main.ts; each request's lines carry its `req_id`, see request-log.ts) and ApiMetrics. main.ts
 * applies their per-request middleware (requestLog, httpMetrics).
 */
@Global()
@Module({})
export class ObservabilityModule {
  static with(config: ApiConfig): DynamicModule {
    const logger = createLogger('atropos-api', config.log);
    const metrics = new ApiMetrics(config.metricsEnabled);
    return {
      module: ObservabilityModule,
      providers: [{ provide: ApiMetrics, useValue: metrics }, { provide: ROOT_LOGGER, useValue: logger }, TracingShutdown],
      exports: [ApiMetrics, ROOT_LOGGER],
    };
  }
}
