import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * A registry with the process metrics every Atropos process exports: prom-client's defaults (CPU,
 * memory, handles, GC, and `nodejs_eventloop_lag_*` from a 20 ms event-loop delay monitor).
 */
export function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  return registry;
}

/** Seconds a task's attempt ran; from sub-second handlers to the two-hour default timeout. */
export const RUN_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 1800, 3600, 7200];
/** Seconds a task waited in the queue before a worker took it. */
export const QUEUE_WAIT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
/** Seconds an HTTP request took. */
export const HTTP_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The task counters, shared by name between the API (created, cancelled) and the workers
 * (started, completed, failed, retried): Prometheus sums each over every process that exports it.
 * Labelled by task type only: no task ids, no parameter values.
 */
export function taskCounters(registry: Registry) {
  const counter = (name: string, help: string) =>
    new Counter({ name: `atropos_tasks_${name}_total`, help, labelNames: ['task_type'] as const, registers: [registry] });
  return {
    created: counter('created', 'Tasks created (POST /tasks, batches, workflow steps), by type.'),
    started: counter('started', 'Attempts started by a worker, by type (a retried task counts once per attempt).'),
    completed: counter('completed', 'Tasks completed, by type.'),
    failed: counter('failed', 'Tasks failed for good (no attempts left, or an unrecoverable error), by type.'),
    retried: counter('retried', 'Attempts that failed with attempts left, so the task will run again, by type.'),
    cancelled: counter('cancelled', 'Tasks cancelled (POST /tasks/{id}/cancel, queue flush), by type.'),
  };
}

/** Connections of a `pg` pool: in use, idle, and requests waiting for one. */
export interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export function databasePoolGauge(registry: Registry, pool: () => PoolLike | undefined): Gauge<'state'> {
  return new Gauge({
    name: 'atropos_db_pool_connections',
    help: 'PostgreSQL pool connections of this process: in_use, idle, and waiting (requests queued for a connection).',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const current = pool();
      if (!current) return;
      this.set({ state: 'in_use' }, current.totalCount - current.idleCount);
      this.set({ state: 'idle' }, current.idleCount);
      this.set({ state: 'waiting' }, current.waitingCount);
    },
  });
}

let counted: Counter | undefined;

/** What ioredis passes to sendCommand, as far as it is read here: its internals, so nothing is taken for granted. */
interface CommandLike {
  name?: string;
  promise?: Promise<unknown>;
}

/**
 * Counts Redis commands that fail (connection lost, timeout, a Redis error reply), for every
 * ioredis connection of the process: ioredis has no hook for this, so `sendCommand` is wrapped once.
 */
export function countRedisCommandErrors(registry: Registry, redisClass: { prototype: object }): Counter {
  const errors = new Counter({
    name: 'atropos_redis_command_errors_total',
    help: 'Redis commands of this process that failed (connection lost, timeout, error reply).',
    registers: [registry],
  });
  // Counted into the registry of the latest caller: one per process, made once at start.
  counted = errors;
  const prototype = redisClass.prototype as {
    sendCommand: (command: CommandLike | undefined, ...rest: unknown[]) => unknown;
    __atroposCounted?: boolean;
  };
  if (prototype.__atroposCounted) return errors;
  prototype.__atroposCounted = true;
  const send = prototype.sendCommand;
  prototype.sendCommand = function (this: unknown, command: CommandLike | undefined, ...rest: unknown[]) {
    const returned = send.call(this, command, ...rest);
    // A rejected command still rejects for its caller; this only counts it. CLIENT is left out:
    // ioredis names each connection with it on connect and ignores a server that refuses.
    if (command?.name !== 'client') command?.promise?.then(undefined, () => counted?.inc());
    return returned;
  };
  return errors;
}

/**
 * A small HTTP listener serving the registry at GET /metrics (the worker's, on METRICS_PORT);
 * anything else answers 404.
 */
export async function serveMetrics(registry: Registry, port: number, host: string): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: metrics are at GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  server.unref();
  return server;
}

export function listeningPort(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}
