import { controlChannel, createRedisClient, parseControlMessage } from '@atropos/queue';
import type { WorkerLogger } from '../logger.js';
import type { WorkerConfig } from '../worker-config.js';

/** Listens for the API's control messages (cancel) and passes them to the runner. */
export class ControlListener {
  private readonly subscriber;

  constructor(
    private readonly config: WorkerConfig,
    private readonly logger: WorkerLogger,
    private readonly cancel: (taskId: string) => boolean,
  ) {
    this.subscriber = createRedisClient(config.redisUrl, { lazyConnect: true });
    this.subscriber.on('error', () => undefined);
  }

  async start(): Promise<void> {
    this.subscriber.on('message', (_channel: string, raw: string) => {
      const message = parseControlMessage(raw);
      if (message?.type === 'cancel' && this.cancel(message.taskId)) {
        this.logger.info(`Cancelling task ${message.taskId}`);
      }
    });
    // ioredis re-subscribes by itself after a reconnect.
    await this.subscriber.subscribe(controlChannel(this.config.queuePrefix));
  }

  close(): void {
    this.subscriber.disconnect();
  }
}
