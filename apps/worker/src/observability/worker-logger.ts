import type { Logger } from '@atropos/observability';
import { createLogger, PinoNestLogger } from '@atropos/observability';
import type { WorkerConfig } from '../config/worker.config.js';

let root: Logger | undefined;

/** The worker's one pino logger: every line carries `worker_id`; Nest's logger and the attempts' children write through it. */
export function workerLogger(config: WorkerConfig): Logger {
  root ??= createLogger('atropos-worker', config.log, { worker_id: config.workerId });
  return root;
}

/** What main hands Nest, so that Nest's own lines and every `new Logger(…)` are pino lines too. */
export function workerNestLogger(config: WorkerConfig): PinoNestLogger {
  return new PinoNestLogger(workerLogger(config));
}
