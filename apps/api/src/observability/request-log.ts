import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@atropos/observability';
import { withLazyLogger } from '@atropos/observability';

/** A request id we accept from a client: short, and nothing a log reader could be fooled by. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Every request gets an id (X-Request-Id when the client sent a safe one, else a new UUID, sent
 * back in X-Request-Id); every line written while serving it, Nest's `Logger` included, carries it
 * as `req_id`; and when it ends, one line says how it went: debug when it succeeded (under load a
 * line per request would be most of a log's volume), warn for a 4xx, error for a 5xx; a client
 * that went away first (the usual end of an event stream) is `request aborted` at the same levels.
 *
 * Written for the hot path, where pino-http (through nestjs-pino) took ~15 % of a simple GET's
 * CPU: its two child loggers per request, each serialising its bindings, and the closing line's
 * object built even when its level was off. Here the child logger is made only if a line is
 * written, and the closing line only if its level is on.
 */
export function requestLog(root: Logger) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const sent = request.headers['x-request-id'];
    const id = typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    response.setHeader('X-Request-Id', id);
    const started = performance.now();
    let logger: Logger | undefined;
    const requestLogger = () => (logger ??= root.child({ req_id: id }));
    response.once('close', () => {
      const { statusCode: status } = response;
      const finished = response.writableFinished;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'debug';
      if (!root.isLevelEnabled(level)) return;
      const fields = {
        // Express rewrites `url` inside mounted routers; `originalUrl` is what the client asked for.
        req: { method: request.method, url: (request as { originalUrl?: string }).originalUrl ?? request.url },
        res: { status },
        duration_ms: Math.round(performance.now() - started),
      };
      requestLogger()[level](fields, finished ? 'request completed' : 'request aborted');
    });
    withLazyLogger(requestLogger, next);
  };
}
