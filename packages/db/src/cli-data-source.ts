import { parseEnv } from '@atropos/config';
import { databaseEnv } from './database-env.js';
import { createDataSource } from './data-source.js';

const { databaseUrl } = parseEnv({ databaseUrl: databaseEnv.databaseUrl }, process.env, 'migration CLI');

/** For the TypeORM CLI (`npm run migration:* -w @atropos/db`); the apps call createDataSource. */
export default createDataSource({ url: databaseUrl });
