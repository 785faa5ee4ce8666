import { snapshotOfEntity } from '@atropos/db';
import type { TaskEntity } from '@atropos/db';
import type { RawLogEntry, TaskEventPosition } from '@atropos/queue';
import {
  createRedisClient,
  entryIdOf,
  lastPositionOfEntry,
  compareTaskEventPositions,
  missedEventsAfter,
  publishTaskEvents,
  readLogEntry,
  readTaskEventsLogBounds,
  readTaskEventsLogFrom,
} from '@atropos/queue';
import type { TaskEvent, TaskSnapshot } from '@atropos/tasks';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Observable, defer, finalize } from 'rxjs';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { ApiMetrics } from '../observability/api-metrics.js';
import { REDIS_PROBE } from '../queue/queue.providers.js';
import type { DeliveredTaskEvent, TaskEventFilter } from './task-event-fanout.js';
import { TaskEventFanout, deliveredTaskEvent, matchesFilter } from './task-event-fanout.js';
import { taskEventStream } from './task-event-stream.js';
import { TaskEventsLogTail } from './task-events-log-tail.js';
import { RecentTaskEvents } from './recent-task-events.js';

/** A comment-like ping now and then keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;
/** Entries a replay reads per round trip: an entry may hold a batch of a thousand tasks' events. */
const REPLAY_PAGE = 50;
/** Events kept in memory for replays: about ten seconds at a thousand events a second, some 7 MB. */
const RECENT_EVENTS = 10_000;

/**
 * Task changes, from any worker or API replica, for the SSE clients of this process: one tail of
 * the task events log (one Redis connection, one parse of each event) fans out to every client, so
 * a thousand watchers cost one reader; a client that reconnects is replayed what it missed, from
 * the events this process holds in memory or else from the log.
 */
@Injectable()
export class TaskEventsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TaskEventsService.name);
  private readonly fanout = new TaskEventFanout();
  private readonly recent = new RecentTaskEvents(RECENT_EVENTS);
  private readonly tail: TaskEventsLogTail;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(REDIS_PROBE) private readonly redis: Redis,
    private readonly metrics: ApiMetrics,
  ) {
    // A blocked XREAD holds its connection, hence one of its own; it waits for Redis rather than failing.
    const reader = createRedisClient(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
    reader.on('error', () => undefined);
    this.tail = new TaskEventsLogTail(reader, config.queuePrefix, (entry) => this.handOn(entry), this.logger, {
      wanted: () => this.fanout.size > 0,
    });
  }

  onModuleInit(): void {
    // Not awaited: the API serves even while Redis is down, and the tail starts reading once it is back.
    this.tail.start();
  }

  onApplicationShutdown(): void {
    this.tail.stop();
  }

  /**
   * Every change of the tasks `filter` lets the client see, as SSE frames with ids (and pings);
   * with `resumeAfter`, first what the log holds after it (see taskEventStream).
   */
  stream(filter: TaskEventFilter, resumeAfter?: TaskEventPosition): Observable<string> {
    const clients = this.metrics.sseClients.labels({ stream: 'task_events' });
    const source = {
      listen: (listener: (event: DeliveredTaskEvent) => void) => this.listen(filter, listener),
      tailPosition: () => this.tail.position,
      replay: (after: TaskEventPosition, emit: (event: DeliveredTaskEvent) => void, signal: AbortSignal) =>
        this.replay(filter, after, emit, signal),
    };
    return defer(() => {
      clients.inc();
      return taskEventStream(source, resumeAfter, KEEP_ALIVE_MS, (error) =>
        this.logger.warn(`Replay of task events failed, the client is told to read again: ${String(error)}`),
      );
    }).pipe(finalize(() => clients.dec()));
  }

  /** Live task changes matching `filter`, for the server's own use (no ids, no replay, no pings). */
  changes(filter: TaskEventFilter): Observable<DeliveredTaskEvent> {
    return new Observable<DeliveredTaskEvent>((subscriber) => this.listen(filter, (event) => subscriber.next(event)));
  }

  /** Every listener comes in here: the tail, idle while nobody listens, follows the log again at once. */
  private listen(filter: TaskEventFilter, listener: (event: DeliveredTaskEvent) => void): () => void {
    const stop = this.fanout.listen(filter, listener);
    this.tail.wake();
    return stop;
  }

  /** Publishes the events a TaskStore write returned. */
  publish(events: TaskEvent[]): void {
    if (events.length === 0) return;
    this.metrics.observeChanges(events);
    publishTaskEvents(this.redis, this.config.queuePrefix, events, this.config.taskEventsLogLength).catch((error: unknown) =>
      this.logger.debug(`Events not published: ${String(error)}`),
    );
  }

  /** Announces tasks just created (their rows are new, so no store write returned events for them). */
  created(tasks: Array<TaskEntity | TaskSnapshot>): void {
    this.metrics.observeCreated(tasks);
    this.publish(tasks.map((task) => ({ type: 'task.updated', task: 'taskType' in task ? snapshotOfEntity(task) : task })));
  }

  /** One entry the tail read, to every client whose filter it matches; unread when nobody watches. */
  private handOn(entry: RawLogEntry): void {
    const before = this.tail.position;
    if (this.fanout.size === 0 || !before) {
      this.recent.forget();
      return;
    }
    const events = readLogEntry(entry).map(({ position, event }) => deliveredTaskEvent(position, event));
    this.recent.add(before, events, lastPositionOfEntry(entry));
    for (const event of events) this.fanout.dispatch(event);
  }

  /**
   * The events after `after` that match `filter`: from memory when this process still holds them
   * all (see RecentTaskEvents), else from the log, page by page (XRANGE from `after`'s own
   * entry, whose later events the client may not have had). The log's extent is read after the
   * first page, in the same round trip: if nothing after `after` had been trimmed by then, the
   * first page was whole. A later page that does not start where the previous one ended was
   * trimmed under the replay (a client thousands of entries behind).
   */
  private async replay(
    filter: TaskEventFilter,
    after: TaskEventPosition,
    emit: (event: DeliveredTaskEvent) => void,
    signal: AbortSignal,
  ): Promise<'replayed' | 'missed'> {
    const held = this.recent.after(after);
    if (held) {
      for (const event of held) if (matchesFilter(filter, event)) emit(event);
      return 'replayed';
    }
    const prefix = this.config.queuePrefix;
    const [page, bounds] = await Promise.all([
      readTaskEventsLogFrom(this.redis, prefix, entryIdOf(after), REPLAY_PAGE),
      readTaskEventsLogBounds(this.redis, prefix),
    ]);
    if (missedEventsAfter(after, bounds)) return 'missed';
    let entries = page;
    while (!signal.aborted) {
      for (const entry of entries) {
        for (const { position, event } of readLogEntry(entry)) {
          if (compareTaskEventPositions(position, after) <= 0) continue;
          const delivered = deliveredTaskEvent(position, event);
          if (matchesFilter(filter, delivered)) emit(delivered);
        }
      }
      const lastRead = entries.at(-1);
      if (entries.length < REPLAY_PAGE || !lastRead) return 'replayed';
      const next = await readTaskEventsLogFrom(this.redis, prefix, lastRead[0], REPLAY_PAGE + 1);
      if (next[0]?.[0] !== lastRead[0]) return 'missed';
      entries = next.slice(1);
    }
    return 'replayed';
  }
}
