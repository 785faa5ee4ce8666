import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations/index.js';
import { QueryErrorLogger } from './query-error-logger.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { TaskArtifactEntity } from './task-artifact.entity.js';
import { TaskLogEntity } from './task-log.entity.js';
import { TaskEntity } from './task.entity.js';
import { TaskTypeRegistrationEntity, TaskTypeWorkerEntity } from './task-type-registry/task-type-registration.entity.js';
import { WorkflowDefinitionEntity, WorkflowRunEntity } from './workflow-run.entity.js';

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  /** Name shown in pg_stat_activity, to tell the api's connections from the workers'. */
  applicationName?: string;
}

/** The one data-source definition: api, worker, tests and the migration CLI all build theirs here. */
export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource({
    type: 'postgres',
    url: settings.url,
    entities: [
      TaskEntity,
      IdempotencyKeyEntity,
      WorkflowRunEntity,
      WorkflowDefinitionEntity,
      TaskArtifactEntity,
      TaskLogEntity,
      TaskTypeRegistrationEntity,
      TaskTypeWorkerEntity,
    ],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: ['error', 'warn'],
    // Failed statements are logged without their bound parameters (other clients' data).
    logger: new QueryErrorLogger(),
    applicationName: settings.applicationName ?? 'atropos',
    extra: {
      max: settings.poolSize ?? 10,
      // Waiting forever for a connection would hang requests instead of failing them.
      connectionTimeoutMillis: 5_000,
    },
  });
}
