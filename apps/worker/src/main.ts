// First: tracing (when configured) must patch pg, ioredis and http before anything loads them.
import '@atropos/worker/preload';
import { runWorkers } from '@atropos/worker';
import { loadWorkerConfig } from './config/worker.config.js';

/**
 * The built-in worker: the tasks of ./tasks.js run by @atropos/worker's orchestrator, as
 * `atropos-worker --processes $WORKER_PROCESSES dist/tasks.js` would, in this process when
 * WORKER_PROCESSES is 1 (the default) or on that many supervised processes.
 */
async function main(): Promise<void> {
  const config = loadWorkerConfig();
  await runWorkers({ module: new URL('./tasks.js', import.meta.url), processes: config.processes });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
