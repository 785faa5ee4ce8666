import type { ServedTaskType, TaskTypeRegistrationInput } from '@atropos/db';
import { TaskStore, TaskTypeRegistry } from '@atropos/db';
import type { TasksQueue } from '@atropos/queue';
import type { DataSource } from 'typeorm';
import { ControlListener } from './control/control-listener.service.js';
import { connectDatabase } from './database/database.providers.js';
import type { AnyTask } from './define-task.js';
import { isDefinedTask } from './define-task.js';
import { TaskEventsPublisher } from './events/task-events.publisher.js';
import { FlowGate } from './flow/flow-gate.js';
import { Heartbeat } from './heartbeat/heartbeat.service.js';
import type { Logger } from '@atropos/observability';
import { shutdownTracing } from '@atropos/observability/tracing';
import type { WorkerLogger } from './logger.js';
import { pinoWorkerLogger } from './logger.js';
import { AttemptTelemetry } from './observability/attempt-telemetry.js';
import { TaskLogStore } from './observability/task-log.store.js';
import { WorkerMetrics } from './observability/worker-metrics.js';
import { openQueues, queueNameOf } from './queue/tasks-queue.provider.js';
import { TaskRunner } from './runner/task-runner.service.js';
import type { WorkerConfig, WorkerOptions } from './worker-config.js';
import { resolveWorkerConfig, WorkerConfigError } from './worker-config.js';

/** A running worker. */
export interface Worker {
  /** Its name in task rows, heartbeats and logs. */
  readonly id: string;
  /** The names of the task types it serves. */
  readonly taskTypes: readonly string[];
  /** Ids of the tasks it runs right now. */
  activeTaskIds(): string[];
  /**
   * Takes no new task, lets running ones finish within `shutdownGraceMs`, hands back the rest
   * (their attempt is not counted and another worker takes them over), then closes its
   * connections. Safe to call more than once; every call resolves when the worker has stopped.
   */
  stop(reason?: string): Promise<void>;
}

