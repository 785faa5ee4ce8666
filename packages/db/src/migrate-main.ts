import { parseEnv } from '@atropos/config';
import { createDataSource } from './data-source.js';
import { databaseEnv } from './database-env.js';
import { runMigrations } from './migrate.js';

/**
 * `node packages/db/dist/migrate-main.js`: applies pending migrations and exits, as the API does
 * at start (same advisory lock, so it may run while API replicas start). Kubernetes runs it as a
 * Job before rolling out a new version (deploy/kubernetes/base/migrate-job.yaml).
 */
const { databaseUrl } = parseEnv({ databaseUrl: databaseEnv.databaseUrl }, process.env, 'migrations');
const dataSource = createDataSource({ url: databaseUrl, applicationName: 'atropos-migrate' });
await dataSource.initialize();
try {
  const applied = await runMigrations(dataSource);
  console.log(applied.length > 0 ? `Applied migrations: ${applied.join(', ')}` : 'No pending migration');
} finally {
  await dataSource.destroy();
}
