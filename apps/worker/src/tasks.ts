import { TASKS_QUEUE } from '@atropos/queue';
import type { TaskTypeDefinition } from '@atropos/tasks';
import { TASK_TYPES } from '@atropos/tasks';
import type { AnyTask, TaskContext } from '@atropos/worker';
import { defineTask, loadCommandTasks } from '@atropos/worker';
import { loadWorkerConfig } from './config/worker.config.js';
import { taskHandlers } from './handlers/task-handlers.js';

/**
 * What this worker serves, for atropos-worker (see main.ts): the built-in task types with their
 * handlers, and the command types of config/task-types.json. Read once per process at start: an
 * invalid file stops the worker with a message naming the entry and field.
 */
const config = loadWorkerConfig();

export const tasks: AnyTask[] = [
  ...TASK_TYPES.map(builtInTask),
  ...loadCommandTasks(config.configDir, { env: process.env, artifactMaxBytes: config.artifactMaxBytes }),
];

/**
 * The API queues the built-in and command tasks of each queue (pool) on one Bull queue, `tasks`
 * for the default pool and `tasks.pool.<name>` for the others (poolQueueName); this worker serves
 * the pools WORKER_QUEUES names, each whole.
 */
export const queue = TASKS_QUEUE;

/**
 * A built-in type as a task of @atropos/worker: its definition from @atropos/tasks and its handler.
 * Every built-in type takes `fail_attempts`: the first n attempts throw, to show retries at work.
 */
function builtInTask(definition: TaskTypeDefinition): AnyTask {
  // The handler map is typed from the definitions; here every type is run by name.
  const handler = taskHandlers[definition.name as keyof typeof taskHandlers] as (
    parameters: unknown,
    context: TaskContext,
  ) => Promise<unknown>;
  return defineTask({
    name: definition.name,
    description: definition.description,
    parameters: definition.parameters,
    result: definition.result,
    timeout_s: definition.defaultTimeoutS,
    example: definition.example,
    ...(definition.queue ? { queue: definition.queue } : {}),
    ...(definition.limits ? { limits: definition.limits } : {}),
    async run(parameters, context) {
      const failAttempts = (parameters as { fail_attempts?: number }).fail_attempts ?? 0;
      if (context.attempt <= failAttempts) {
        throw new Error(
          `Simulated failure of attempt ${context.attempt}: fail_attempts=${failAttempts} makes the first ${failAttempts} attempt(s) fail`,
        );
      }
      return handler(parameters, context);
    },
  });
}
