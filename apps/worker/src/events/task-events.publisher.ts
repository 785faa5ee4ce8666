import { createRedisClient, publishTaskEvents } from '@atropos/queue';
import type { TaskEvent, TaskSnapshot } from '@atropos/tasks';
import type { OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { WorkerConfig } from '../config/worker.config.js';
import { WORKER_CONFIG } from '../config/worker.config.js';

/**
 * Announces every status and progress write, for the API's live event stream. The events of one
 * event-loop turn (a grouped claim or completion yields one per task) leave as one message.
 */
@Injectable()
export class TaskEventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(TaskEventsPublisher.name);
  private readonly redis;
  private buffered: TaskSnapshot[] = [];

  constructor(@Inject(WORKER_CONFIG) private readonly config: WorkerConfig) {
    // Fail fast rather than queue: a late event is worth less than none, and a task never waits on one.
    this.redis = createRedisClient(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    this.redis.on('error', () => undefined);
  }

  /** Publishes the task's new state, if the write that produced it took effect. */
  updated(snapshot: TaskSnapshot | null): void {
    if (!snapshot) return;
    if (this.buffered.push(snapshot) === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    const snapshots = this.buffered;
    this.buffered = [];
    const events = snapshots.map((task): TaskEvent => ({ type: 'task.updated', task }));
    publishTaskEvents(this.redis, this.config.queuePrefix, events).catch((error) =>
      this.logger.debug(`Events of ${events.length} task change(s) not published: ${String(error)}`),
    );
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
