/**
 * @atropos/client: the Atropos API from TypeScript. `AtroposClient` wraps the common calls (tasks,
 * their progress and results, task types, workflows) with typed errors; `createApiClient` gives
 * the whole API as a typed openapi-fetch client. Both are typed from the API's OpenAPI document
 * (openapi.json in this package).
 */
export type { components, operations, paths } from './openapi.generated.js';
export * from './types.js';
export * from './errors.js';
export type { TaskEvent } from './event-stream.js';
export { readTaskEvents } from './event-stream.js';
export * from './client.js';
export * from './webhooks.js';
