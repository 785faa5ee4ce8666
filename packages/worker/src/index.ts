/**
 * @atropos/worker: define task types and run them on an Atropos deployment.
 * Everything a project needs is exported here; nothing else is part of the published surface.
 */
export { defineTask, isDefinedTask, TaskDefinitionError, MAX_RETRIES, MAX_TIMEOUT_S } from './define-task.js';
export type { AnyTask, DefinedTask, TaskDefinition, TaskResultInput } from './define-task.js';
export { startWorker } from './worker.js';
export type { Worker } from './worker.js';
export { WorkerConfigError } from './worker-config.js';
export type { WorkerOptions } from './worker-config.js';
export type { TaskLimits } from '@atropos/tasks';
export type { AttemptLog, TaskContext } from './runner/task-context.js';
export type { WorkerLogger } from './logger.js';
export { pinoWorkerLogger } from './logger.js';
export { workerEnv, workerRuntimeEnv, workerOptionsFromEnv, processesFromEnv, parseProcesses } from './config/worker-env.js';
export type { EnvWorkerOptions } from './config/worker-env.js';
export { commandTask, loadCommandTasks } from './commands/command-tasks.js';
export type { CommandTaskOptions } from './commands/command-tasks.js';
export { runWorkers, tasksOfModule } from './orchestrator/orchestrator.js';
export type { RunWorkersOptions } from './orchestrator/orchestrator.js';
export { UnrecoverableTaskError } from './errors/unrecoverable-task.error.js';
export { ArtifactRejectedError } from './errors/artifact-rejected.error.js';
export { TaskCancelledError } from './errors/task-cancelled.error.js';
export { TaskTimeoutError } from './errors/task-timeout.error.js';
export { WorkerShutdownError } from './errors/worker-shutdown.error.js';
export { checkWorkerHealth } from './orchestrator/health-check.js';
