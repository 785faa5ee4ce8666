import { createRedisClient, workflowRunEventsChannel } from '@atropos/queue';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Observable } from 'rxjs';
import { filter, Subject } from 'rxjs';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';
import { REDIS_PROBE } from '../queue/queue.providers.js';

/**
 * Announces that a workflow run changed, to every API replica (Redis pub/sub, as task events):
 * the engine publishes the run id after each advance, and the run's SSE streams read it back.
 * Fire and forget: the run row holds the truth, a stream that missed one reads the next.
 */
@Injectable()
export class WorkflowRunEventsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Workflows');
  private readonly subscriber: Redis;
  private readonly runs = new Subject<string>();

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(REDIS_PROBE) private readonly publisher: Redis,
  ) {
    this.subscriber = createRedisClient(config.redisUrl, { lazyConnect: true });
    this.subscriber.on('error', () => undefined);
  }

  onModuleInit(): void {
    this.subscriber.on('message', (_channel: string, runId: string) => {
      if (this.runs.observed) this.runs.next(runId);
    });
    this.subscriber.subscribe(workflowRunEventsChannel(this.config.queuePrefix)).catch((error: unknown) => {
      this.logger.warn(`Workflow run events unavailable until Redis answers: ${String(error)}`);
    });
  }

  onApplicationShutdown(): void {
    this.runs.complete();
    this.subscriber.disconnect();
  }

  /** The ids of runs that changed, or only `runId`'s changes. */
  stream(runId?: string): Observable<string> {
    return this.runs.pipe(filter((id) => !runId || id === runId));
  }

  changed(runId: string): void {
    this.publisher
      .publish(workflowRunEventsChannel(this.config.queuePrefix), runId)
      .catch((error: unknown) => this.logger.debug(`Run event not published: ${String(error)}`));
  }
}
