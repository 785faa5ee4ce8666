/**
 * `npm run bench`: Atropos beside the ceiling of a naive design and a bare NestJS app, measured
 * in one run on this machine, and printed as one table (every figure the median of several runs,
 * with min–max). bench/RESULTS.md says how to run it, what each figure means, and the results.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningApi, TestQueue } from '@atropos/testing';
import { AppProcess, createTestQueue, freePort, startApi, startWorker, waitFor } from '@atropos/testing';
import { createTasksQueue, taskEventsLogKey } from '@atropos/queue';
import type { TasksQueue } from '@atropos/queue';
import { loadBenchConfig } from './bench.config.js';
import type { BenchDatabase } from './bench-database.js';
import { createBenchDatabase } from './bench-database.js';
import { load } from './load.js';
import type { LoadResult } from './load.js';
import type { CpuPerTask } from './cpu.js';
import { backgroundBusyPerSecond, cpuPerTaskSection, perTask, startCpuMeter } from './cpu.js';
import type { Percentiles } from './pickup.js';
import { idlePickupSection, loadedPickupSection, pickupSinceCreation, showPercentiles } from './pickup.js';
import { prefixBytes, redisUsedMemory, rssBytes, settledRssBytes } from './memory.js';
import { summariseProfile } from './profile-summary.js';
import { sampleIds, seedTasks } from './seed.js';
import { ScriptProcess } from './script-process.js';
import { sseScale } from './sse-scale.js';
import type { ObserveMode } from './observe-cost.js';
import { observeEnv, scrapeEvery } from './observe-cost.js';
import type { Row } from './report-row.js';
import type { Spread } from './stats.js';
import { kb, mb, num, ratio, show, spread } from './stats.js';

const DIST = path.dirname(fileURLToPath(import.meta.url));
const BENCH_DIR = path.dirname(DIST);

const config = loadBenchConfig();
const startedAt = Date.now();

function log(line: string): void {
  const elapsed = ((Date.now() - startedAt) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[bench ${elapsed}s] ${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// Clean-up: whatever happens (an error, Ctrl-C, a kill), the processes started here are stopped,
// the databases dropped and the Redis prefixes emptied.

type Stoppable = { stop(): Promise<unknown>; isRunning(): boolean };
const running = new Set<Stoppable>();
const cleanups: Array<() => Promise<unknown>> = [];
// Asserted, not annotated: set inside cleanUp(), so TS must not narrow it to its initial null.
let cleaning = null as Promise<void> | null;

function track<T extends Stoppable>(process: T): T {
  running.add(process);
  return process;
}

async function stop(process: Stoppable | undefined): Promise<void> {
  if (!process) return;
  await process.stop();
  running.delete(process);
}

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.allSettled([...running].map((process) => process.stop()));
    while (cleanups.length > 0) {
      await cleanups.pop()!().catch((error: unknown) => log(`clean-up: ${String(error)}`));
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------

/** Everything the sections share: the bench's database, queue prefixes and API. */
interface Bench {
  db: BenchDatabase;
  queue: TestQueue;
  /** Bull on the API's prefix, to empty the jobs that runs without a worker leave behind. */
  jobs: TasksQueue;
  ceilingQueue: TestQueue;
  api: RunningApi;
  /** Environment of the api and the workers. */
  appEnv: Record<string, string>;
}

interface Report {
  sections: Array<{ title: string; rows: Row[]; notes?: string[] }>;
}

