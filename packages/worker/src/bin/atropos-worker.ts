#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

// The runtime (TypeORM, Bull…) is imported only when it runs: --help and --health stay quick.

const HELP = `Usage: atropos-worker [--processes <n|auto>] [--concurrency <n>] <module>
       atropos-worker --health

Runs the Atropos task types that <module> exports (what defineTask() returns, as
\`export const tasks = [...]\`, a default export or named exports) on an Atropos
deployment, until SIGTERM or SIGINT stops it gracefully.

Options:
  -p, --processes <n|auto>  worker processes to run (default WORKER_PROCESSES, else 1);
                            "auto" runs one per CPU. With more than one, this process
                            supervises them and starts a crashed one again after a backoff.
  -c, --concurrency <n>     tasks each process runs at once (default WORKER_CONCURRENCY, else 4)
      --health              exit 0 if a worker of this host has a live heartbeat, else 1
                            (a container health check)
  -h, --help                this help
  -v, --version             the version of @atropos/worker

Settings come from the environment:
  DATABASE_URL   PostgreSQL of the deployment (default postgres://postgres@127.0.0.1:5432/atropos)
  REDIS_URL      its Redis (default redis://127.0.0.1:6379)
  QUEUE_PREFIX   its Redis key prefix (default atropos)
  WORKER_ID, DATABASE_POOL_SIZE, PROGRESS_WRITE_INTERVAL_MS, HEARTBEAT_INTERVAL_MS,
  SHUTDOWN_GRACE_MS, STALLED_CHECK_INTERVAL_MS, ARTIFACT_MAX_BYTES: see the README.

Example:
  DATABASE_URL=postgres://atropos@db/atropos REDIS_URL=redis://redis:6379 \\
    atropos-worker --processes 4 ./dist/my-tasks.js
`;

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        processes: { type: 'string', short: 'p' },
        concurrency: { type: 'string', short: 'c' },
        health: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    usage((error as Error).message);
    return;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.health) {
    (await import('../orchestrator/health-check.js')).runHealthCheck();
    return;
  }
  if (values.version) {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${manifest.version}\n`);
    return;
  }
  if (positionals.length !== 1) {
    usage(positionals.length === 0 ? 'the module that exports your tasks is missing' : 'give one module');
    return;
  }
  const env = { ...process.env };
  if (values.concurrency !== undefined) {
    if (!/^[1-9][0-9]*$/.test(values.concurrency)) {
      usage(`--concurrency must be a whole number, got ${JSON.stringify(values.concurrency)}`);
      return;
    }
    env['WORKER_CONCURRENCY'] = values.concurrency;
  }
  const { parseProcesses, processesFromEnv } = await import('../config/worker-env.js');
  let processes: number;
  try {
    processes = values.processes !== undefined ? parseProcesses(values.processes) : processesFromEnv(env);
  } catch (error) {
    usage((error as Error).message);
    return;
  }
  // Tracing (when configured) patches pg, ioredis and http before the runtime loads them.
  await import('../observability/preload.js');
  const { runWorkers } = await import('../orchestrator/orchestrator.js');
  await runWorkers({ module: positionals[0]!, processes, env });
}

function usage(problem: string): void {
  process.stderr.write(`atropos-worker: ${problem}\n\n${HELP}`);
  process.exitCode = 2;
}

main().catch(async (error: unknown) => {
  const [{ processLogger }, { isConfigError }, { EXIT_CONFIG }] = await Promise.all([
    import('../logger.js'),
    import('../errors/worker-config.error.js'),
    import('../orchestrator/worker-process.js'),
  ]);
  processLogger().error(error instanceof Error ? error.message : String(error));
  process.exit(isConfigError(error) ? EXIT_CONFIG : 1);
});
