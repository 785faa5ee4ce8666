export * from './env.js';
export * from './logger.js';
export * from './nest-logger.js';
export * from './metrics.js';
export * from './trace-context.js';
export * from './task-log.js';
