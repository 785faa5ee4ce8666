export * from './tasks-queue.js';
export * from './worker-heartbeat.js';
export * from './redis-env.js';
export * from './control-channel.js';
export * from './task-events.js';
export * from './task-logs.js';
export * from './flow-control.js';
export * from './fair-rounds.js';
