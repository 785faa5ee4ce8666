import { TaskStore } from '@atropos/db';
import { Injectable, Logger } from '@nestjs/common';
import { TaskEventsService } from '../events/task-events.service.js';
import { TaskQueues } from './task-queues.js';

/** Jobs removed from Redis per round trip when the queue is flushed. */
const FLUSH_CHUNK = 500;

export interface QueueState {
  paused: boolean;
  waiting: number;
  active: number;
  delayed: number;
}

/**
 * The operator's levers on the queue as a whole: the main queue and the own queue of each type
 * served over HTTP, counted, paused and resumed together.
 */
@Injectable()
export class QueueControlService {
  private readonly logger = new Logger(QueueControlService.name);

  constructor(
    private readonly queues: TaskQueues,
    private readonly store: TaskStore,
    private readonly events: TaskEventsService,
  ) {}

  async state(): Promise<QueueState> {
    const [paused, ...counted] = await Promise.all([
      this.queues.main.isPaused(),
      ...(await this.queues.every()).map((queue) => queue.getJobCounts()),
    ]);
    const state: QueueState = { paused, waiting: 0, active: 0, delayed: 0 };
    for (const counts of counted) {
      // While a queue is paused Bull parks new jobs in a separate list; they are waiting all the same.
      const parked = (counts as typeof counts & { paused?: number }).paused ?? 0;
      state.waiting += counts.waiting + parked;
      state.active += counts.active;
      state.delayed += counts.delayed;
    }
    return state;
  }

  /** Every worker stops taking jobs (Bull's global pause), and claims over HTTP get none; what they hold they finish. */
  async pause(): Promise<QueueState> {
    await Promise.all((await this.queues.every()).map((queue) => queue.pause()));
    return this.state();
  }

  async resume(): Promise<QueueState> {
    await Promise.all((await this.queues.every()).map((queue) => queue.resume()));
    return this.state();
  }

  /**
   * Cancels every pending and retrying task and removes their jobs. Rows first: a job a worker
   * takes meanwhile finds its task cancelled and is dropped, and tasks created meanwhile keep theirs.
   */
  async flush(taskTypes?: readonly string[]): Promise<number> {
    if (taskTypes?.length === 0) return 0;
    const { snapshots: rows, events } = await this.store.flush(taskTypes);
    this.events.publish(events);
    for (let start = 0; start < rows.length; start += FLUSH_CHUNK) {
      const chunk = rows.slice(start, start + FLUSH_CHUNK);
      await Promise.all(
        chunk.map(async ({ id, task_type }) => (await this.queues.of(task_type).getJob(id))?.remove().catch(() => undefined)),
      );
    }
    this.logger.log(`Flushed ${taskTypes ? `the tasks of ${taskTypes.join(', ')}` : 'the queue'}: ${rows.length} task(s) cancelled`);
    return rows.length;
  }
}
