import type { EnvWorkerOptions } from '../config/worker-env.js';
import type { WorkerLogger } from '../logger.js';
import { processLogger } from '../logger.js';
import { startWorker } from '../worker.js';
import type { TaskModule } from './task-module.js';

/** Exit code of a worker process that cannot start for a reason a restart will not fix (EX_CONFIG). */
export const EXIT_CONFIG = 78;

/**
 * Runs one worker in this process until SIGTERM or SIGINT, then stops it gracefully and ends the
 * process by the same signal (the convention a supervisor or `docker stop` expects).
 */
export async function runWorkerProcess(module: TaskModule, options: EnvWorkerOptions, logger?: WorkerLogger): Promise<void> {
  // Listening before the worker starts: a signal during its start stops it as soon as it has started.
  // Asserted, not annotated: set by the handler below, so TS must not narrow it to its initial null.
  let received = null as NodeJS.Signals | null;
  let stop: (signal: NodeJS.Signals) => void = (signal) => (received ??= signal);
  const onSignal = (signal: NodeJS.Signals) => stop(signal);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const worker = await startWorker({
    ...options,
    tasks: module.tasks,
    ...(module.queue ? { queue: module.queue } : {}),
    ...(logger ? { logger } : {}),
  });
  let stopping = false;
  stop = (signal) => {
    if (stopping) return;
    stopping = true;
    worker.stop(signal).then(
      () => {
        process.removeListener('SIGTERM', onSignal);
        process.removeListener('SIGINT', onSignal);
        process.kill(process.pid, signal);
      },
      (error: unknown) => {
        (logger ?? processLogger()).error(`Stopping failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  if (received) stop(received);
}
