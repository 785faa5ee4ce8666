import type { EnvConfig } from '@atropos/config';
import { parseEnv } from '@atropos/config';
import { configDirEnv } from '@atropos/tasks/config';
import { parseProcesses, workerEnv as libraryWorkerEnv } from '@atropos/worker';

/**
 * Every variable the built-in worker reads, under the field its code reads it by, with its
 * validation, default and meaning (the spec checks each is documented, with the same default):
 * those of @atropos/worker (connections, concurrency, processes, intervals, logs, metrics) and the
 * folder of the command types.
 */
export const workerEnv = {
  ...libraryWorkerEnv,
  configDir: configDirEnv,
};

/** The worker's settings, typed from `workerEnv`; `processes` counted (`auto`: one per CPU). */
export type WorkerConfig = Omit<EnvConfig<typeof workerEnv>, 'processes'> & {
  processes: number;
  /** The worker's environment, from which each command type's allow-list passes variables on. */
  environment: NodeJS.ProcessEnv;
};

/** Reads and validates the environment once at start; a bad value stops the worker with what to fix. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const settings = parseEnv(workerEnv, env, 'worker');
  return { ...settings, processes: parseProcesses(settings.processes), environment: env };
}
