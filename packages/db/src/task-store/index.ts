export * from './task-store.js';
export * from './task-refused.error.js';
export * from './task-snapshot.js';
export * from './storable.js';
export * from './write-coalescer.js';
