/**
 * Loaded into the api or the worker with NODE_OPTIONS=--import=<this file> when the bench
 * profiles (BENCH_PROFILE=1): starts V8's sampling profiler at once and, on each SIGUSR2, writes
 * what it sampled since the last one to BENCH_PROFILE_DIR as <name>-<pid>-<n>.cpuprofile (open it
 * in Chrome DevTools or speedscope) and starts again, so the bench can cut out the warm-up.
 * `node --cpu-prof` would write only on a normal exit, and Nest ends on a re-raised SIGTERM.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  let count = 0;
  process.on('SIGUSR2', () => {
    void session.post('Profiler.stop').then(async ({ profile }) => {
      await session.post('Profiler.start');
      count += 1;
      const file = path.join(dir, `${process.env.BENCH_PROFILE_NAME ?? 'process'}-${process.pid}-${count}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      console.log(`cpu profile ${count} written to ${file}`);
    });
  });
}
