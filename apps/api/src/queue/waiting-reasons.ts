import type { TaskEntity } from '@atropos/db';
import { flowReasonKey, readLiveWorkers } from '@atropos/queue';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { withTimeout } from '../common/with-timeout.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { TaskTypesService } from '../task-types/task-types.service.js';
import { PoolsService } from './pools.service.js';
import { REDIS_PROBE } from './queue.providers.js';

/** What the reason depends on. */
type WaitingTask = Pick<TaskEntity, 'id' | 'status' | 'taskType'>;

/** A task read must not wait on Redis: past this the reason is left out. */
const READ_TIMEOUT_MS = 500;

/**
 * Why a task that could run does not: a flow-control limit holds it (the worker that found it over
 * the limit wrote why: `waiting: customer 42 at its limit of 1`), or no live worker serves its
 * queue. null for a task that is not waiting, or waits only for a free worker.
 */
@Injectable()
export class WaitingReasons {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(REDIS_PROBE) private readonly redis: Redis,
    private readonly types: TaskTypesService,
  ) {}

  async of(task: WaitingTask): Promise<string | null> {
    if (task.status !== 'pending' && task.status !== 'retrying') return null;
    return withTimeout(this.read(task), READ_TIMEOUT_MS, 'waiting reason timed out').catch(() => null);
  }

  private async read(task: WaitingTask): Promise<string | null> {
    const held = await this.redis.get(flowReasonKey(this.config.queuePrefix, task.id));
    if (held) return held;
    const type = this.types.known(task.taskType);
    // Workers over HTTP claim their types' tasks without a heartbeat here: who serves those is not known.
    if (!type || type.kind === 'http') return null;
    const workers = await readLiveWorkers(this.redis, this.config.queuePrefix);
    if (workers.some((worker) => PoolsService.serves(worker, type.pool))) return null;
    return `waiting: no live worker serves queue ${type.pool}`;
  }
}
