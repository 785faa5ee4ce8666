import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { workerOptionsFromEnv } from '../config/worker-env.js';
import type { WorkerLogger } from '../logger.js';
import { processLogger } from '../logger.js';
import { isConfigError } from '../errors/worker-config.error.js';
import { loadTaskModule } from './task-module.js';
import { EXIT_CONFIG, runWorkerProcess } from './worker-process.js';
import { workerProcessEnv } from './worker-process-env.js';

export { tasksOfModule } from './task-module.js';

export interface RunWorkersOptions {
  /** The module that exports the tasks (a path, relative to the working directory, or a file: URL). */
  module: string | URL;
  /** Worker processes to run (default 1: the worker runs in this process, without a supervisor). */
  processes?: number;
  /** Where the settings are read from (default process.env); see workerEnv. */
  env?: NodeJS.ProcessEnv;
  logger?: WorkerLogger;
}

/** A crashed process is restarted after this, doubling with each crash in a row, up to RESTART_MAX_MS. */
const RESTART_BASE_MS = 1_000;
const RESTART_MAX_MS = 30_000;
/** A process that ran this long before it crashed starts its backoff afresh. */
const STABLE_AFTER_MS = 60_000;

/**
 * Runs the tasks of a module on `processes` worker processes, as the atropos-worker command does:
 * the settings come from the environment (DATABASE_URL, REDIS_URL, WORKER_CONCURRENCY…). With
 * more than one process this process supervises them: a process that dies is started again after
 * a backoff, and SIGTERM or SIGINT stops them all gracefully (each finishes or hands back its
 * tasks within SHUTDOWN_GRACE_MS), after which this process ends by the same signal.
 */
export async function runWorkers(options: RunWorkersOptions): Promise<void> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? processLogger(env);
  const processes = options.processes ?? 1;
  const settings = workerOptionsFromEnv(env);
  // Loaded here too, with N > 1, so that a module without tasks stops the command at once.
  const module = await loadTaskModule(options.module);
  if (processes === 1) {
    await runWorkerProcess(module, settings, options.logger);
    return;
  }
  new Supervisor(moduleArgument(options.module), processes, env, logger).start();
}

interface Slot {
  index: number;
  child: ChildProcess | null;
  startedAt: number;
  crashes: number;
  restartTimer: NodeJS.Timeout | null;
}

class Supervisor {
  private readonly slots: Slot[];
  private stopping: NodeJS.Signals | null = null;

  constructor(
    private readonly module: string,
    processes: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logger: WorkerLogger,
  ) {
    this.slots = Array.from({ length: processes }, (_, index) => ({ index, child: null, startedAt: 0, crashes: 0, restartTimer: null }));
  }

  start(): void {
    this.logger.info(`Starting ${this.slots.length} worker processes of ${fileURLToPath(this.module)}`);
    for (const slot of this.slots) this.spawn(slot);
    process.on('SIGTERM', (signal) => this.stop(signal));
    process.on('SIGINT', (signal) => this.stop(signal));
  }

  private spawn(slot: Slot): void {
    slot.restartTimer = null;
    slot.startedAt = Date.now();
    const child = fork(CHILD_ENTRY, [this.module], { env: workerProcessEnv(this.env, slot.index), stdio: 'inherit' });
    slot.child = child;
    child.on('exit', (code, signal) => this.exited(slot, child, code, signal));
  }

  private exited(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.child !== child) return;
    slot.child = null;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code ?? 'none'}`;
    if (this.stopping) {
      if (this.slots.every((other) => other.child === null)) this.finish();
      return;
    }
    if (code === EXIT_CONFIG) {
      this.logger.error(`Worker process ${slot.index + 1} (pid ${child.pid ?? 'unknown'}) cannot start (see above); stopping all`);
      process.exitCode = EXIT_CONFIG;
      this.stop('SIGTERM');
      return;
    }
    slot.crashes = Date.now() - slot.startedAt >= STABLE_AFTER_MS ? 1 : slot.crashes + 1;
    const delay = Math.min(RESTART_BASE_MS * 2 ** (slot.crashes - 1), RESTART_MAX_MS);
    this.logger.warn(`Worker process ${slot.index + 1} (pid ${child.pid ?? 'unknown'}) ${how}; starting it again in ${delay} ms`);
    slot.restartTimer = setTimeout(() => this.spawn(slot), delay);
  }

  /** The first signal stops every process gracefully; a second one kills them. */
  private stop(signal: NodeJS.Signals): void {
    if (this.stopping) {
      this.logger.warn(`${signal} again: killing the worker processes`);
      for (const slot of this.slots) slot.child?.kill('SIGKILL');
      return;
    }
    this.stopping = signal;
    this.logger.info(`${signal}: stopping ${this.slots.filter((slot) => slot.child).length} worker processes`);
    for (const slot of this.slots) {
      if (slot.restartTimer) clearTimeout(slot.restartTimer);
      slot.restartTimer = null;
      slot.child?.kill('SIGTERM');
    }
    if (this.slots.every((slot) => slot.child === null)) this.finish();
  }

  private finish(): void {
    this.logger.info('Every worker process has stopped');
    if (process.exitCode) process.exit();
    process.removeAllListeners(this.stopping!);
    process.kill(process.pid, this.stopping!);
  }
}

/** The compiled worker-process entry that each child runs. */
const CHILD_ENTRY = fileURLToPath(new URL('./child.js', import.meta.url));

function moduleArgument(module: string | URL): string {
  return module instanceof URL ? module.href : pathToFileURL(path.resolve(module)).href;
}

/** The entry of a child process: argv[2] is the module's file: URL. */
export async function runChild(moduleUrl: string): Promise<void> {
  try {
    await runWorkerProcess(await loadTaskModule(new URL(moduleUrl)), workerOptionsFromEnv());
  } catch (error) {
    processLogger().error(error instanceof Error ? error.message : String(error));
    process.exit(isConfigError(error) ? EXIT_CONFIG : 1);
  }
}
