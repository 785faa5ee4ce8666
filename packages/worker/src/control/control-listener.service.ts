import { controlChannel, createRedisClient, parseControlMessage } from '@atropos/queue';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { WorkerConfig } from '../worker-config.js';
import { WORKER_CONFIG } from '../worker-config.js';
import { TaskRunnerService } from '../runner/task-runner.service.js';

/** Listens for the API's control messages (cancel) and passes them to the runner. */
@Injectable()
export class ControlListenerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ControlListenerService.name);
  private readonly subscriber;

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly runner: TaskRunnerService,
  ) {
    this.subscriber = createRedisClient(config.redisUrl, { lazyConnect: true });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscriber.on('message', (_channel: string, raw: string) => {
      const message = parseControlMessage(raw);
      if (message?.type === 'cancel' && this.runner.cancel(message.taskId)) {
        this.logger.log(`Cancelling task ${message.taskId}`);
      }
    });
    // ioredis re-subscribes by itself after a reconnect.
    await this.subscriber.subscribe(controlChannel(this.config.queuePrefix));
  }

  onApplicationShutdown(): void {
    this.subscriber.disconnect();
  }
}
