import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

const scoped = new AsyncLocalStorage<{ logger: Logger }>();

/**
 * Runs `fn` with `logger` (a child carrying fields such as task_id) as the logger of every line
 * written inside it, Nest's `new Logger(…)` calls included, across awaits.
 */
export function withLogger<T>(logger: Logger, fn: () => T): T {
  return scoped.run({ logger }, fn);
}

/**
 * As withLogger, with the logger made by `make` on the first line written inside (a scope that
 * writes nothing, such as most requests of a busy API, never makes its child logger).
 */
export function withLazyLogger<T>(make: () => Logger, fn: () => T): T {
  let made: Logger | undefined;
  const scope = {
    get logger(): Logger {
      return (made ??= make());
    },
    set logger(logger: Logger) {
      made = logger;
    },
  };
  return scoped.run(scope, fn);
}

/** Inside withLogger: from now on the scope's lines go to `logger` (say, once more fields are known). */
export function replaceScopedLogger(logger: Logger): void {
  const scope = scoped.getStore();
  if (scope) scope.logger = logger;
}

/** The logger of the current scope (see withLogger), else `root`. */
export function currentLogger(root: Logger): Logger {
  return scoped.getStore()?.logger ?? root;
}

/**
 * Nest's LoggerService over pino (the worker's and the API's): Nest's context becomes the
 * `context` field, an object as first argument becomes fields, an error's stack goes to `err`.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, params: unknown[]): void {
    const logger = currentLogger(this.root);
    if (!logger.isLevelEnabled(level)) return;
    // Nest passes its context last: Logger('Runner').warn('…') arrives as warn('…', 'Runner').
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    for (const param of params) {
      if (param instanceof Error) fields['err'] = param;
      else if (typeof param === 'string' && param.includes('\n    at ')) fields['stack'] = param;
      else if (param && typeof param === 'object') Object.assign(fields, param);
    }
    if (message instanceof Error) logger[level]({ ...fields, err: message }, message.message);
    else if (message && typeof message === 'object') logger[level]({ ...fields, ...message });
    else logger[level](fields, String(message));
  }
}
