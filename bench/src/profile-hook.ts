/**
 * Loaded into the api or the worker with NODE_OPTIONS=--import=<this file> when the bench
 * profiles (BENCH_PROFILE=1): starts V8's sampling profiler at once and, on SIGUSR2, writes the
 * profile to BENCH_PROFILE_DIR as a .cpuprofile (open it in Chrome DevTools or speedscope).
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
  process.on('SIGUSR2', () => {
    void session.post('Profiler.stop').then(async ({ profile }) => {
      const file = path.join(dir, `${process.env.BENCH_PROFILE_NAME ?? 'process'}-${process.pid}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      console.log(`cpu profile written to ${file}`);
    });
  });
}
