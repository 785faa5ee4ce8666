import { connectWithRetry, createDataSource, ensureDatabase, runMigrations, TaskEntity, TaskStore } from '@atropos/db';
import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import type { ApiConfig } from '../config/api.config.js';
import { API_CONFIG } from '../config/api.config.js';

export const TASK_REPOSITORY = Symbol('TASK_REPOSITORY');

/** Closes the pool once requests have drained. */
@Injectable()
export class DatabaseShutdown implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * The API owns the schema: at start it creates the database if the server lacks it and applies
 * pending migrations, before it serves a single request. Workers never migrate.
 */
async function connectAndMigrate(config: ApiConfig): Promise<DataSource> {
  const logger = new Logger('Database');
  const dataSource = await connectWithRetry(
    async () => {
      if (await ensureDatabase(config.databaseUrl)) logger.log('Created the database named in DATABASE_URL');
      return createDataSource({
        url: config.databaseUrl,
        poolSize: config.databasePoolSize,
        applicationName: 'atropos-api',
      }).initialize();
    },
    { onRetry: (error) => logger.warn(`Waiting for PostgreSQL: ${String(error)}`) },
  );
  const applied = await runMigrations(dataSource);
  if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);
  return dataSource;
}

export const databaseProviders: Provider[] = [
  { provide: DataSource, inject: [API_CONFIG], useFactory: connectAndMigrate },
  {
    provide: TASK_REPOSITORY,
    inject: [DataSource],
    useFactory: (dataSource: DataSource): Repository<TaskEntity> => dataSource.getRepository(TaskEntity),
  },
  { provide: TaskStore, inject: [DataSource], useFactory: (dataSource: DataSource) => new TaskStore(dataSource) },
  DatabaseShutdown,
];
