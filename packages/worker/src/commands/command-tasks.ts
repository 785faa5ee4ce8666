import type { CommandTaskType } from '@atropos/tasks';
import { commandResultSchema, toParametersSchema } from '@atropos/tasks';
import { loadTaskTypesFile, resolveConfigDir } from '@atropos/tasks/config';
import type { AnyTask } from '../define-task.js';
import { defineTask } from '../define-task.js';
import { runCommandTask } from './command.handler.js';

export interface CommandTaskOptions {
  /** The worker's environment, from which each type's `env` allow-list passes variables on (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Largest output file saved as an artifact; a bigger one fails the attempt (default 10 MiB). */
  artifactMaxBytes?: number;
}

/**
 * A command task type (an entry of config/task-types.json) as a task this library runs: the
 * program is started without a shell with arguments built from the validated parameters, in a
 * directory of its own, and its exit decides the attempt (see README, "Command task types").
 */
export function commandTask(spec: CommandTaskType, options: CommandTaskOptions = {}): AnyTask {
  const env = options.env ?? process.env;
  const artifactMaxBytes = options.artifactMaxBytes ?? 10 * 1024 * 1024;
  return defineTask({
    name: spec.name,
    description: spec.description,
    parameters: toParametersSchema(spec.parameters),
    result: commandResultSchema,
    timeout_s: spec.timeout_s,
    queue: spec.queue,
    ...(spec.limits ? { limits: spec.limits } : {}),
    ...(spec.example ? { example: spec.example } : {}),
    run: (parameters, context) => runCommandTask(spec, parameters, context, { env, artifactMaxBytes }),
  });
}

/**
 * The command task types of `<configDir>/task-types.json` (CONFIG_DIR, else the repository's
 * config/): none when the file does not exist; an invalid file throws, naming the entry and field.
 * Its types served over HTTP (`"worker": "http"`) are not commands, and not for this worker.
 */
export function loadCommandTasks(configDir: string = resolveConfigDir(), options: CommandTaskOptions = {}): AnyTask[] {
  return loadTaskTypesFile(configDir).commands.map((spec) => commandTask(spec, options));
}