/**
 * Starts a worker: connects to PostgreSQL and Redis, registers the task types it serves in the
 * deployment's catalog (so GET /task-types lists them and the API accepts their tasks), and takes
 * their jobs, `concurrency` at a time. Resolves once it takes jobs.
 *
 * ```ts
 * const worker = await startWorker({ tasks: [invoice], databaseUrl, redisUrl, concurrency: 4 });
 * process.on('SIGTERM', () => void worker.stop());
 * ```
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const { tasks, logger: given, ...settings } = options;
  const config = resolveWorkerConfig(settings);
  const byName = servedTasks(checkTasks(tasks), config);
  const pino = pinoWorkerLogger(config);
  const logger = given ?? pino.logger;
  const dataSource = await connectDatabase(config, logger);
  try {
    return await AtroposWorker.start(config, logger, pino.root, dataSource, byName);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}

class AtroposWorker implements Worker {
  private stopping: Promise<void> | null = null;

  private constructor(
    private readonly config: WorkerConfig,
    private readonly logger: WorkerLogger,
    private readonly dataSource: DataSource,
    private readonly queues: TasksQueue[],
    private readonly runner: TaskRunner,
    private readonly heartbeat: Heartbeat,
    private readonly control: ControlListener,
    private readonly events: TaskEventsPublisher,
    private readonly registry: TaskTypeRegistry,
    private readonly metrics: WorkerMetrics,
    private readonly logs: TaskLogStore,
    private readonly flow: FlowGate,
    readonly taskTypes: readonly string[],
  ) {}

  static async start(config: WorkerConfig, logger: WorkerLogger, root: Logger, dataSource: DataSource, tasks: Map<string, AnyTask>) {
    const registry = new TaskTypeRegistry(dataSource);
    const events = new TaskEventsPublisher(config, logger);
    const queues = openQueues([...tasks.values()], config);
    const metrics = new WorkerMetrics(config, dataSource, logger);
    const logs = new TaskLogStore(config, dataSource, logger);
    const telemetry = new AttemptTelemetry(config, metrics, logs, root);
    const store = new TaskStore(dataSource);
    const flow = new FlowGate(config, logger, store, tasks);
    const runner = new TaskRunner(config, logger, [...queues.values()], store, events, tasks, telemetry, flow);
    const served: ServedTaskType[] = [...tasks.values()].map((task) => ({
      name: task.name,
      fingerprint: task.fingerprint,
      queue: queueNameOf(task, config),
    }));
    const pools = [...new Set([...tasks.values()].map((task) => task.queue))].sort();
    const heartbeat = new Heartbeat(config, logger, registry, served, pools, () => runner.activeTaskIds());
    const control = new ControlListener(config, logger, (taskId) => runner.cancel(taskId));
    const worker = new AtroposWorker(
      config,
      logger,
      dataSource,
      [...queues.values()],
      runner,
      heartbeat,
      control,
      events,
      registry,
      metrics,
      logs,
      flow,
      [...tasks.keys()],
    );
    try {
      await worker.register([...tasks.values()], heartbeat.ttlMs);
      await metrics.start();
      await control.start();
      flow.start();
      runner.start();
      await heartbeat.start();
    } catch (error) {
      await worker.stop('Start failed');
      throw error;
    }
    logger.info(
      `Worker ${config.workerId} takes tasks with concurrency ${config.concurrency}: ${worker.taskTypes.join(', ')} ` +
        `(queue${queues.size > 1 ? 's' : ''} ${[...queues.keys()].join(', ')})`,
    );
    return worker;
  }

  get id(): string {
    return this.config.workerId;
  }

  activeTaskIds(): string[] {
    return this.runner.activeTaskIds();
  }

  stop(reason = 'Stop'): Promise<void> {
    this.stopping ??= this.shutDown(reason);
    return this.stopping;
  }

  /** The runner drains first while the heartbeat still beats; then the heartbeat and the catalog rows go; the pool closes last. */
  private async shutDown(reason: string): Promise<void> {
    await this.runner.stop(reason);
    await this.heartbeat.stop();
    await this.registry
      .withdraw(this.config.workerId)
      .catch((error: unknown) => this.logger.warn(`Task types not withdrawn: ${String(error)}`));
    this.control.close();
    this.flow.close();
    this.events.close();
    this.logs.close();
    this.metrics.stop();
    await Promise.all(this.queues.map((queue) => queue.close(true).catch(() => undefined)));
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    // Spans still buffered leave before the process ends (nothing to do with tracing off).
    await shutdownTracing().catch(() => undefined);
    this.logger.info(`Worker ${this.config.workerId} stopped`);
  }

  /**
   * Writes the types this worker serves to the deployment's catalog. A name registered before with
   * other schemas is replaced (the newest registration wins); the conflict is logged here, and
   * GET /task-types shows it while workers with the old schemas are alive.
   */
  private async register(tasks: AnyTask[], ttlMs: number): Promise<void> {
    const inputs: TaskTypeRegistrationInput[] = tasks.map((task) => ({
      name: task.name,
      description: task.description,
      parametersSchema: task.parametersJsonSchema,
      resultSchema: task.resultJsonSchema,
      example: task.example,
      timeoutS: task.timeoutS,
      maxRetries: task.maxRetries,
      fingerprint: task.fingerprint,
      queue: queueNameOf(task, this.config),
      pool: task.queue,
      limits: task.limits ?? null,
    }));
    const replaced = await this.registry.register(this.config.workerId, inputs, ttlMs);
    for (const previous of replaced) {
      const mine = tasks.find((task) => task.name === previous.name)!;
      this.logger.warn(
        `Task type ${previous.name} was registered by ${previous.registeredBy} with other schemas (${shortFingerprint(previous.fingerprint)}); ` +
          `this worker's (${shortFingerprint(mine.fingerprint)}) replace them: the API validates new tasks against these from now on`,
      );
    }
  }
}

function checkTasks(tasks: readonly AnyTask[]): Map<string, AnyTask> {
  if (!Array.isArray(tasks) || tasks.length === 0) throw new WorkerConfigError('startWorker needs at least one task in `tasks`');
  const byName = new Map<string, AnyTask>();
  for (const task of tasks) {
    if (!isDefinedTask(task)) throw new WorkerConfigError('Every entry of `tasks` must come from defineTask()');
    if (byName.has(task.name)) throw new WorkerConfigError(`Task type ${task.name} is given twice in \`tasks\``);
    byName.set(task.name, task);
  }
  return byName;
}

/** The tasks of the queues the worker serves (config.queues; every one when unset). */
function servedTasks(tasks: Map<string, AnyTask>, config: WorkerConfig): Map<string, AnyTask> {
  const queues = config.queues;
  if (queues === undefined) return tasks;
  const served = new Map([...tasks].filter(([, task]) => queues.includes(task.queue)));
  if (served.size === 0) {
    const offered = [...new Set([...tasks.values()].map((task) => task.queue))];
    throw new WorkerConfigError(
      `No task of this worker is on the queues it serves (WORKER_QUEUES=${queues.join(',')}); its tasks are on: ${offered.join(', ')}`,
    );
  }
  return served;
}

/** The first 12 hex digits, enough to tell fingerprints apart in a log line. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.replace(/^sha256:/, '').slice(0, 12);
}
