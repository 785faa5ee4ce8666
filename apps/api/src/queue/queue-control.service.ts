import { TaskStore } from '@atropos/db';
import type { TasksQueue } from '@atropos/queue';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { TaskEventsService } from '../events/task-events.service.js';
import { TASKS_QUEUE_TOKEN } from './queue.providers.js';

/** Jobs removed from Redis per round trip when the queue is flushed. */
const FLUSH_CHUNK = 500;

export interface QueueState {
  paused: boolean;
  waiting: number;
  active: number;
  delayed: number;
}

/** The operator's levers on the queue as a whole. */
@Injectable()
export class QueueControlService {
  private readonly logger = new Logger(QueueControlService.name);

  constructor(
    @Inject(TASKS_QUEUE_TOKEN) private readonly queue: TasksQueue,
    private readonly store: TaskStore,
    private readonly events: TaskEventsService,
  ) {}

  async state(): Promise<QueueState> {
    const [paused, counts] = await Promise.all([this.queue.isPaused(), this.queue.getJobCounts()]);
    // While the queue is paused Bull parks new jobs in a separate list; they are waiting all the same.
    const parked = (counts as typeof counts & { paused?: number }).paused ?? 0;
    return { paused, waiting: counts.waiting + parked, active: counts.active, delayed: counts.delayed };
  }

  /** Every worker stops taking jobs (Bull's global pause); what they hold they finish. */
  async pause(): Promise<QueueState> {
    await this.queue.pause();
    return this.state();
  }

  async resume(): Promise<QueueState> {
    await this.queue.resume();
    return this.state();
  }

  /**
   * Cancels every pending and retrying task and removes their jobs. Rows first: a job a worker
   * takes meanwhile finds its task cancelled and is dropped, and tasks created meanwhile keep theirs.
   */
  async flush(): Promise<number> {
    const { snapshots: rows, events } = await this.store.flush();
    this.events.publish(events);
    for (let start = 0; start < rows.length; start += FLUSH_CHUNK) {
      const chunk = rows.slice(start, start + FLUSH_CHUNK);
      await Promise.all(
        chunk.map(async ({ id }) => (await this.queue.getJob(id))?.remove().catch(() => undefined)),
      );
    }
    this.logger.log(`Flushed the queue: ${rows.length} task(s) cancelled`);
    return rows.length;
  }
}
