export * from './task-type-registration.entity.js';
export * from './task-type-registry.js';
export * from './schema-fingerprint.js';