const TASK_BODY = JSON.stringify({ task_type: 'default', parameters: { processing_time: 0 } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fraction of `tasks`, rounded to whole batches (at least one), for warm-up rounds. */
function share(tasks: number, fraction: number): number {
  return Math.max(config.batchSize, Math.round((tasks * fraction) / config.batchSize) * config.batchSize);
}

async function main(): Promise<void> {
  const machine = describeMachine();
  log(`config: ${JSON.stringify({ ...config, sections: config.sections.join(',') })}`);

  const db = await createBenchDatabase('main');
  cleanups.push(() => db.drop());
  const queue = createTestQueue();
  cleanups.push(() => queue.cleanUp());
  const ceilingQueue = createTestQueue();
  cleanups.push(() => ceilingQueue.cleanUp());
  const jobs = createTasksQueue({ redisUrl: queue.redisUrl, prefix: queue.prefix, connectionName: 'atropos-bench' });
  cleanups.push(() => jobs.close());

  const appEnv: Record<string, string> = {
    DATABASE_URL: db.url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    WORKER_CONCURRENCY: String(config.workerConcurrency),
    // The seeded history is weeks old; retention must not delete it in the middle of a run.
    RESULT_RETENTION_DAYS: '0',
  };

  if (config.profile) {
    await profile({ db, queue, jobs, ceilingQueue, appEnv });
    return;
  }

  const api = await startApiTracked(appEnv);
  const bench: Bench = { db, queue, jobs, ceilingQueue, api, appEnv };
  const report: Report = { sections: [] };
  for (const section of config.sections) {
    log(`== ${section}`);
    if (section === 'e2e') report.sections.push(...(await endToEnd(bench)));
    if (section === 'pickup') report.sections.push(await pickup(bench));
    if (section === 'latency') report.sections.push(await latency(bench));
    if (section === 'growth') report.sections.push(await growth(bench));
    if (section === 'memory') report.sections.push(await memory(bench));
    if (section === 'observe') report.sections.push(await observeCost(bench));
    if (section === 'sse') {
      const processes = { startApi: startApiTracked, startWorker: startWorkerTracked, track, stop, log };
      report.sections.push(await sseScale({ db: bench.db, appEnv: bench.appEnv, ...processes }, config.sse));
    }
  }
  const text = render(report, machine);
  process.stdout.write(`\n${text}\n`);
  if (config.out) writeFileSync(config.out, `${text}\n`);
}

/** startApi, with the process tracked for clean-up from the moment it is spawned. */
async function startApiTracked(env: Record<string, string>): Promise<RunningApi> {
  const api = await startApi(env);
  track(api.process);
  return api;
}

async function startWorkerTracked(env: Record<string, string>): Promise<AppProcess> {
  return track(await startWorker(env));
}

// ---------------------------------------------------------------------------------------------
// End-to-end throughput

async function resetTasks(db: BenchDatabase): Promise<void> {
  // CASCADE: task_artifacts refers to tasks (and goes with them)
  await db.query('TRUNCATE tasks, idempotency_keys CASCADE');
}

/**
 * Waits until `expected` rows are completed; returns when the last one completed (epoch ms, from
 * PostgreSQL's clock, which is this machine's), so polling adds nothing to the measured time.
 */
async function waitCompleted(db: BenchDatabase, expected: number, stallMs = 60_000): Promise<number> {
  let last = -1;
  waitPolls += 1;
  let lastChange = Date.now();
  for (;;) {
    const [row] = await db.query<{ done: number; failed: number; end_ms: number | null }>(
      `SELECT count(*) FILTER (WHERE status = 'completed')::int AS done,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              (extract(epoch FROM max(completed_at)) * 1000)::float8 AS end_ms
         FROM tasks WHERE status IN ('completed', 'failed')`,
    );
    if (row!.failed > 0) throw new Error(`${row!.failed} task(s) failed`);
    if (row!.done >= expected) return row!.end_ms!;
    if (row!.done !== last) {
      last = row!.done;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > stallMs) {
      throw new Error(`no task completed for ${stallMs / 1000} s; ${row!.done} of ${expected} are`);
    }
    await sleep(100);
    waitPolls += 1;
  }
}

/** Statements waitCompleted has run, so that profile mode can leave them out of the per-task counts. */
let waitPolls = 0;

type Route = 'post' | 'batch';

/** Sends `tasks` no-op tasks through the API: one by one from 50 clients, or in batches. */
async function createThroughApi(api: RunningApi, route: Route, tasks: number): Promise<LoadResult> {
  const result =
    route === 'post'
      ? await load({ url: `${api.baseUrl}/tasks`, method: 'POST', body: TASK_BODY, connections: config.clients, amount: tasks })
      : await load({
          url: `${api.baseUrl}/tasks/batch`,
          method: 'POST',
          body: batchBody(config.batchSize),
          connections: Math.min(config.batchClients, tasks / config.batchSize),
          amount: tasks / config.batchSize,
        });
  if (result.failures > 0)
    throw new Error(`${result.failures} ${route === 'post' ? 'POST /tasks' : 'POST /tasks/batch'} request(s) failed`);
  return result;
}

function batchBody(size: number): string {
  return JSON.stringify({ tasks: Array.from({ length: size }, () => ({ task_type: 'default', parameters: { processing_time: 0 } })) });
}

/** What one end-to-end run measured. */
interface EndToEndRun {
  /** Tasks per second from the first request to the last completed row. */
  rate: number;
  /** The stack's CPU per completed task: the machine's less the bench process's, and its own processes'. */
  cpu: CpuPerTask;
  /** started_at − created_at of the run's tasks (POST /tasks with 1 worker only). */
  pickup?: Percentiles;
}

async function runAtropos(bench: Bench, route: Route, workers: number, tasks: number): Promise<EndToEndRun> {
  await resetTasks(bench.db);
  const started = await Promise.all(Array.from({ length: workers }, () => startWorkerTracked(bench.appEnv)));
  try {
    const cpu = await startCpuMeter({
      pids: [bench.api.process.pid!, ...started.map((worker) => worker.pid!)],
      db: bench.db,
      redis: bench.queue.redis,
    });
    const t0 = Date.now();
    await createThroughApi(bench.api, route, tasks);
    const end = await waitCompleted(bench.db, tasks);
    const spent = await cpu();
    return {
      rate: tasks / ((end - t0) / 1000),
      cpu: perTask(spent, tasks),
      ...(route === 'post' && workers === 1 ? { pickup: await pickupSinceCreation(bench.db) } : {}),
    };
  } finally {
    await Promise.all(started.map(stop));
  }
}

/** The same for the ceiling script: its producer is kept warm across runs, its consumer fresh like a worker. */
async function runCeiling(bench: Bench, producer: ScriptProcess, tasks: number): Promise<EndToEndRun> {
  await resetTasks(bench.db);
  const consumer = track(
    ScriptProcess.spawn('ceiling', {
      ...ceilingEnv(bench),
      CEILING_ROLE: 'consumer',
      CEILING_CONCURRENCY: String(config.workerConcurrency),
    }),
  );
  try {
    await consumer.waitForLog('ceiling consumer ready');
    // The producer is a child process: its CPU is the stack's, only the bench's own is subtracted.
    const cpu = await startCpuMeter({ pids: [producer.pid!, consumer.pid!], db: bench.db, redis: bench.queue.redis });
    const t0 = Date.now();
    await producer.request(`run ${tasks} ${config.clients}`, 'ceiling-produced', 10 * 60_000);
    const end = await waitCompleted(bench.db, tasks);
    return { rate: tasks / ((end - t0) / 1000), cpu: perTask(await cpu(), tasks) };
  } finally {
    await stop(consumer);
  }
}

function ceilingEnv(bench: Omit<Bench, 'api'>): Record<string, string> {
  return { DATABASE_URL: bench.db.url, REDIS_URL: bench.ceilingQueue.redisUrl, QUEUE_PREFIX: bench.ceilingQueue.prefix };
}

async function endToEnd(bench: Bench): Promise<Report['sections']> {
  const backgroundBefore = await backgroundBusyPerSecond();
  const producer = track(ScriptProcess.spawn('ceiling', { ...ceilingEnv(bench), CEILING_ROLE: 'producer' }));
  await producer.waitForLog('ceiling producer ready');
  const variants: Array<{ key: string; label: string; run: (tasks: number) => Promise<EndToEndRun> }> = [
    {
      key: 'ceiling',
      label: 'ceiling: naive script (INSERT + queue.add → UPDATE processing → UPDATE completed)',
      run: (n) => runCeiling(bench, producer, n),
    },
    { key: 'post1', label: `POST /tasks, ${config.clients} clients, 1 worker`, run: (n) => runAtropos(bench, 'post', 1, n) },
    { key: 'post2', label: `POST /tasks, ${config.clients} clients, 2 workers`, run: (n) => runAtropos(bench, 'post', 2, n) },
    {
      key: 'batch1',
      label: `POST /tasks/batch (${config.batchSize}/batch, ${config.batchClients} clients), 1 worker`,
      run: (n) => runAtropos(bench, 'batch', 1, n),
    },
    {
      key: 'batch2',
      label: `POST /tasks/batch (${config.batchSize}/batch, ${config.batchClients} clients), 2 workers`,
      run: (n) => runAtropos(bench, 'batch', 2, n),
    },
  ];
  // One small unrecorded round first: JIT, connection pools and caches warm up for every variant alike.
  const warmUp = share(config.tasks, 0.2);
  for (const variant of config.warmUp ? variants : []) {
    const { rate, cpu } = await variant.run(warmUp);
    log(`warm-up ${variant.key}: ${num(rate)} tasks/s, ${num(cpu.machine)} ms CPU/task (processes ${num(cpu.processes)})`);
  }
  // Rounds interleave the variants, so drift in the machine's load hits them all alike.
  const rates = new Map<string, number[]>(variants.map((variant) => [variant.key, []]));
  const cpuPerTask = new Map<string, CpuPerTask[]>(variants.map((variant) => [variant.key, []]));
  const pickups: Percentiles[] = [];
  for (let run = 1; run <= config.runs; run++) {
    for (const variant of variants) {
      const figures = await variant.run(config.tasks);
      rates.get(variant.key)!.push(figures.rate);
      cpuPerTask.get(variant.key)!.push(figures.cpu);
      if (figures.pickup) pickups.push(figures.pickup);
      log(
        `run ${run}/${config.runs} ${variant.key}: ${num(figures.rate)} tasks/s, ${num(figures.cpu.machine)} ms CPU/task (processes ${num(figures.cpu.processes)})` +
          (figures.pickup ? `, pickup since created_at ${showPercentiles(figures.pickup)}` : ''),
      );
    }
  }
  await stop(producer);
  const background = { before: backgroundBefore, after: await backgroundBusyPerSecond() };
  const ceiling = spread(rates.get('ceiling')!);
  const rows: Row[] = variants.map((variant) => {
    const figures = spread(rates.get(variant.key)!);
    if (variant.key === 'ceiling') return { measure: variant.label, value: `${show(figures)} tasks/s`, ratio: '1.00×' };
    const target = variant.key.startsWith('post') ? 0.7 : 1.0;
    const r = figures.median / ceiling.median;
    return {
      measure: variant.label,
      value: `${show(figures)} tasks/s`,
      ratio: ratio(r),
      target: `≥ ${target.toFixed(1)}× ceiling`,
      met: r >= target,
    };
  });
  const throughput = {
    title: `End-to-end throughput: ${config.tasks.toLocaleString('en-US')} no-op \`default\` tasks (processing_time 0), first request to last \`completed\` row`,
    rows,
    notes: [
      `WORKER_CONCURRENCY=${config.workerConcurrency} for every worker; the ceiling's consumer takes jobs with the same concurrency, and its producer runs ${config.clients} concurrent create loops.`,
      `Ratios are of medians; rounds interleave the variants${config.warmUp ? ', after one unrecorded warm-up round' : ''}.`,
    ],
  };
  return [throughput, cpuPerTaskSection(variants, cpuPerTask, background), loadedPickupSection(pickups, config.clients)];
}

// ---------------------------------------------------------------------------------------------
// Pickup latency with an idle worker (issue 20: p50 ≤ 10 ms)

async function pickup(bench: Bench): Promise<Report['sections'][number]> {
  // Whatever an earlier section left queued would keep the worker busy: it must start idle.
  await resetTasks(bench.db);
  await bench.jobs.empty();
  const worker = await startWorkerTracked(bench.appEnv);
  try {
    return await idlePickupSection({ baseUrl: bench.api.baseUrl, db: bench.db, body: TASK_BODY, tasks: config.pickupTasks, log });
  } finally {
    await stop(worker);
  }
}

// ---------------------------------------------------------------------------------------------
// What metrics and logs cost (issue 16: within 5 %)

/** One end-to-end run (POST /tasks, 1 worker) on an API and a worker of their own, observed or not. */
async function runObserved(bench: Bench, mode: ObserveMode, tasks: number): Promise<number> {
  await resetTasks(bench.db);
  const [port, metricsPort] = await Promise.all([freePort(), freePort()]);
  const env = observeEnv(mode, metricsPort);
  // Started by hand and awaited over HTTP: with LOG_LEVEL=silent neither prints the line startApi
  // and startWorker wait for.
  const api: RunningApi = {
    process: track(AppProcess.spawn('api', { HOST: '127.0.0.1', ...bench.appEnv, ...env.api, PORT: String(port) })),
    baseUrl: `http://127.0.0.1:${port}`,
  };
  const health = async () => (await fetch(`${api.baseUrl}/health`)).json() as Promise<{ workers: { count: number } }>;
  await waitFor(`the ${mode} api to answer`, () => health().then(() => true), { timeoutMs: 60_000, intervalMs: 200 });
  const worker = track(AppProcess.spawn('worker', { ...bench.appEnv, ...env.worker }));
  await waitFor(`the ${mode} worker's heartbeat`, async () => (await health()).workers.count >= 1, { timeoutMs: 60_000, intervalMs: 200 });
  // Scraped every 5 s (Prometheus' default is 15 s): the scrape's own cost is in the figure.
  const scrapes = mode === 'on' ? scrapeEvery([`${api.baseUrl}/metrics`, `http://127.0.0.1:${metricsPort}/metrics`], 5_000) : null;
  try {
    const t0 = Date.now();
    await createThroughApi(api, 'post', tasks);
    const end = await waitCompleted(bench.db, tasks);
    return tasks / ((end - t0) / 1000);
  } finally {
    const failed = (await scrapes?.stop()) ?? 0;
    if (failed > 0) log(`observe: ${failed} scrape(s) failed`);
    await stop(worker);
    await stop(api.process);
  }
}

async function observeCost(bench: Bench): Promise<Report['sections'][number]> {
  const modes: ObserveMode[] = ['off', 'on'];
  if (config.warmUp)
    for (const mode of modes) log(`warm-up observe ${mode}: ${num(await runObserved(bench, mode, share(config.tasks, 0.2)))} tasks/s`);
  const rates = new Map<ObserveMode, number[]>(modes.map((mode) => [mode, []]));
  for (let run = 1; run <= config.runs; run++) {
    for (const mode of modes) {
      const rate = await runObserved(bench, mode, config.tasks);
      rates.get(mode)!.push(rate);
      log(`run ${run}/${config.runs} observe ${mode}: ${num(rate)} tasks/s`);
    }
  }
  const off = spread(rates.get('off')!);
  const on = spread(rates.get('on')!);
  const r = on.median / off.median;
  return {
    title: `Cost of metrics and logs: ${config.tasks.toLocaleString('en-US')} no-op tasks through POST /tasks (${config.clients} clients, 1 worker), on vs off`,
    rows: [
      { measure: 'off: METRICS_ENABLED=false, no METRICS_PORT, LOG_LEVEL=silent', value: `${show(off)} tasks/s`, ratio: '1.00×' },
      {
        measure: 'on: /metrics and METRICS_PORT scraped every 5 s, JSON logs at info',
        value: `${show(on)} tasks/s`,
        ratio: ratio(r),
        target: '≥ 0.95× off',
        met: r >= 0.95,
      },
    ],
    notes: ["Each run starts its own API and worker with the mode's settings; rounds interleave the two modes."],
  };
}

// ---------------------------------------------------------------------------------------------
// API latency under load, beside a bare NestJS app

function latencyRow(label: string, figures: { rps: Spread; p50: Spread; p99: Spread }): Row {
  return { measure: label, value: `${show(figures.rps)} req/s · p50 ${show(figures.p50, ' ms')} · p99 ${show(figures.p99, ' ms')}` };
}

function collect(results: LoadResult[]): { rps: Spread; p50: Spread; p99: Spread; failures: number } {
  return {
    rps: spread(results.map((r) => r.rps)),
    p50: spread(results.map((r) => r.p50)),
    p99: spread(results.map((r) => r.p99)),
    failures: results.reduce((sum, r) => sum + r.failures, 0),
  };
}

async function latency(bench: Bench): Promise<Report['sections'][number]> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const bare = track(
    ScriptProcess.spawn('bare-nest', {
      PORT: String(port),
      DATABASE_URL: bench.db.url,
      REDIS_URL: bench.queue.redisUrl,
      QUEUE_PREFIX: bench.queue.prefix,
    }),
  );
  await bare.waitForLog('Listening on');
  const bareBase = `http://127.0.0.1:${port}`;
  const post = (url: string, durationS: number, route = '/tasks') =>
    load({ url: `${url}${route}`, method: 'POST', body: TASK_BODY, connections: config.connections, durationS });
  // A measured run also says what each request cost: the machine (less the load client) and the
  // server process alone, so the report shows the CPU budget a ratio leaves.
  const measuredPost = async (url: string, pid: number, route = '/tasks'): Promise<PostRun> => {
    const meter = await startCpuMeter({ pids: [pid], db: bench.db, redis: bench.queue.redis });
    const result = await post(url, config.durationS, route);
    const spent = await meter();
    const requests = Math.max(1, result.requests);
    return { ...result, stackUs: (spent.stackMs * 1000) / requests, serverUs: (spent.pidsMs[0]! * 1000) / requests };
  };
  // POST /tasks runs with no worker (a worker would take CPU from the API on 2 cores); what it
  // created is removed after each run, so every run starts from the same table and queue.
  const clear = async () => {
    await bench.jobs.empty();
    await resetTasks(bench.db);
  };
  await clear();
  await post(bareBase, 2);
  await post(bareBase, 2, '/tasks/stored');
  await post(bench.api.baseUrl, 2);
  await clear();
  const bareRuns: PostRun[] = [];
  const storedRuns: PostRun[] = [];
  const apiRuns: PostRun[] = [];
  for (let run = 1; run <= config.runs; run++) {
    bareRuns.push(await measuredPost(bareBase, bare.pid!));
    log(`run ${run}/${config.runs} bare Nest POST: ${num(bareRuns.at(-1)!.rps)} req/s`);
    storedRuns.push(await measuredPost(bareBase, bare.pid!, '/tasks/stored'));
    log(`run ${run}/${config.runs} bare Nest POST, stored and queued: ${num(storedRuns.at(-1)!.rps)} req/s`);
    await clear();
    apiRuns.push(await measuredPost(bench.api.baseUrl, bench.api.process.pid!));
    log(`run ${run}/${config.runs} POST /tasks: ${num(apiRuns.at(-1)!.rps)} req/s`);
    await clear();
  }
  const reads = await readLatency(bench, bareBase);
  await stop(bare);
  const bareFigures = collect(bareRuns);
  const storedFigures = collect(storedRuns);
  const apiFigures = collect(apiRuns);
  const r = apiFigures.rps.median / bareFigures.rps.median;
  const failures = bareFigures.failures + storedFigures.failures + apiFigures.failures + reads.failures;
  return {
    title: `API latency under load: autocannon, ${config.connections} connections, ${config.durationS} s per run`,
    rows: [
      latencyRow('bare NestJS app: one zod-validated POST route, no database or queue', bareFigures),
      { ...latencyRow('POST /tasks (no worker running)', apiFigures), ratio: ratio(r), target: '≥ 0.7× bare Nest req/s', met: r >= 0.7 },
      latencyRow(
        'bare NestJS app: the same POST, storing the row (one INSERT) and queueing it (one Bull add), for reference',
        storedFigures,
      ),
      {
        measure: 'POST /tasks beside that stored-and-queued bare POST (for reference)',
        value: `${show(apiFigures.rps)} vs ${show(storedFigures.rps)} req/s`,
        ratio: ratio(apiFigures.rps.median / storedFigures.rps.median),
      },
      {
        measure: 'CPU per request, µs: the machine less the load client / the server process alone (for reference)',
        value: [
          `bare ${cpuPerRequest(bareRuns)}`,
          `bare stored and queued ${cpuPerRequest(storedRuns)}`,
          `POST /tasks ${cpuPerRequest(apiRuns)}`,
          `at 0.7× the bare req/s one process may spend ${num(1e6 / (0.7 * bareFigures.rps.median))}`,
        ].join(' · '),
      },
      ...reads.rows,
    ],
    notes: [
      `Reads: a table of ${config.growthRows[0].toLocaleString('en-US')} seeded rows (as in the growth section); the bare app reads it with one \`pg\` query per request; ids picked at random.`,
      ...(failures > 0 ? [`${failures} request(s) answered non-2xx or failed.`] : []),
    ],
  };
}

/** A POST run of the latency section, with what each request cost (µs of CPU). */
type PostRun = LoadResult & { stackUs: number; serverUs: number };

function cpuPerRequest(runs: PostRun[]): string {
  return `${num(spread(runs.map((run) => run.stackUs)).median)} / ${num(spread(runs.map((run) => run.serverUs)).median)}`;
}

/**
 * The read routes beside the bare app's reads of the same rows from the same PostgreSQL, in
 * interleaved rounds: one row by primary key (against the status and the whole-task routes) and
 * the newest page of 50 completed rows (against the list).
 */
async function readLatency(bench: Bench, bareBase: string): Promise<{ rows: Row[]; failures: number }> {
  await resetTasks(bench.db);
  await seedTasks(bench.db, config.growthRows[0], log);
  const ids = await sampleIds(bench.db, 5_000);
  const randomId = () => ids[Math.floor(Math.random() * ids.length)]!;
  const cursors = await listCursors(bench.api.baseUrl, '/tasks?status=completed&limit=50', 100);
  const randomCursor = () => cursors[Math.floor(Math.random() * cursors.length)]!;
  const routes = {
    bareOne: { base: bareBase, path: () => `/tasks/${randomId()}` },
    status: { base: bench.api.baseUrl, path: () => `/tasks/${randomId()}/status` },
    get: { base: bench.api.baseUrl, path: () => `/tasks/${randomId()}` },
    barePage: { base: bareBase, path: () => '/tasks' },
    list: { base: bench.api.baseUrl, path: () => '/tasks?status=completed&limit=50' },
    // Every request a page of its own: nothing for the API to collapse (see ReadCollapser).
    listPages: { base: bench.api.baseUrl, path: () => `/tasks?status=completed&limit=50&cursor=${randomCursor()}` },
  };
  type Route = keyof typeof routes;
  const runs: Record<Route, LoadResult[]> = { bareOne: [], status: [], get: [], barePage: [], list: [], listPages: [] };
  const read = (route: Route, durationS: number) =>
    load({ url: routes[route].base, path: routes[route].path, connections: config.connections, durationS });
  for (const route of Object.keys(routes) as Route[]) await read(route, 2);
  for (let run = 1; run <= config.runs; run++) {
    for (const route of Object.keys(routes) as Route[]) {
      runs[route].push(await read(route, config.durationS));
      log(`run ${run}/${config.runs} read ${route}: ${num(runs[route].at(-1)!.rps)} req/s, p99 ${num(runs[route].at(-1)!.p99)} ms`);
    }
  }
  await resetTasks(bench.db);
  const figures = Object.fromEntries(Object.entries(runs).map(([route, results]) => [route, collect(results)])) as Record<
    Route,
    ReturnType<typeof collect>
  >;
  const against = (route: Route, base: Route, target: number): Row => {
    const r = figures[route].rps.median / figures[base].rps.median;
    return { ...latencyRow('', figures[route]), ratio: ratio(r), target: `≥ ${target}× bare req/s`, met: r >= target };
  };
  const list = against('list', 'barePage', 0.5);
  const listP99 = figures.list.p99.median;
  return {
    rows: [
      latencyRow('bare NestJS app: GET one task row by primary key (one pg query)', figures.bareOne),
      { ...against('status', 'bareOne', 0.7), measure: 'GET /tasks/{id}/status' },
      { ...against('get', 'bareOne', 0.6), measure: 'GET /tasks/{id}' },
      latencyRow('bare NestJS app: GET the newest 50 completed rows (one pg query)', figures.barePage),
      {
        ...list,
        measure: 'GET /tasks?status=completed&limit=50',
        target: `${list.target ?? ''}, p99 ≤ 100 ms`,
        met: Boolean(list.met) && listP99 <= 100,
      },
      {
        ...latencyRow('', figures.listPages),
        measure: 'GET /tasks?status=completed&limit=50&cursor=… (a random one of the first 100 pages each request)',
        ratio: ratio(figures.listPages.rps.median / figures.barePage.rps.median),
      },
    ],
    failures: Object.values(figures).reduce((sum, figure) => sum + figure.failures, 0),
  };
}

/** The next_cursor of each of the first `pages` pages of `path`, as the API hands them out. */
async function listCursors(baseUrl: string, path: string, pages: number): Promise<string[]> {
  const cursors: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await fetch(`${baseUrl}${path}${cursor ? `&cursor=${cursor}` : ''}`);
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    cursor = ((await response.json()) as { next_cursor: string | null }).next_cursor;
    if (cursor) cursors.push(cursor);
  } while (cursor && cursors.length < pages);
  if (cursors.length === 0) throw new Error(`GET ${path}: no second page to measure`);
  return cursors;
}

