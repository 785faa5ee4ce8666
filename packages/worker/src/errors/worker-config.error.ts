import { InvalidEnvError } from '@atropos/config';
import { TaskDefinitionError } from './task-definition.error.js';

/** A setting startWorker cannot use; the message names each one and why. */
export class WorkerConfigError extends Error {
  override name = 'WorkerConfigError';
}

/** A mistake of configuration, which starting again will not fix: a process stops for good on it. */
export function isConfigError(error: unknown): boolean {
  return error instanceof WorkerConfigError || error instanceof TaskDefinitionError || error instanceof InvalidEnvError;
}
