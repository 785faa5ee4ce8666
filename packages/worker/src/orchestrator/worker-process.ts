import type { EnvWorkerOptions } from '../config/worker-env.js';
import type { WorkerLogger } from '../logger.js';
import { startWorker } from '../worker.js';
import type { TaskModule } from './task-module.js';

/** Exit code of a worker process that cannot start for a reason a restart will not fix (EX_CONFIG). */
export const EXIT_CONFIG = 78;

/**
 * Runs one worker in this process until SIGTERM or SIGINT, then stops it gracefully and ends the
 * process by the same signal (the convention a supervisor or `docker stop` expects).
 */
export async function runWorkerProcess(module: TaskModule, options: EnvWorkerOptions, logger: WorkerLogger): Promise<void> {
  const worker = await startWorker({ ...options, tasks: module.tasks, ...(module.queue ? { queue: module.queue } : {}), logger });
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    worker.stop(signal).then(
      () => {
        process.removeListener('SIGTERM', onSignal);
        process.removeListener('SIGINT', onSignal);
        process.kill(process.pid, signal);
      },
      (error: unknown) => {
        logger.error(`Stopping failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
