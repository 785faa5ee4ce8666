import { createRedisClient, publishTaskEvents } from '@atropos/queue';
import type { TaskEvent } from '@atropos/tasks';
import type { WorkerLogger } from '../logger.js';
import type { WorkerConfig } from '../worker-config.js';

/**
 * Announces every status and progress write, for the API's live event stream. The events of one
 * event-loop turn (a grouped claim or completion yields one per task) leave as one entry of the
 * task events log.
 */
export class TaskEventsPublisher {
  private readonly redis;
  private buffered: TaskEvent[] = [];

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
    const wasEmpty = this.buffered.length === 0;
    this.buffered.push(...events);
    if (wasEmpty) setImmediate(() => this.flush());
  }

  private flush(): void {
    const events = this.buffered;
    this.buffered = [];
    publishTaskEvents(this.redis, this.config.queuePrefix, events, this.config.taskEventsLogLength).catch((error: unknown) =>
      this.logger.debug(`Events of ${events.length} task change(s) not published: ${String(error)}`),
    );
  }

  close(): void {
    this.redis.disconnect();
  }
}
