import { SpanStatusCode, trace } from '@atropos/observability';
import type { NextFunction, Request, Response } from 'express';
import type { ApiMetrics } from './api-metrics.js';

/**
 * Times every request and counts it by method, route pattern and status. The route is Express'
 * pattern (`/tasks/:id`), never the path itself, so task ids do not become labels; a request no
 * route matched counts as `unmatched`. With tracing on, the request's span is named after the
 * route too (`POST /tasks`), as OpenTelemetry's HTTP conventions ask.
 */
export function httpMetrics(metrics: ApiMetrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const span = trace.getActiveSpan();
    response.once('finish', () => {
      // Express types the matched route as any.
      const path = (request.route as { path?: string } | undefined)?.path;
      const route = path === undefined ? 'unmatched' : `${request.baseUrl}${path}`;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.http.observe({ method: request.method, route, status: String(response.statusCode) }, seconds);
      if (span && path !== undefined) {
        span.updateName(`${request.method} ${route}`);
        span.setAttribute('http.route', route);
        if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      }
    });
    next();
  };
}
