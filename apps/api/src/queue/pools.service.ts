import type { TasksQueue } from '@atropos/queue';
import { readLiveWorkers } from '@atropos/queue';
import type { WorkerHeartbeat } from '@atropos/tasks';
import { DEFAULT_QUEUE } from '@atropos/tasks';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import type { TaskTypeInfo } from '../task-types/task-types.service.js';
import { TaskTypesService } from '../task-types/task-types.service.js';
import { REDIS_PROBE } from './queue.providers.js';
import { TaskQueues } from './task-queues.js';

/** One queue (pool) as GET /queues shows it. */
export interface PoolState {
  name: string;
  paused: boolean;
  waiting: number;
  active: number;
  delayed: number;
  /** Live workers that serve it. */
  workers: number;
  task_types: string[];
}

/**
 * The queues (pools of workers) a deployment runs: each task type belongs to one (DEFAULT_QUEUE
 * unless it says otherwise), and each worker serves those its WORKER_QUEUES lists. A pool's jobs
 * are on the Bull queues of its types (one shared queue for its built-in and command types, the
 * own queue of each registered or HTTP type), which its figures sum and its levers act on.
 */
@Injectable()
export class PoolsService {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly types: TaskTypesService,
    private readonly queues: TaskQueues,
    @Inject(REDIS_PROBE) private readonly redis: Redis,
  ) {}

  /** Every pool with its figures: the default one first, then by name. */
  async list(): Promise<PoolState[]> {
    const [types, workers] = await Promise.all([this.types.all(), readLiveWorkers(this.redis, this.config.queuePrefix)]);
    const names = new Set([DEFAULT_QUEUE, ...types.map((type) => type.pool), ...workers.flatMap((worker) => worker.queues ?? [])]);
    const sorted = [...names].sort((a, b) => (a === DEFAULT_QUEUE ? -1 : b === DEFAULT_QUEUE ? 1 : a.localeCompare(b)));
    return Promise.all(sorted.map((name) => this.stateOf(name, types, workers)));
  }

  /** One pool's figures; null for a name no type and no live worker has. */
  async get(name: string): Promise<PoolState | null> {
    return (await this.list()).find((pool) => pool.name === name) ?? null;
  }

  /** Workers stop taking the pool's jobs (Bull's global pause of each of its queues); what they hold they finish. */
  async pause(name: string): Promise<PoolState | null> {
    await Promise.all((await this.bullQueuesOf(name)).map((queue) => queue.pause()));
    return this.get(name);
  }

  async resume(name: string): Promise<PoolState | null> {
    await Promise.all((await this.bullQueuesOf(name)).map((queue) => queue.resume()));
    return this.get(name);
  }

  /** The task types of a pool. */
  async typesOf(name: string): Promise<TaskTypeInfo[]> {
    return (await this.types.all()).filter((type) => type.pool === name);
  }

  /** Whether a live worker serves the pool; a worker older than pools (no `queues`) serves every one. */
  static serves(worker: WorkerHeartbeat, pool: string): boolean {
    return worker.queues === undefined || worker.queues.includes(pool);
  }

  private async bullQueuesOf(name: string): Promise<TasksQueue[]> {
    return [...new Set((await this.typesOf(name)).map((type) => type.queue))].map((queue) => this.queues.named(queue));
  }

  private async stateOf(name: string, types: TaskTypeInfo[], workers: WorkerHeartbeat[]): Promise<PoolState> {
    const poolTypes = types.filter((type) => type.pool === name);
    const bull = [...new Set(poolTypes.map((type) => type.queue))].map((queue) => this.queues.named(queue));
    const read = await Promise.all(bull.map(async (queue) => ({ counts: await queue.getJobCounts(), paused: await queue.isPaused() })));
    const state: PoolState = {
      name,
      // A pool with no queue yet (only a worker names it) has nothing to pause.
      paused: read.length > 0 && read.every((queue) => queue.paused),
      waiting: 0,
      active: 0,
      delayed: 0,
      workers: workers.filter((worker) => PoolsService.serves(worker, name)).length,
      task_types: poolTypes.map((type) => type.name),
    };
    for (const { counts } of read) {
      // While a queue is paused Bull parks new jobs in a separate list; they are waiting all the same.
      state.waiting += counts.waiting + ((counts as typeof counts & { paused?: number }).paused ?? 0);
      state.active += counts.active;
      state.delayed += counts.delayed;
    }
    return state;
  }
}
