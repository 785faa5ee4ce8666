import { createDataSource } from './data-source.js';

/** For the TypeORM CLI (`npm run migration:* -w @atropos/db`); the apps call createDataSource. */
export default createDataSource({
  url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/atropos',
});
