import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyTask } from '../define-task.js';
import { isDefinedTask } from '../define-task.js';
import { WorkerConfigError } from '../worker-config.js';

/** What a task module gives the worker. */
export interface TaskModule {
  tasks: AnyTask[];
  /** `export const queue = '…'`: every type of the module on this one queue (WorkerOptions.queue). */
  queue: string | undefined;
}

/**
 * The tasks a module exports: `export const tasks = [...]`, a default export (one task or an
 * array), or each task as a named export; all of them, each once. A relative path is resolved
 * against the working directory.
 */
export async function tasksOfModule(module: string | URL): Promise<AnyTask[]> {
  return (await loadTaskModule(module)).tasks;
}

export async function loadTaskModule(module: string | URL): Promise<TaskModule> {
  const url = module instanceof URL ? module.href : pathToFileURL(path.resolve(module)).href;
  let exports: Record<string, unknown>;
  try {
    exports = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new WorkerConfigError(
      `Cannot load the task module ${describe(module)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const found = new Set<AnyTask>();
  const take = (value: unknown) => {
    if (isDefinedTask(value)) found.add(value);
    else if (Array.isArray(value)) value.filter(isDefinedTask).forEach((task) => found.add(task));
  };
  take(exports['default']);
  take(exports['tasks']);
  for (const [name, value] of Object.entries(exports)) if (name !== 'default' && name !== 'tasks' && isDefinedTask(value)) take(value);
  if (found.size === 0) {
    throw new WorkerConfigError(
      `${describe(module)} exports no tasks: export what defineTask() returns (export const tasks = [...], a default export, or each task by name)`,
    );
  }
  const queue = exports['queue'];
  if (queue !== undefined && typeof queue !== 'string')
    throw new WorkerConfigError(`${describe(module)} exports a queue that is not a string`);
  return { tasks: [...found], queue };
}

function describe(module: string | URL): string {
  return module instanceof URL ? module.pathname : module;
}
