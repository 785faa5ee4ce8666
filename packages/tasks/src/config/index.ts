export * from './config-dir.js';
export * from './task-types-file.js';
