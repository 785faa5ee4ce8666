// One worker process of a supervisor (orchestrator.ts): runs the tasks of the module it is given.
import { runChild } from './orchestrator.js';

void runChild(process.argv[2] ?? '');
