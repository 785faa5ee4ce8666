import type { TaskStore } from '@atropos/db';
import { isFinalStatus } from '@atropos/tasks';
import type { FlowScope, TaskJobData } from '@atropos/queue';
import { acquireFlowSlots, advanceFairRound, createRedisClient, extendFlowSlots, flowReasonKey, releaseFlowSlots } from '@atropos/queue';
import type { Job, Queue } from 'bull';
import type { AnyTask } from '../define-task.js';
import type { WorkerLogger } from '../logger.js';
import type { WorkerConfig } from '../worker-config.js';
import { flowScopesOf, waitingReason } from './flow-scopes.js';

/**
 * A task parked for a concurrency limit is woken by the release of a slot; this is the longest it
 * waits if that wake-up is lost (the releasing worker died between its release and the wake-up).
 */
const PARKED_RECHECK_MS = 10_000;

/** How many times a release hands a slot on past woken tasks whose jobs are gone. */
const MAX_HAND_ON_ROUNDS = 5;

/** What a gate decided for a job: run it (holding these slots), or it went back to wait. */
export type GateEntry = { run: true; scopes: FlowScope[] } | { run: false };

/**
 * The worker's side of flow control (packages/queue/src/flow-control.ts holds the shared state):
 * before a task of a type with limits is claimed, its slots are taken; a task over a limit goes
 * back to Bull's delayed set, holding no worker slot and no attempt, until a slot frees (its
 * release promotes it) or the rate window lets it in. What holds it is written for GET /tasks/{id}.
 */
