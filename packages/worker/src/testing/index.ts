export * from './fake-context.js';
