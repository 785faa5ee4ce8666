import type { TaskEntity } from '@atropos/db';
import { IdempotencyKeyEntity, isPostgresUnavailable, TaskStore, WriteCoalescer } from '@atropos/db';
import type { FieldProblem } from '@atropos/tasks';
import { Inject, Injectable, Logger, ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { invalidRequest } from '../common/validation.js';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { TaskEventsService } from '../events/task-events.service.js';
import { REDIS_PROBE } from '../queue/queue.providers.js';
import { TaskQueues } from '../queue/task-queues.js';
import { TaskTypesService } from '../task-types/task-types.service.js';
import type { Caller } from '../security/caller.js';
import { destinationProblem } from '../webhooks/webhook-destination.js';
import { newTaskEntity, ofCheckedType } from './new-task.js';
import { checkOpenTaskCap } from './open-task-cap.js';
import type { CreateTaskBody } from './task.schemas.js';
import { MAX_BATCH_SIZE } from './task.schemas.js';

export interface CreationRequest {
  items: CreateTaskBody[];
  /** Names an item's fields in errors: '' for a single task, 'tasks.3.' for the fourth of a batch. */
  fieldPrefix: (index: number) => string;
  idempotency?: { key: string; route: string; body: unknown };
  /** Who asks: the tasks belong to its tenant, whose open tasks are capped (for a caller with a key). */
  caller: Caller;
}

/** Idempotency-Keys are per tenant. */
interface IdempotencyKeyId {
  tenant: string;
  key: string;
}

export interface Creation {
  tasks: TaskEntity[];
  /** True when an earlier request with the same Idempotency-Key created these tasks. */
  replayed: boolean;
}

/**
 * Creates tasks, one or a batch, all or none: validates every item against its type, inserts the
 * rows in one statement (with the Idempotency-Key, if any, in the same transaction) and queues
 * them with one addBulk. If Redis cannot take the jobs the rows are removed again and the client
 * gets 503, so a 201 always means queued.
 */
@Injectable()
export class TaskCreationService {
  private readonly logger = new Logger(TaskCreationService.name);
  /**
   * Single tasks created without an Idempotency-Key by concurrent requests share one INSERT and
   * one addBulk, as a batch would: under load a round trip costs more than the rest of the request.
   * Each request still gets its own tasks back, and its own 503 if the group could not be queued.
   */
  private readonly singleCreations = new WriteCoalescer<TaskEntity[], void>({
    writeMany: async (groups) => {
      await this.insertAndQueue(groups.flat());
      return groups.map(() => undefined);
    },
    failsEveryItem: (error) => error instanceof ServiceUnavailableException || isPostgresUnavailable(error),
    maxGroupSize: MAX_BATCH_SIZE,
  });

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly dataSource: DataSource,
    private readonly store: TaskStore,
    private readonly queues: TaskQueues,
    private readonly events: TaskEventsService,
    @Inject(REDIS_PROBE) private readonly redis: Redis,
    private readonly types: TaskTypesService,
  ) {}

  async create(request: CreationRequest): Promise<Creation> {
    const tasks = await this.buildTasks(request);
    const { caller } = request;
    if (caller.keyId) await checkOpenTaskCap(this.dataSource, this.config.maxOpenTasksPerTenant, caller.tenant, tasks.length);
    // Known down: answer at once instead of writing rows only to take them back.
    if (this.redis.status !== 'ready') throw redisUnavailable();
    const { idempotency } = request;
    if (!idempotency) {
      await (tasks.length === 1 ? this.singleCreations.write(tasks) : this.insertAndQueue(tasks));
      return { tasks, replayed: false };
    }
    const replayIds = await this.dataSource.transaction(async (manager) => {
      const requestHash = hashRequest(idempotency.route, idempotency.body);
      const earlier = await this.claimKey(manager, caller.tenant, idempotency.key, requestHash, tasks);
      if (!earlier) await this.store.insert(tasks, manager);
      return earlier;
    });
    // A task deleted since (DELETE /tasks/{id}) is simply left out.
    if (replayIds) return { tasks: await this.store.getMany(replayIds), replayed: true };
    await this.queueOrForget(tasks, { tenant: caller.tenant, key: idempotency.key });
    return { tasks, replayed: false };
  }

  /** Without a key there is one statement to run before queueing: no transaction round trips. */
  private async insertAndQueue(tasks: TaskEntity[]): Promise<void> {
    await this.store.insert(tasks);
    await this.queueOrForget(tasks, undefined);
  }

  private async queueOrForget(tasks: TaskEntity[], idempotencyKey: IdempotencyKeyId | undefined): Promise<void> {
    try {
      await this.queues.enqueue(tasks);
    } catch (error) {
      this.logger.error(`${tasks.length} task(s) not queued: ${String(error)}`);
      await this.forget(tasks, idempotencyKey).catch(() => undefined);
      throw redisUnavailable();
    }
    this.events.created(tasks);
  }

  private async buildTasks({ items, fieldPrefix, caller }: CreationRequest): Promise<TaskEntity[]> {
    const problems: FieldProblem[] = [];
    const checks = await Promise.all(items.map((item) => this.types.check(item.task_type, item.parameters)));
    const callbackProblems = await Promise.all(items.map((item) => this.callbackProblem(item.callback_url)));
    callbackProblems.forEach((message, index) => {
      if (message !== null) problems.push({ field: `${fieldPrefix(index)}callback_url`, message });
    });
    const tasks = items.map((item, index) => {
      const check = checks[index]!;
      if (!check.ok) {
        problems.push(...check.problems.map((problem) => ({ ...problem, field: fieldPrefix(index) + problem.field })));
        return null;
      }
      // A command type's timeout is the operator's: a task may ask for less, never more.
      if (item.timeout_s !== undefined && item.timeout_s > check.type.maxTimeoutS) {
        problems.push({
          field: `${fieldPrefix(index)}timeout_s`,
          message: `must be at most ${check.type.maxTimeoutS} for task type ${check.type.name} (its timeout_s in task-types.json)`,
        });
        return null;
      }
      // Workers over the HTTP protocol take their tasks without the workers' flow gate.
      if (item.concurrency !== undefined && check.type.kind === 'http') {
        problems.push({
          field: `${fieldPrefix(index)}concurrency`,
          message: `task type ${check.type.name} is served over the HTTP worker protocol, which does not enforce concurrency keys`,
        });
        return null;
      }
      const scheduledFor =
        item.delay_ms !== undefined && item.delay_ms > 0
          ? new Date(Date.now() + item.delay_ms)
          : item.run_at !== undefined && Date.parse(item.run_at) > Date.now()
            ? new Date(item.run_at)
            : null;
      return newTaskEntity(
        {
          ...ofCheckedType(check),
          priority: item.priority,
          name: item.name,
          labels: item.labels,
          concurrency: item.concurrency,
          callbackUrl: item.callback_url ?? null,
          timeoutS: item.timeout_s ?? check.type.timeoutS,
          scheduledFor,
          apiKeyId: caller.keyId,
          tenant: caller.tenant,
        },
        this.config,
      );
    });
    if (problems.length > 0) throw invalidRequest(problems);
    return tasks as TaskEntity[];
  }

  /** Why a task's callback_url is refused (see the webhooks' SSRF guard), or null. */
  private async callbackProblem(url: string | undefined): Promise<string | null> {
    if (url === undefined) return null;
    if (this.config.webhookCallbackSecret === undefined) return 'needs WEBHOOK_CALLBACK_SECRET set on the API, to sign the deliveries';
    return destinationProblem(url, this.config.webhookAllowedHosts);
  }

  /**
   * Records the key with this request's tasks, or returns the tasks of the request that first used
   * it. A concurrent request with the same key waits on the primary key until the first commits,
   * so exactly one of them creates tasks. An expired key counts as new.
   */
  private async claimKey(manager: EntityManager, tenant: string, key: string, requestHash: string, tasks: TaskEntity[]) {
    const ids = tasks.map((task) => task.id);
    const ttlMs = this.config.idempotencyKeyTtlMs;
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO idempotency_keys (key, request_hash, task_ids, expires_at, tenant)
       VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond', $5)
       ON CONFLICT (tenant, key) DO UPDATE SET request_hash = $2, task_ids = $3, created_at = now(),
                                       expires_at = now() + $4 * interval '1 millisecond'
         WHERE idempotency_keys.expires_at <= now()
       RETURNING key`,
      [key, requestHash, ids, ttlMs, tenant],
    );
    if (inserted.length > 0) return null;
    const earlier = await manager.findOneByOrFail(IdempotencyKeyEntity, { tenant, key });
    if (earlier.requestHash !== requestHash) {
      throw new UnprocessableEntityException(
        `Idempotency-Key ${JSON.stringify(key)} was already used with a different request; send the same request or use a new key`,
      );
    }
    return earlier.taskIds;
  }

  private async forget(tasks: TaskEntity[], key: IdempotencyKeyId | undefined): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.store.discard(
        tasks.map((task) => task.id),
        manager,
      );
      if (key) await manager.delete(IdempotencyKeyEntity, key);
    });
  }
}

function redisUnavailable(): ServiceUnavailableException {
  return new ServiceUnavailableException('Redis is unavailable, so no task was accepted; try again in a few seconds');
}

function hashRequest(route: string, body: unknown): string {
  return createHash('sha256').update(route).update('\n').update(JSON.stringify(body)).digest('hex');
}