// ---------------------------------------------------------------------------------------------
// Growth: status, list, label-filter and stats latency with a small and a large table

async function growth(bench: Bench): Promise<Report['sections'][number]> {
  const [smallRows, largeRows] = config.growthRows;
  const sizes: Array<{
    rows: number;
    db: BenchDatabase;
    api?: RunningApi;
    ids: string[];
    status: LoadResult[];
    list: LoadResult[];
    labels: LoadResult[];
    stats: LoadResult[];
  }> = [];
  for (const rows of [smallRows, largeRows]) {
    const db = await createBenchDatabase(rows === smallRows ? 'small' : 'large');
    cleanups.push(() => db.drop());
    await seedTasks(db, rows, log);
    sizes.push({ rows, db, ids: await sampleIds(db, 5_000), status: [], list: [], labels: [], stats: [] });
  }
  // One API per table, the same settings as the main one; rounds alternate between them.
  for (const size of sizes) size.api = await startApiTracked({ ...bench.appEnv, DATABASE_URL: size.db.url });
  const status = (size: (typeof sizes)[number], durationS: number) =>
    load({
      url: size.api!.baseUrl,
      connections: config.connections,
      durationS,
      path: () => `/tasks/${size.ids[Math.floor(Math.random() * size.ids.length)]!}/status`,
    });
  const list = (size: (typeof sizes)[number], durationS: number) =>
    load({ url: `${size.api!.baseUrl}/tasks?status=completed&limit=50`, connections: config.connections, durationS });
  // The newest page of one project's tasks (1 % of the table: 100 rows at 10,000, 10,000 at 1,000,000).
  const labels = (size: (typeof sizes)[number], durationS: number) =>
    load({ url: `${size.api!.baseUrl}/tasks?label.project=p7&limit=50`, connections: config.connections, durationS });
  // The dashboard's figures: counts from the maintained task_counts, windows over recent completions.
  const stats = (size: (typeof sizes)[number], durationS: number) =>
    load({ url: `${size.api!.baseUrl}/tasks/stats`, connections: config.connections, durationS });
  for (const size of sizes) {
    await status(size, 2);
    await list(size, 2);
    await labels(size, 2);
    await stats(size, 2);
  }
  for (let run = 1; run <= config.runs; run++) {
    for (const size of sizes) {
      size.status.push(await status(size, config.durationS));
      size.list.push(await list(size, config.durationS));
      size.labels.push(await labels(size, config.durationS));
      size.stats.push(await stats(size, config.durationS));
      log(
        `run ${run}/${config.runs} ${size.rows} rows: status ${num(size.status.at(-1)!.rps)} req/s, list ${num(size.list.at(-1)!.rps)} req/s, ` +
          `label filter ${num(size.labels.at(-1)!.rps)} req/s, stats ${num(size.stats.at(-1)!.rps)} req/s`,
      );
    }
  }
  for (const size of sizes) await stop(size.api!.process);
  type Figures = ReturnType<typeof collect>;
  const [small, large] = sizes.map((size) => ({
    rows: size.rows,
    status: collect(size.status),
    list: collect(size.list),
    labels: collect(size.labels),
    stats: collect(size.stats),
  })) as [
    { rows: number; status: Figures; list: Figures; labels: Figures; stats: Figures },
    { rows: number; status: Figures; list: Figures; labels: Figures; stats: Figures },
  ];
  const rowsLabel = (n: number) => `${n.toLocaleString('en-US')} rows`;
  const rows: Row[] = [];
  for (const [route, key] of [
    ['GET /tasks/{id}/status', 'status'],
    ['GET /tasks?status=completed&limit=50', 'list'],
    ['GET /tasks?label.project=p7&limit=50', 'labels'],
    ['GET /tasks/stats', 'stats'],
  ] as const) {
    rows.push(latencyRow(`${route} — ${rowsLabel(small.rows)}`, small[key]));
    const r = large[key].p99.median / small[key].p99.median;
    rows.push({
      ...latencyRow(`${route} — ${rowsLabel(large.rows)}`, large[key]),
      ratio: `p99 ${ratio(r)}`,
      target: `p99 ≤ 1.5× at ${rowsLabel(small.rows)}`,
      met: r <= 1.5,
    });
  }
  const failures = [small, large].reduce(
    (sum, size) => sum + size.status.failures + size.list.failures + size.labels.failures + size.stats.failures,
    0,
  );
  return {
    title: `Growth: status, list, label-filter and stats latency by table size (autocannon, ${config.connections} connections, ${config.durationS} s per run)`,
    rows,
    notes: [
      'Tables seeded by SQL (INSERT … SELECT generate_series) with final tasks of all four types over 20 days, labelled with one of 100 projects, then VACUUM ANALYZE; status asks for random ids of the table; the label filter asks for the newest 50 of one project (1 % of the table).',
      'GET /tasks/stats (no key: every tenant) reads its counts from task_counts (kept by triggers, so the seeding INSERTs fill it too) and its durations and throughput from the tasks completed in the last 24 hours and 60 minutes; the API computes them at most once a second (STATS_CACHE_MS).',
      ...(failures > 0 ? [`${failures} request(s) answered non-2xx or failed.`] : []),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Memory: worker RSS and Redis before and after many completed tasks

/** Entries of the task events log in the memory section: fewer than its warm-up writes. */
const MEMORY_EVENTS_LOG_LENGTH = 1_000;

async function memory(bench: Bench): Promise<Report['sections'][number]> {
  await resetTasks(bench.db);
  await bench.jobs.empty();
  // The task events log is kept to about TASK_EVENTS_LOG_LENGTH entries, and the default (10,000)
  // takes more than the warm-up to fill: "before" would read it part-full, "after" full, a growth
  // up to its bound by design. With a bound the warm-up reaches, both read it full.
  const env = { ...bench.appEnv, TASK_EVENTS_LOG_LENGTH: String(MEMORY_EVENTS_LOG_LENGTH) };
  const api = await startApiTracked(env);
  const worker = await startWorkerTracked({ ...env, NODE_OPTIONS: `--import=${path.join(DIST, 'gc-hook.js')}` });
  const redis = bench.queue.redis;
  let collections = 0;
  /** The worker right after a full garbage collection (gc-hook.ts): its RSS once settled, and V8's heap in use. */
  const collected = async () => {
    collections += 1;
    const line = new RegExp(`full gc ${collections}: heap used (\\d+)`);
    process.kill(worker.pid!, 'SIGUSR2');
    await worker.waitForLog(line);
    return { rss: await settledRssBytes(worker.pid!, 3_000), heapUsed: Number(line.exec(worker.log)![1]) };
  };
  const eventsLog = taskEventsLogKey(bench.queue.prefix);
  const read = async () => ({
    workerRss: await settledRssBytes(worker.pid!),
    workerCollected: await collected(),
    apiRss: await rssBytes(api.process.pid!),
    usedMemory: await redisUsedMemory(redis),
    prefix: await prefixBytes(redis, bench.queue.prefix),
    eventsLog: { entries: await redis.xlen(eventsLog), bytes: Number(await redis.memory('USAGE', eventsLog, 'SAMPLES', 0)) },
  });
  // Warm up first, so "before" is a worker that has run tasks, not one that has only booted.
  const warmUp = share(config.memoryTasks, 0.05);
  await createThroughApi(api, 'batch', warmUp);
  await waitCompleted(bench.db, warmUp);
  const before = await read();
  log(
    `memory before: worker ${mb(before.workerRss)}, Redis ${mb(before.usedMemory)}, prefix ${before.prefix.keys} keys ${kb(before.prefix.bytes)}`,
  );
  const t0 = Date.now();
  await createThroughApi(api, 'batch', config.memoryTasks);
  const end = await waitCompleted(bench.db, warmUp + config.memoryTasks);
  const rate = config.memoryTasks / ((end - t0) / 1000);
  const after = await read();
  log(
    `memory after: worker ${mb(after.workerRss)}, Redis ${mb(after.usedMemory)}, prefix ${after.prefix.keys} keys ${kb(after.prefix.bytes)}`,
  );
  await stop(worker);
  await stop(api.process);
  const rssGrowth = after.workerCollected.rss / before.workerCollected.rss - 1;
  const settledGrowth = after.workerRss / before.workerRss - 1;
  const percent = (growth: number) => `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %`;
  const redisGrowth = after.usedMemory - before.usedMemory;
  const prefixGrowth = after.prefix.bytes - before.prefix.bytes;
  const n = config.memoryTasks.toLocaleString('en-US');
  return {
    title: `Memory: before and after ${n} completed tasks (created by batch, 1 worker)`,
    rows: [
      {
        measure: 'worker RSS (VmRSS) after a full garbage collection',
        value: `${mb(before.workerCollected.rss)} → ${mb(after.workerCollected.rss)}`,
        ratio: percent(rssGrowth),
        target: 'growth < 20 %',
        met: rssGrowth < 0.2,
      },
      {
        measure: 'worker V8 heap used after a full garbage collection (for reference)',
        value: `${mb(before.workerCollected.heapUsed)} → ${mb(after.workerCollected.heapUsed)}`,
        ratio: percent(after.workerCollected.heapUsed / before.workerCollected.heapUsed - 1),
      },
      {
        measure: 'worker RSS, the least over 10 s once quiet, no collection forced (for reference)',
        value: `${mb(before.workerRss)} → ${mb(after.workerRss)}`,
        ratio: percent(settledGrowth),
      },
      {
        measure: 'Redis used_memory (whole server, shared with other users)',
        value: `${mb(before.usedMemory)} → ${mb(after.usedMemory)}`,
        ratio: `${redisGrowth >= 0 ? '+' : ''}${mb(redisGrowth)}`,
        target: 'within 5 MB',
        met: Math.abs(redisGrowth) <= 5 * 1024 * 1024,
      },
      {
        measure: "Redis keys under the bench's prefix (MEMORY USAGE)",
        value: `${before.prefix.keys} keys, ${kb(before.prefix.bytes)} → ${after.prefix.keys} keys, ${kb(after.prefix.bytes)}`,
        ratio: `${prefixGrowth >= 0 ? '+' : ''}${kb(prefixGrowth)}`,
        target: 'within 5 MB',
        met: Math.abs(prefixGrowth) <= 5 * 1024 * 1024,
      },
      {
        measure: `of which the task events log (TASK_EVENTS_LOG_LENGTH=${num(MEMORY_EVENTS_LOG_LENGTH)} here), for reference`,
        value: `${num(before.eventsLog.entries)} entries, ${kb(before.eventsLog.bytes)} → ${num(after.eventsLog.entries)} entries, ${kb(after.eventsLog.bytes)}`,
      },
      { measure: 'API RSS (for reference)', value: `${mb(before.apiRss)} → ${mb(after.apiRss)}` },
      { measure: `throughput of these ${n} tasks (one run, for reference)`, value: `${num(rate)} tasks/s` },
    ],
    notes: [
      'One run: readings after a warm-up batch and after the last task completed. The worker’s RSS with the target is read right after a full garbage collection (bench/src/gc-hook.ts, the least of readings over 3 s): without one, RSS also holds garbage V8 has not collected yet, which comes and goes with the collector’s timing, while a leak stays after any collection. MEMORY USAGE counts every element of a key (SAMPLES 0).',
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// BENCH_PROFILE=1: where the time goes, instead of the suite

async function profile(bench: Omit<Bench, 'api'>): Promise<void> {
  const dir = path.join(BENCH_DIR, 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  const hook = `--import=${path.join(DIST, 'profile-hook.js')}`;
  const profiled = (name: string) => ({ NODE_OPTIONS: hook, BENCH_PROFILE_DIR: dir, BENCH_PROFILE_NAME: name });
  const lines: string[] = [];
  const tasks = config.tasks;
  const warmUp = share(tasks, 0.2);
  for (const variant of config.profile === 'reads' ? [] : (['ceiling', 'post', 'batch'] as const)) {
    await resetTasks(bench.db);
    // Each variant's processes, started with the profiling hook; `create` sends the tasks.
    let processes: Array<{ name: string; pid: number; waitForLog(text: string, timeoutMs?: number): Promise<void> } & Stoppable>;
    let create: (n: number) => Promise<unknown>;
    if (variant === 'ceiling') {
      const env = ceilingEnv(bench);
      const producer = track(ScriptProcess.spawn('ceiling', { ...env, ...profiled('ceiling-producer'), CEILING_ROLE: 'producer' }));
      const consumer = track(
        ScriptProcess.spawn('ceiling', {
          ...env,
          ...profiled('ceiling-consumer'),
          CEILING_ROLE: 'consumer',
          CEILING_CONCURRENCY: String(config.workerConcurrency),
        }),
      );
      await producer.waitForLog('ceiling producer ready');
      await consumer.waitForLog('ceiling consumer ready');
      processes = [
        {
          name: 'ceiling-producer',
          pid: producer.pid!,
          stop: () => producer.stop(),
          isRunning: () => producer.isRunning(),
          waitForLog: (text, ms) => producer.waitForLog(text, ms),
        },
        {
          name: 'ceiling-consumer',
          pid: consumer.pid!,
          stop: () => consumer.stop(),
          isRunning: () => consumer.isRunning(),
          waitForLog: (text, ms) => consumer.waitForLog(text, ms),
        },
      ];
      create = (n) => producer.request(`run ${n} ${config.clients}`, 'ceiling-produced', 10 * 60_000);
    } else {
      const api = await startApiTracked({ ...bench.appEnv, ...profiled(`api-${variant}`) });
      const worker = await startWorkerTracked({ ...bench.appEnv, ...profiled(`worker-${variant}`) });
      processes = [
        {
          name: `api-${variant}`,
          pid: api.process.pid!,
          stop: () => api.process.stop(),
          isRunning: () => api.process.isRunning(),
          waitForLog: (text, ms) => api.process.waitForLog(text, ms),
        },
        {
          name: `worker-${variant}`,
          pid: worker.pid!,
          stop: () => worker.stop(),
          isRunning: () => worker.isRunning(),
          waitForLog: (text, ms) => worker.waitForLog(text, ms),
        },
      ];
      create = (n) => createThroughApi(api, variant, n);
    }
    const cut = async (n: number) => {
      for (const app of processes) {
        process.kill(app.pid, 'SIGUSR2');
        await app.waitForLog(`cpu profile ${n} written`, 30_000);
      }
    };
    // Warm-up, then a profile of the measured run alone.
    await create(warmUp);
    await waitCompleted(bench.db, warmUp);
    await resetTasks(bench.db);
    // An idle backend reports its statistics up to 10 s late (PostgreSQL 15): let the warm-up's arrive first.
    await sleep(11_000);
    await cut(1);
    const before = await counters(bench);
    const polls = waitPolls;
    const t0 = Date.now();
    await create(tasks);
    const end = await waitCompleted(bench.db, tasks);
    const rate = tasks / ((end - t0) / 1000);
    const ownTransactions = waitPolls - polls;
    await cut(2);
    for (const app of processes) await stop(app);
    // Backends report their statistics when they end: read them once the apps' pools are closed.
    await sleep(1_500);
    const after = await counters(bench);
    const label = { ceiling: 'ceiling (naive script)', post: 'POST /tasks', batch: 'POST /tasks/batch' }[variant];
    const redisPerTask = Object.entries(after.redisCalls.byCommand)
      .map(([command, calls]) => [command, (calls - (before.redisCalls.byCommand[command] ?? 0)) / tasks] as const)
      .filter(([, perTask]) => perTask >= 0.05)
      .sort((a, b) => b[1] - a[1]);
    lines.push(`## ${label}: ${num(rate)} tasks/s (${tasks} tasks, 1 ${variant === 'ceiling' ? 'consumer' : 'worker'}, profiled)`, '');
    lines.push(
      `Per task: PostgreSQL ${num((after.pg.xact_commit - before.pg.xact_commit - ownTransactions) / tasks)} statements (transactions), ` +
        `${num((after.pg.tup_inserted - before.pg.tup_inserted) / tasks)} rows inserted, ${num((after.pg.tup_updated - before.pg.tup_updated) / tasks)} rows updated; ` +
        `Redis commands (INFO commandstats of the whole server, commands inside Lua scripts included) ` +
        `${num(redisPerTask.reduce((sum, [, perTask]) => sum + perTask, 0))}: ` +
        redisPerTask.map(([command, perTask]) => `${command} ${num(perTask)}`).join(', '),
      '',
    );
    for (const app of processes) {
      const file = path.join(dir, `${app.name}-${app.pid}-2.cpuprofile`);
      const summary = await summariseProfile(file);
      const seconds = (end - t0) / 1000;
      lines.push(
        `### ${app.name}: ${num(summary.busyMs)} ms busy of ${num(summary.totalMs)} ms profiled, ${num(summary.busyMs / tasks)} ms per task (${path.relative(BENCH_DIR, file)}; the run took ${num(seconds)} s)`,
        '',
      );
      lines.push('| self time by package | ms | % of busy |', '|---|---:|---:|');
      for (const [area, ms] of summary.byArea) lines.push(`| ${area} | ${num(ms)} | ${num((ms / summary.busyMs) * 100)} |`);
      lines.push('', '| self time by function | ms | % of busy |', '|---|---:|---:|');
      for (const [fn, ms] of summary.byFunction) lines.push(`| \`${fn}\` | ${num(ms)} | ${num((ms / summary.busyMs) * 100)} |`);
      lines.push('');
    }
  }
  if (config.profile !== 'writes') lines.push(...(await profileReads(bench, dir, profiled)));
  const text = lines.join('\n');
  process.stdout.write(`\n${text}\n`);
  if (config.out) writeFileSync(config.out, `${text}\n`);
}

/**
 * The API answering GET /tasks/{id}/status, GET /tasks/{id}, GET /tasks?status=completed&limit=50
 * on a seeded table and POST /tasks (no worker: the latency section's load), profiled.
 */
async function profileReads(bench: Omit<Bench, 'api'>, dir: string, profiled: (name: string) => Record<string, string>): Promise<string[]> {
  const lines: string[] = [];
  await resetTasks(bench.db);
  await seedTasks(bench.db, config.growthRows[0], log);
  const ids = await sampleIds(bench.db, 5_000);
  const api = await startApiTracked({ ...bench.appEnv, ...profiled('api-reads') });
  const routes = [
    { name: 'status', path: () => `/tasks/${ids[Math.floor(Math.random() * ids.length)]!}/status` },
    { name: 'get', path: () => `/tasks/${ids[Math.floor(Math.random() * ids.length)]!}` },
    { name: 'list', path: () => '/tasks?status=completed&limit=50' },
    { name: 'create', path: () => '/tasks', method: 'POST' as const, body: TASK_BODY },
  ];
  let cuts = 0;
  const cut = async () => {
    cuts += 1;
    process.kill(api.process.pid!, 'SIGUSR2');
    await api.process.waitForLog(`cpu profile ${cuts} written`, 30_000);
  };
  for (const route of routes) {
    const request = { url: api.baseUrl, connections: config.connections, path: route.path, method: route.method, body: route.body };
    await load({ ...request, durationS: 2 });
    await cut();
    const result = await load({ ...request, durationS: config.durationS });
    await cut();
    const summary = await summariseProfile(path.join(dir, `api-reads-${api.process.pid!}-${cuts}.cpuprofile`));
    lines.push(
      `## API ${route.name} (${config.growthRows[0].toLocaleString('en-US')} rows): ${num(result.rps)} req/s, p50 ${num(result.p50)} ms, p99 ${num(result.p99)} ms; ` +
        `${num(summary.busyMs)} ms busy, ${num((summary.busyMs / result.requests) * 1000)} µs per request`,
      '',
      '| self time by package | ms | % of busy |',
      '|---|---:|---:|',
      ...summary.byArea.map(([area, ms]) => `| ${area} | ${num(ms)} | ${num((ms / summary.busyMs) * 100)} |`),
      '',
      '| self time by function | ms | % of busy |',
      '|---|---:|---:|',
      ...summary.byFunction.map(([fn, ms]) => `| \`${fn}\` | ${num(ms)} | ${num((ms / summary.busyMs) * 100)} |`),
      '',
    );
  }
  await stop(api.process);
  return lines;
}

async function counters(bench: Omit<Bench, 'api'>) {
  const [pg] = await bench.db.query<{ xact_commit: number; tup_inserted: number; tup_updated: number }>(
    `SELECT xact_commit::float8 AS xact_commit, tup_inserted::float8 AS tup_inserted, tup_updated::float8 AS tup_updated
       FROM pg_stat_database WHERE datname = $1`,
    [bench.db.name],
  );
  const info = await bench.queue.redis.info('commandstats');
  const byCommand: Record<string, number> = {};
  let total = 0;
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    byCommand[match[1]!] = Number(match[2]);
    total += Number(match[2]);
  }
  return { pg: pg!, redisCalls: { total, byCommand } };
}

// ---------------------------------------------------------------------------------------------
// The report

function describeMachine(): string[] {
  const sh = (command: string) => {
    try {
      return execFileSync('sh', ['-c', command], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      return 'n/a';
    }
  };
  return [
    `- date: ${new Date().toISOString()}`,
    `- command: \`${[
      ...Object.entries(process.env)
        .filter(([key]) => key.startsWith('BENCH_'))
        .map(([k, v]) => `${k}=${v ?? ''}`),
      'npm run bench',
    ].join(' ')}\``,
    `- machine: ${os.cpus().length} CPUs (nproc ${sh('nproc')}), ${os.cpus()[0]?.model ?? 'n/a'}; memory: ${sh('free -h | awk \'/^Mem:/ {print $2" total, "$7" available"}\'')}; load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    `- node ${process.version}, npm ${sh('npm -v')}, ${sh("psql -h 127.0.0.1 -U postgres -Atc 'SHOW server_version'") === 'n/a' ? 'PostgreSQL n/a' : `PostgreSQL ${sh("psql -h 127.0.0.1 -U postgres -Atc 'SHOW server_version'")}`}, Redis ${sh("redis-cli -h 127.0.0.1 info server | awk -F: '/^redis_version/ {print $2}' | tr -d '\\r'")}`,
    `- commit: ${sh('git rev-parse --short HEAD')}${sh('git status --porcelain -- apps packages') ? ' (with uncommitted changes in apps/ or packages/)' : ''}`,
    `- settings: ${config.tasks.toLocaleString('en-US')} tasks per end-to-end run, ${config.runs} runs per figure, ${config.clients} clients, batches of ${config.batchSize} from ${config.batchClients} clients, WORKER_CONCURRENCY=${config.workerConcurrency}, ${config.connections} connections × ${config.durationS} s per latency run${config.quick ? ' (BENCH_QUICK)' : ''}`,
  ];
}

function render(report: Report, machine: string[]): string {
  const lines = ['# Atropos bench', '', ...machine, ''];
  lines.push('| measure | median (min–max) | ratio | target | met |', '|---|---|---|---|---|');
  for (const section of report.sections) {
    lines.push(`| **${section.title}** | | | | |`);
    for (const row of section.rows) {
      const met = row.met === undefined ? '' : row.met ? 'yes' : '**no**';
      lines.push(`| ${row.measure} | ${row.value} | ${row.ratio ?? ''} | ${row.target ?? ''} | ${met} |`);
    }
  }
  const notes = report.sections.flatMap((section) => section.notes ?? []);
  if (notes.length > 0) lines.push('', ...notes.map((note) => `- ${note}`));
  lines.push('', `Total time: ${((Date.now() - startedAt) / 1000).toFixed(0)} s.`);
  return lines.join('\n');
}

try {
  await main();
} catch (error) {
  // After a signal the clean-up pulls everything from under the run; what fails then is no news.
  if (!cleaning) log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
