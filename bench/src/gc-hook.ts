/**
 * Loaded into the memory section's worker with NODE_OPTIONS=--import=<this file>: on SIGUSR2 it runs
 * a full garbage collection and prints `full gc <n>: heap used <bytes>`, so the bench reads what
 * the worker still holds. Its RSS otherwise also holds the garbage V8 has not collected yet, which
 * comes and goes with the collector's timing: the same 100,000 tasks read +34 % in one run and
 * −13 % in the next, while a leak stays after any collection.
 *
 * `--expose-gc` is not allowed in NODE_OPTIONS on Node 20; with the flag set at run time, a new
 * context gets the `gc` function it exposes.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
let collections = 0;
process.on('SIGUSR2', () => {
  collect();
  collections += 1;
  console.log(`full gc ${collections}: heap used ${process.memoryUsage().heapUsed}`);
});
