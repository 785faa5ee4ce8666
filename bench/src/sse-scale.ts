/**
 * The `sse` section: live updates at scale. One API (its SSE caps raised for the run) and one
 * worker; BENCH_SSE_CLIENTS concurrent GET /tasks/events streams in a child process
 * (sse-clients.ts), four in five watching every task of their tenant and one in five one task each
 * (tasks created for them beforehand, due at moments spread over the run); tasks created at
 * BENCH_SSE_RATE a second for BENCH_SSE_SECONDS, in a batch every 100 ms, each for the next of
 * BENCH_SSE_TENANTS tenants (each with its API key; one tenant: every stream sees every task). Halfway, every tenth stream is closed and
 * reconnected two seconds later with Last-Event-ID. Judged: every client has exactly the events of
 * its filter the task events log holds (none missed, none twice, none out of order, no reset);
 * delivery p99 (receive time minus the entry id's milliseconds, Redis' clock on this host) over
 * the streams never dropped; the API's RSS before the clients connected and after the run.
 */
import { readFile } from 'node:fs/promises';
import type { AppProcess, RunningApi } from '@atropos/testing';
import { createRedisClient, readTaskEventsLogEnd } from '@atropos/queue';
import type { BenchDatabase } from './bench-database.js';
import { rssBytes } from './memory.js';
import { ScriptProcess } from './script-process.js';
import { mb, num } from './stats.js';

export interface SseScaleSettings {
  clients: number;
  /** Tenants the tasks and streams are spread over: an all-task stream sees its tenant's tasks. */
  tenants: number;
  /** Tasks per second. */
  rate: number;
  seconds: number;
}

/** What the section needs of the bench's run (main.ts): its database, environment and tracked processes. */
export interface SseScaleBench {
  db: BenchDatabase;
  appEnv: Record<string, string>;
  startApi: (env: Record<string, string>) => Promise<RunningApi>;
  startWorker: (env: Record<string, string>) => Promise<AppProcess>;
  track: <T extends { stop(): Promise<unknown>; isRunning(): boolean }>(process: T) => T;
  stop: (process: { stop(): Promise<unknown>; isRunning(): boolean } | undefined) => Promise<void>;
  log: (line: string) => void;
}

export interface SseScaleSection {
  title: string;
  rows: Array<{ measure: string; value: string; ratio?: string; target?: string; met?: boolean }>;
  notes?: string[];
}

interface ClientsResult {
  clients: number;
  oneTask: number;
  reconnected: number;
  events: number;
  received: number;
  wrong: number;
  wrongReconnected: number;
  missing: number;
  disorder: number;
  resets: number;
  latency: { samples: number; p50: number; p99: number; 'p99.9': number; p100: number };
}

const TICK_MS = 100;
/** USER_HZ: the unit of /proc's CPU times, 100 on Linux. */
const CLOCK_TICKS = 100;
const P99_TARGET_MS = 250;
const RSS_GROWTH_TARGET = 200 * 1024 * 1024;

