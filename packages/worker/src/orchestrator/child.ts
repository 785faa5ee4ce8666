// One worker process of a supervisor (orchestrator.ts): runs the tasks of the module it is given.
// Tracing first (when configured): it patches pg, ioredis and http before the runtime loads them.
import '../observability/preload.js';
import { runChild } from './orchestrator.js';

void runChild(process.argv[2] ?? '');