export class FlowGate {
  private readonly redis;
  /** Slots this worker holds, per task id, kept from lapsing while the task runs. */
  private readonly held = new Map<string, FlowScope[]>();
  private readonly limited: boolean;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: WorkerConfig,
    private readonly logger: WorkerLogger,
    private readonly store: TaskStore,
    private readonly tasks: ReadonlyMap<string, AnyTask>,
  ) {
    this.limited = [...tasks.values()].some((task) => task.limits !== undefined);
    this.redis = createRedisClient(config.redisUrl, { connectionName: 'atropos-worker-flow', lazyConnect: true });
    this.redis.on('error', () => undefined);
  }

  /** A slot lapses this long after its worker stopped extending it (three heartbeats). */
  private get leaseMs(): number {
    return this.config.heartbeatIntervalMs * 3;
  }

  /** Keeps the slots held from lapsing; any task may hold some (its own concurrency key), so always. */
  start(): void {
    this.timer = setInterval(() => void this.extend(), this.config.heartbeatIntervalMs);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.redis.disconnect();
  }

  /** Takes the job's slots, or puts it back to wait. A task without limits (its type's or its own) costs nothing. */
  async enter(job: Job<TaskJobData>): Promise<GateEntry> {
    if (!this.limited && !job.data.keyed) return { run: true, scopes: [] };
    const taskId = job.data.taskId;
    const row = await this.store.get(taskId);
    const task = row ? this.tasks.get(row.taskType) : undefined;
    // A task gone, final or of a type not served here is the claim's to drop. A final one may hold
    // a slot handed to it while it was parked (cancelled while waiting): the next parked task gets it.
    if (!row || !task || !['pending', 'retrying'].includes(row.status)) {
      if (row && task && isFinalStatus(row.status)) await this.leave(job, flowScopesOf(task, row));
      return { run: true, scopes: [] };
    }
    const scopes = flowScopesOf(task, row);
    if (scopes.length === 0) return { run: true, scopes };
    const prefix = this.config.queuePrefix;
    const first = await acquireFlowSlots(this.redis, prefix, taskId, scopes, { leaseMs: this.leaseMs, park: false });
    if (first.started) return this.started(taskId, scopes);
    await this.redis.set(flowReasonKey(prefix, taskId), waitingReason(first.scope, first.limit), 'PX', PARKED_RECHECK_MS * 3);
    if (first.limit === 'rate') {
      // Back when the window lets the next start in (a little spread, so waiting tasks do not all wake at once).
      await moveToDelayed(job, first.retryAt + Math.floor(Math.random() * 20));
      return this.waiting(job);
    }
    await moveToDelayed(job, Date.now() + PARKED_RECHECK_MS);
    // Parked only once it waits in Bull's delayed set, so that a wake-up always finds it there; a
    // slot freed in between is taken here (the job is promoted and keeps it when it comes back).
    const second = await acquireFlowSlots(this.redis, prefix, taskId, scopes, { leaseMs: this.leaseMs, park: true });
    if (second.started) {
      await this.redis.del(flowReasonKey(prefix, taskId));
      await job.promote().catch(() => undefined);
    }
    return this.waiting(job);
  }

  /**
   * A job starts: its queue has reached the job's fairness round (fair-rounds.ts), from which a key
   * that starts waiting now takes its turns. Best effort: a lost update only favours new keys less.
   */
  async reached(job: Job<TaskJobData>): Promise<void> {
    if (!this.limited && !job.data.keyed) return;
    await advanceFairRound(this.redis, this.config.queuePrefix, job.queue.name, job.opts.priority ?? 0).catch((error: unknown) =>
      this.logger.warn(`Fairness round not advanced: ${String(error)}`),
    );
  }

  /**
   * Frees the task's slots, handing each to a parked task, and wakes those (they are on this job's
   * queue: same type). A woken task whose job is gone (cancelled while it waited) gives its slot on.
   */
  async leave(job: Job<TaskJobData>, scopes: readonly FlowScope[]): Promise<void> {
    if (scopes.length === 0) return;
    const taskId = job.data.taskId;
    this.held.delete(taskId);
    const release = (id: string) => releaseFlowSlots(this.redis, this.config.queuePrefix, id, scopes, this.leaseMs);
    try {
      let woken = await release(taskId);
      // Bounded: each round frees slots of jobs already gone; a slot still unplaced lapses with its lease.
      for (let round = 0; woken.length > 0 && round < MAX_HAND_ON_ROUNDS; round++) {
        const gone = await Promise.all(woken.map(async (id) => ((await wake(job.queue, id)) ? [] : [id])));
        woken = (await Promise.all(gone.flat().map(release))).flat();
      }
    } catch (error) {
      // The slots lapse on their own (leaseMs) and parked tasks come back within PARKED_RECHECK_MS.
      this.logger.warn(`Flow-control slots of task ${taskId} not released: ${String(error)}`);
    }
  }

  private async started(taskId: string, scopes: FlowScope[]): Promise<GateEntry> {
    this.held.set(taskId, scopes);
    await this.redis.del(flowReasonKey(this.config.queuePrefix, taskId));
    return { run: true, scopes };
  }

  /**
   * The job is back in Bull's delayed set (moveToDelayed took it out of active and dropped its
   * lock): Bull's own completion of the processor's result must not run for it, so it is made a
   * no-op on this job. This reaches into Bull (processJob calls job.moveToCompleted on the job it
   * handed over), which has no public way for a processor to put its job back to wait.
   */
  private waiting(job: Job<TaskJobData>): GateEntry {
    (job as unknown as { moveToCompleted: () => Promise<null> }).moveToCompleted = () => Promise.resolve(null);
    return { run: false };
  }

  private async extend(): Promise<void> {
    const byScope = new Map<string, { scope: FlowScope; ids: string[] }>();
    for (const [taskId, scopes] of this.held) {
      for (const scope of scopes) {
        const entry = byScope.get(scope.id) ?? { scope, ids: [] };
        entry.ids.push(taskId);
        byScope.set(scope.id, entry);
      }
    }
    await Promise.all(
      [...byScope.values()].map(({ scope, ids }) =>
        extendFlowSlots(this.redis, this.config.queuePrefix, [scope], ids, this.leaseMs).catch((error: unknown) =>
          this.logger.warn(`Flow-control slots not extended (Redis unreachable?): ${String(error)}`),
        ),
      ),
    );
  }
}

/**
 * Moves a parked job from Bull's delayed set to wait; false if the job is gone. A job not in the
 * delayed set (its recheck already brought it back) comes to the gate on its own and finds its slot.
 */
async function wake(queue: Queue<TaskJobData>, jobId: string): Promise<boolean> {
  const job = await queue.getJob(jobId);
  if (!job) return false;
  await job.promote().catch(() => undefined);
  return true;
}

/** Bull's Job#moveToDelayed (active → delayed, lock dropped, no attempt spent), which its typings leave out. */
function moveToDelayed(job: Job<TaskJobData>, timestamp: number): Promise<void> {
  return (job as unknown as { moveToDelayed(timestamp: number): Promise<void> }).moveToDelayed(timestamp);
}
