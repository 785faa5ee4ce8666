import { connectWithRetry, createDataSource } from '@atropos/db';
import type { DataSource } from 'typeorm';
import type { WorkerLogger } from '../logger.js';
import type { WorkerConfig } from '../worker-config.js';

/** The worker's pool, waiting for PostgreSQL while it starts (the API creates the database on first start). */
export function connectDatabase(config: WorkerConfig, logger: WorkerLogger): Promise<DataSource> {
  return connectWithRetry(
    () =>
      createDataSource({
        url: config.databaseUrl,
        poolSize: config.databasePoolSize,
        applicationName: `atropos-worker ${config.workerId}`.slice(0, 63),
      }).initialize(),
    { onRetry: (error) => logger.warn(`Waiting for PostgreSQL: ${String(error)}`) },
  );
}
