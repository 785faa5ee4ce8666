export * from './env-var.js';
export * from './parse-env.js';