export async function sseScale(bench: SseScaleBench, settings: SseScaleSettings): Promise<SseScaleSection> {
  const { db, appEnv, log } = bench;
  await db.query('TRUNCATE tasks, idempotency_keys CASCADE');
  const tenants = Array.from({ length: settings.tenants }, (_, i) => ({ name: `tenant-${i}`, key: `sse-bench-key-of-tenant-${i}` }));
  const api = await bench.startApi({
    ...appEnv,
    API_KEYS: tenants.map((tenant) => `write@${tenant.name}:${tenant.key}`).join(','),
    SSE_MAX_CONNECTIONS: String(settings.clients + 100),
    SSE_MAX_CONNECTIONS_PER_KEY: String(settings.clients + 100),
    // The whole run stays in the log: the clients' check reads it back.
    TASK_EVENTS_LOG_LENGTH: '10000000',
  });
  const worker = await bench.startWorker(appEnv);
  const clients = bench.track(
    ScriptProcess.spawn('sse-clients', {
      SSE_API_URL: api.baseUrl,
      REDIS_URL: appEnv['REDIS_URL']!,
      QUEUE_PREFIX: appEnv['QUEUE_PREFIX']!,
    }),
  );
  const redis = createRedisClient(appEnv['REDIS_URL']!);
  try {
    // One-task streams watch tasks of their own, due at moments spread over the run.
    const oneTask = Math.round(settings.clients / 5);
    const runStart = Date.now() + 15_000;
    const dueAt = (i: number) => new Date(runStart + ((i + 0.5) / oneTask) * settings.seconds * 1000).toISOString();
    const watched: Array<{ taskId: string; tenant: string; key: string }> = [];
    for (const [t, tenant] of tenants.entries()) {
      const mine = Array.from({ length: oneTask }, (_, i) => i).filter((i) => i % tenants.length === t);
      if (mine.length === 0) continue;
      const ids = await createTasks(
        api,
        tenant.key,
        mine.map((i) => ({ run_at: dueAt(i) })),
      );
      watched.push(...ids.map((taskId) => ({ taskId, tenant: tenant.name, key: tenant.key })));
    }
    await sleep(1_000);
    const apiRssBefore = await rssBytes(api.process.pid!);
    const from = await readTaskEventsLogEnd(redis, appEnv['QUEUE_PREFIX']!);
    const allTask = Array.from({ length: settings.clients - oneTask }, (_, i) => tenants[i % tenants.length]!);
    const specs = [...allTask.map((tenant) => ({ tenant: tenant.name, key: tenant.key })), ...watched];
    const connectedAt = clients.log.length;
    clients.send(JSON.stringify({ cmd: 'connect', clients: specs, from: from ? `${from.ms}-${from.seq}` : '0-0' }));
    await clients.waitForLog('connected', 120_000, connectedAt);
    const apiRssConnected = await rssBytes(api.process.pid!);
    log(`sse: ${settings.clients} streams open (${oneTask} on one task); API RSS ${mb(apiRssBefore)}`);
    if (Date.now() > runStart) log('sse: connecting took longer than the 15 s planned: some one-task tasks came due before their streams');
    await sleep(Math.max(0, runStart - Date.now()));

    // The flow: a batch every TICK_MS; halfway, a tenth of the streams (of each kind) drop and come back.
    const perTick = (settings.rate * TICK_MS) / 1000;
    const ticks = (settings.seconds * 1000) / TICK_MS;
    let owed = 0;
    let created = 0;
    const requests: Array<Promise<unknown>> = [];
    const cpuBefore = { api: await cpuSeconds(api.process.pid!), clients: await cpuSeconds(clients.pid!) };
    const t0 = Date.now();
    for (let tick = 0; tick < ticks; tick++) {
      owed += perTick;
      const size = Math.floor(owed);
      owed -= size;
      // A batch a tick, each tick's for the next tenant: every tenant gets its share of the flow.
      const tenant = tenants[tick % tenants.length]!;
      if (size > 0)
        requests.push(
          createTasks(
            api,
            tenant.key,
            Array.from({ length: size }, () => ({})),
          ),
        );
      created += size;
      if (tick === Math.floor(ticks / 2)) clients.send(JSON.stringify({ cmd: 'drop', every: 10, awayMs: 2_000 }));
      await sleep(t0 + (tick + 1) * TICK_MS - Date.now());
    }
    await Promise.all(requests);
    const createdIn = (Date.now() - t0) / 1000;
    log(`sse: ${created} tasks created in ${createdIn.toFixed(1)} s; waiting for them to complete`);
    await waitAllCompleted(db, created + oneTask);
    const apiRssAfter = await rssBytes(api.process.pid!);
    const flowSeconds = (Date.now() - t0) / 1000;
    const apiCpu = ((await cpuSeconds(api.process.pid!)) - cpuBefore.api) / flowSeconds;
    const clientsCpu = ((await cpuSeconds(clients.pid!)) - cpuBefore.clients) / flowSeconds;
    log(`sse: CPU while the tasks flowed: API ${(apiCpu * 100).toFixed(0)} %, clients ${(clientsCpu * 100).toFixed(0)} % of a core`);

    const finishedAt = clients.log.length;
    clients.send(JSON.stringify({ cmd: 'finish', waitMs: 15_000 }));
    await clients.waitForLog('result ', 120_000, finishedAt);
    const line = clients.log
      .slice(finishedAt)
      .split('\n')
      .find((text) => text.startsWith('result '))!;
    const result = JSON.parse(line.slice('result '.length)) as ClientsResult;
    log(`sse: ${JSON.stringify(result)}`);

    const growth = apiRssAfter - apiRssBefore;
    const complete = result.wrong === 0 && result.disorder === 0 && result.resets === 0;
    return {
      title: `Live updates: ${settings.clients.toLocaleString('en-US')} SSE streams of ${settings.tenants} tenant(s) while ${settings.rate} tasks/s flow for ${settings.seconds} s (1 API, 1 worker)`,
      rows: [
        {
          measure: `streams with exactly the events of their filter (${result.clients - result.oneTask} all-task, ${result.oneTask} one-task; ${result.reconnected} reconnected with Last-Event-ID halfway)`,
          value: `${result.clients - result.wrong} of ${result.clients}; ${num(result.received)} events received, ${result.missing} missing, ${result.disorder} twice or out of order, ${result.resets} resets`,
          target: 'all, none missed',
          met: complete,
        },
        {
          measure: 'task creation rate achieved',
          value: `${num(created / createdIn)} tasks/s (${created} tasks; ${num(result.events / createdIn)} events/s written, ${num(result.received / createdIn)} delivered)`,
        },
        {
          measure: 'delivery latency, write to receipt, p50 / p99 / p99.9 / max',
          value: `${result.latency.p50} / ${result.latency.p99} / ${result.latency['p99.9']} / ${result.latency.p100} ms (${num(result.latency.samples)} events)`,
          target: `p99 ≤ ${P99_TARGET_MS} ms`,
          met: result.latency.p99 <= P99_TARGET_MS,
        },
        {
          measure: 'CPU while the tasks flowed (share of one core): API / the clients’ process',
          value: `${(apiCpu * 100).toFixed(0)} % / ${(clientsCpu * 100).toFixed(0)} %`,
        },
        {
          measure: 'API RSS, before the streams opened → after the run',
          value: `${mb(apiRssBefore)} → ${mb(apiRssConnected)} with the streams open → ${mb(apiRssAfter)}`,
          ratio: `${growth >= 0 ? '+' : ''}${mb(growth)}`,
          target: `growth < ${mb(RSS_GROWTH_TARGET)}`,
          met: growth < RSS_GROWTH_TARGET,
        },
      ],
      notes: [
        'SSE: the clients run in a process of their own and compare, per stream, the count and a hash of the event ids received with those the task events log holds for its filter; latency counts the streams never dropped (a replay is late by design).',
      ],
    };
  } finally {
    redis.disconnect();
    await bench.stop(clients);
    await bench.stop(worker);
    await bench.stop(api.process);
  }
}

async function createTasks(api: RunningApi, key: string, extras: Array<Record<string, unknown>>): Promise<string[]> {
  const response = await fetch(`${api.baseUrl}/tasks/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ tasks: extras.map((extra) => ({ task_type: 'default', parameters: { processing_time: 0 }, ...extra })) }),
  });
  if (response.status !== 201) throw new Error(`POST /tasks/batch answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: Array<{ id: string }> }).data.map((task) => task.id);
}

/** CPU time (user + system) a process has used, from /proc/<pid>/stat, in seconds. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, hence from the last ')'): utime is the 12th, stime the 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

async function waitAllCompleted(db: BenchDatabase, expected: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const [row] = await db.query<{ done: number }>(`SELECT count(*)::int AS done FROM tasks WHERE status = 'completed'`);
    if (row!.done >= expected) return;
    if (Date.now() > deadline) throw new Error(`only ${row!.done} of ${expected} tasks completed after 2 minutes`);
    await sleep(200);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
