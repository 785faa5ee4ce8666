import type { Logger } from '@atropos/observability';
import { createLogger, currentLogger, logSettings } from '@atropos/observability';

/**
 * Where the worker writes its own lines. Any logger with these four methods taking a message fits
 * (pino's, console); the default is pino (see workerLogger).
 */
export interface WorkerLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The worker's pino logger: JSON lines, or pretty ones at a terminal, every line with the worker's
 * id, and inside an attempt with its task_id, task_type and attempt (the attempt's scope, see
 * AttemptTelemetry).
 */
export function pinoWorkerLogger(settings: {
  logLevel: WorkerLogSettings['logLevel'];
  logFormat?: WorkerLogSettings['logFormat'];
  workerId?: string;
}): {
  root: Logger;
  logger: WorkerLogger;
} {
  const root = createLogger(
    'atropos-worker',
    logSettings(settings, process.env),
    settings.workerId ? { worker_id: settings.workerId } : {},
  );
  const scoped = () => currentLogger(root);
  return {
    root,
    logger: {
      debug: (message) => scoped().debug(message),
      info: (message) => scoped().info(message),
      warn: (message) => scoped().warn(message),
      error: (message) => scoped().error(message),
    },
  };
}

interface WorkerLogSettings {
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logFormat?: 'json' | 'pretty' | undefined;
}

/** The logger of a process before (or without) a worker: the supervisor's, a failed start's. */
export function processLogger(env: NodeJS.ProcessEnv = process.env): WorkerLogger {
  const level =
    (['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const).find((each) => each === env['LOG_LEVEL']) ?? 'info';
  const format = env['LOG_FORMAT'] === 'json' || env['LOG_FORMAT'] === 'pretty' ? env['LOG_FORMAT'] : undefined;
  return pinoWorkerLogger({ logLevel: level, logFormat: format }).logger;
}
