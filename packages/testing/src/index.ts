export * from './test-database.js';
export * from './test-queue.js';
export * from './wait-for.js';
export * from './app-process.js';
export * from './tcp-proxy.js';
export * from './documented-variables.js';
export * from './oidc-stub.js';
