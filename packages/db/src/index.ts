export * from './task.entity.js';
export * from './idempotency-key.entity.js';
export * from './data-source.js';
export * from './migrate.js';
export * from './connect.js';
export * from './ensure-database.js';
export * from './database-env.js';
export { MIGRATIONS } from './migrations/index.js';
export * from './task-snapshot.js';
