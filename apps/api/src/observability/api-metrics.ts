import type { TaskEntity } from '@atropos/db';
import type { Registry } from '@atropos/observability';
import { countRedisCommandErrors, createRegistry, Gauge, Histogram, HTTP_DURATION_BUCKETS, taskCounters } from '@atropos/observability';
import type { TaskEvent, TaskSnapshot } from '@atropos/tasks';
import { TaskStatus } from '@atropos/tasks';
import { Redis } from 'ioredis';

/** The counter of each status an API write can leave a task in, when it is an outcome. */
const OUTCOME_COUNTERS: Partial<Record<TaskStatus, 'cancelled' | 'failed' | 'completed' | 'retried'>> = {
  [TaskStatus.Cancelled]: 'cancelled',
  [TaskStatus.Failed]: 'failed',
  [TaskStatus.Completed]: 'completed',
  [TaskStatus.Retrying]: 'retried',
};

/**
 * The API's Prometheus metrics, served at GET /metrics. The gauges that read PostgreSQL or Redis
 * (queue depth, live workers, overdue tasks, pool) are filled in at scrape time by
 * MetricsCollectors; the rest are counted as things happen, at a few additions each.
 */
export class ApiMetrics {
  readonly registry: Registry = createRegistry();
  readonly tasks = taskCounters(this.registry);
  readonly http = new Histogram({
    name: 'atropos_http_request_duration_seconds',
    help: 'Seconds the API took to answer, by method, route (the pattern, e.g. /tasks/:id) and status code; its _count is the request count.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly sseClients = new Gauge({
    name: 'atropos_sse_clients',
    help: 'Server-Sent Event streams open on this API process, by stream (task_events: GET /tasks/events, task_logs: GET /tasks/{id}/logs/stream).',
    labelNames: ['stream'] as const,
    registers: [this.registry],
  });
  readonly queueJobs = new Gauge({
    name: 'atropos_queue_jobs',
    help: 'Jobs in each Bull queue (tasks, tasks.pool.<queue> per other queue, and tasks.http.<type> per type served over HTTP) by state (waiting, active, delayed, paused, failed); every API replica reports the same queues.',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  readonly queuePaused = new Gauge({
    name: 'atropos_queue_paused',
    help: '1 while the queue is paused (POST /queue/pause), else 0.',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  readonly poolJobs = new Gauge({
    name: 'atropos_queue_pool_jobs',
    help: 'Jobs of each queue (pool of workers: default, video…) by state (waiting, active, delayed), summed over the Bull queues of its task types.',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  readonly poolWorkers = new Gauge({
    name: 'atropos_queue_pool_workers',
    help: 'Live workers serving each queue (pool of workers), from their heartbeats (WORKER_QUEUES).',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  readonly workersLive = new Gauge({
    name: 'atropos_workers_live',
    help: 'Workers whose heartbeat is current (what GET /health lists).',
    registers: [this.registry],
  });
  readonly workerSlots = new Gauge({
    name: 'atropos_worker_slots',
    help: 'Attempts the live workers may run at once (the sum of their WORKER_CONCURRENCY).',
    registers: [this.registry],
  });
  readonly overdue = new Gauge({
    name: 'atropos_tasks_processing_overdue',
    help: 'Tasks still processing longer than their timeout_s (a stuck or lost attempt: the worker should have aborted it).',
    registers: [this.registry],
  });

  constructor(readonly enabled: boolean) {
    countRedisCommandErrors(this.registry, Redis);
    // Both streams are exported from the start, at 0, rather than from their first client on.
    for (const stream of ['task_events', 'task_logs']) this.sseClients.set({ stream }, 0);
  }

  /** Counts tasks just created (POST /tasks, batches, workflow steps), by type. */
  observeCreated(tasks: ReadonlyArray<TaskEntity | TaskSnapshot>): void {
    for (const task of tasks) this.tasks.created.inc({ task_type: 'taskType' in task ? task.taskType : task.task_type });
  }

  /**
   * Counts what the API's own writes did to tasks, from the events they publish (Atropos' workers
   * publish theirs themselves and count their own): cancelled (a cancel, a flush, a workflow
   * run's), failed (the sweeper failing a task left without a job after its last attempt; a worker
   * over HTTP reporting a final failure), completed and retried (a worker over HTTP reporting).
   * Progress and heartbeats publish `processing`, which is not counted here.
   */
  observeChanges(events: ReadonlyArray<TaskEvent>): void {
    for (const event of events) {
      if (event.type !== 'task.updated') continue;
      const counter = OUTCOME_COUNTERS[event.task.status];
      if (counter) this.tasks[counter].inc({ task_type: event.task.task_type });
    }
  }
}
