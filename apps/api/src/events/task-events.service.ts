import { snapshotOfEntity } from '@atropos/db';
import type { TaskEntity } from '@atropos/db';
import { createRedisClient, parseTaskEvents, publishTaskEvents, taskEventsChannel } from '@atropos/queue';
import type { TaskEvent, TaskSnapshot } from '@atropos/tasks';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Observable } from 'rxjs';
import { defer, filter, finalize, Subject } from 'rxjs';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { ApiMetrics } from '../observability/api-metrics.js';
import { REDIS_PROBE } from '../queue/queue.providers.js';

/**
 * Task changes, from any worker or API replica, as one stream per API process: a single Redis
 * subscription fans out to every SSE client, so a thousand watchers cost one connection.
 */
@Injectable()
export class TaskEventsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TaskEventsService.name);
  private readonly subscriber: Redis;
  private readonly events = new Subject<TaskEvent>();

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(REDIS_PROBE) private readonly publisher: Redis,
    private readonly metrics: ApiMetrics,
  ) {
    this.subscriber = createRedisClient(config.redisUrl, { lazyConnect: true });
    this.subscriber.on('error', () => undefined);
  }

  onModuleInit(): void {
    this.subscriber.on('message', (_channel: string, raw: string) => {
      // Every worker's every write arrives here; with no SSE client watching, parsing it is waste.
      if (!this.events.observed) return;
      for (const event of parseTaskEvents(raw)) this.events.next(event);
    });
    // Not awaited: the API serves even while Redis is down, and ioredis subscribes once it is back.
    this.subscriber.subscribe(taskEventsChannel(this.config.queuePrefix)).catch((error: unknown) => {
      this.logger.warn(`Task events unavailable until Redis answers: ${String(error)}`);
    });
  }

  onApplicationShutdown(): void {
    this.events.complete();
    this.subscriber.disconnect();
  }

  /** Every change of the tasks `tenant` may see (null: all tenants), or only those of one task. */
  stream(tenant: string | null, taskId?: string): Observable<TaskEvent> {
    const clients = this.metrics.sseClients.labels({ stream: 'task_events' });
    return defer(() => {
      clients.inc();
      return this.events.pipe(
        filter((event) => (tenant === null || eventTenant(event) === tenant) && (!taskId || eventTaskId(event) === taskId)),
      );
    }).pipe(finalize(() => clients.dec()));
  }

  /** Publishes the events a TaskStore write returned. */
  publish(events: TaskEvent[]): void {
    if (events.length === 0) return;
    this.metrics.observeChanges(events);
    publishTaskEvents(this.publisher, this.config.queuePrefix, events).catch((error: unknown) =>
      this.logger.debug(`Events not published: ${String(error)}`),
    );
  }

  /** Announces tasks just created (their rows are new, so no store write returned events for them). */
  created(tasks: Array<TaskEntity | TaskSnapshot>): void {
    this.metrics.observeCreated(tasks);
    this.publish(tasks.map((task) => ({ type: 'task.updated', task: 'taskType' in task ? snapshotOfEntity(task) : task })));
  }
}

function eventTenant(event: TaskEvent): string {
  return event.type === 'task.deleted' ? event.tenant : event.task.tenant;
}

function eventTaskId(event: TaskEvent): string {
  return event.type === 'task.deleted' ? event.task_id : event.task.id;
}
