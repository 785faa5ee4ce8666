import { createRedisClient, publishTaskEvents } from '@atropos/queue';
import type { TaskEvent } from '@atropos/tasks';
import type { WorkerLogger } from '../logger.js';
import type { WorkerConfig } from '../worker-config.js';

/** The most events one entry of the log holds (an entry is one XADD, read whole by every API replica). */
const MAX_EVENTS_PER_ENTRY = 1_000;

/**
 * Announces every status and progress write, for the API's live event stream, as entries of the
 * task events log. Group commit, as the TaskStore's writes: one XADD is in flight at a time, and
 * the events published meanwhile (the next groups of claims and completions) leave together as
 * the next entry once it is answered. An idle worker's event leaves at the end of the event-loop
 * turn, as before; a busy one's claims and completions share entries instead of taking one each:
 * every entry costs an XADD here, and in Redis and in every API replica a wake-up of the tail's
 * XREAD and its reply. Order is kept (one connection, one entry after the other); an entry Redis
 * refuses is dropped with a debug line, as before (PostgreSQL holds the truth).
 */
export class TaskEventsPublisher {
  private readonly redis;
  private buffered: TaskEvent[] = [];
  /** An XADD is in flight or a flush is scheduled: what is published now waits for it. */
  private flushing = false;

  constructor(
    private readonly config: WorkerConfig,
    private readonly logger: WorkerLogger,
  ) {
    // Fail fast rather than queue: a late event is worth less than none, and a task never waits on one.
    this.redis = createRedisClient(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    this.redis.on('error', () => undefined);
  }

  /** Publishes the events of a TaskStore write; nothing when the write changed nothing. */
  publish(events: TaskEvent[] | undefined): void {
    if (!events || events.length === 0) return;
    this.buffered.push(...events);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    while (this.buffered.length > 0) {
      const events = this.buffered.splice(0, MAX_EVENTS_PER_ENTRY);
      await publishTaskEvents(this.redis, this.config.queuePrefix, events, this.config.taskEventsLogLength).catch((error: unknown) =>
        this.logger.debug(`Events of ${events.length} task change(s) not published: ${String(error)}`),
      );
    }
    this.flushing = false;
  }

  close(): void {
    this.redis.disconnect();
  }
}
