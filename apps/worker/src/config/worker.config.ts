import { processesFromEnv, workerEnv as runtimeEnv, workerOptionsFromEnv } from '@atropos/worker';
import type { EnvWorkerOptions } from '@atropos/worker';
import { resolveConfigDir } from '@atropos/tasks/config';
import { z } from 'zod';

/**
 * Every variable the built-in worker reads (the spec checks each is documented): those of the
 * worker runtime (@atropos/worker's workerEnv) and the folder of the command types.
 */
export const workerEnv = runtimeEnv.extend({
  CONFIG_DIR: z.string().optional(),
});

export type WorkerConfig = EnvWorkerOptions & {
  /** How many worker processes to run (WORKER_PROCESSES; `auto` is one per CPU). */
  processes: number;
  /** Where task-types.json is read from. */
  configDir: string;
};

/** Reads and validates the environment once at start; a bad value stops the worker with what to fix. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const options = workerOptionsFromEnv(env);
  return {
    ...options,
    processes: processesFromEnv(env),
    configDir: resolveConfigDir(env),
  };
}
