import { connectWithRetry, createDataSource, TaskStore } from '@atropos/db';
import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WorkerConfig } from '../worker-config.js';
import { WORKER_CONFIG } from '../worker-config.js';

/** Closes the pool after the runner has drained, so the last status writes still get through. */
@Injectable()
export class DatabaseShutdown implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

export const databaseProviders: Provider[] = [
  {
    provide: DataSource,
    inject: [WORKER_CONFIG],
    useFactory: (config: WorkerConfig) => {
      const logger = new Logger('Database');
      return connectWithRetry(
        () =>
          createDataSource({
            url: config.databaseUrl,
            poolSize: config.databasePoolSize,
            applicationName: `atropos-worker ${config.workerId}`,
          }).initialize(),
        { onRetry: (error) => logger.warn(`Waiting for PostgreSQL: ${String(error)}`) },
      );
    },
  },
  {
    provide: TaskStore,
    inject: [DataSource],
    useFactory: (dataSource: DataSource) => new TaskStore(dataSource),
  },
  DatabaseShutdown,
];
