/**
 * Pickup latency (issue 20): how long a created task waits before a worker starts it.
 *
 * `started_at` is set by the worker's claim (TaskStore.claimMany: `started_at = now()` in one
 * UPDATE sent on its own, so now() is the instant PostgreSQL began that statement: the job has
 * left Bull, passed the flow gate and reached the database). PostgreSQL runs on this host, so its
 * clock is the bench's; both sides are read as epoch ms. The column is timestamptz(3): ±0.5 ms.
 */
import type { BenchDatabase } from './bench-database.js';
import type { ReportSection, Row } from './report-row.js';
import { num, show, spread } from './stats.js';

/** Rest between one answer and the next request in the idle measurement. */
const PAUSE_MS = 20;

export interface Percentiles {
  p50: number;
  p99: number;
  min: number;
  max: number;
  count: number;
}

/** Nearest-rank percentiles; an empty list gives NaN (shown as n/a), never a made-up zero. */
export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  return { p50: rank(50), p99: rank(99), min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, count: sorted.length };
}

/** started_at − created_at of every task in the table (created_at is the API's insert transaction). */
export async function pickupSinceCreation(db: BenchDatabase): Promise<Percentiles> {
  const rows = await db.query<{ ms: number }>(
    `SELECT (extract(epoch FROM started_at - created_at) * 1000)::float8 AS ms FROM tasks WHERE started_at IS NOT NULL`,
  );
  return percentiles(rows.map((row) => row.ms));
}

export interface IdlePickupOptions {
  baseUrl: string;
  db: BenchDatabase;
  /** The POST /tasks body. */
  body: string;
  tasks: number;
  /** Rest between one answer and the next request, so that the worker is idle again. */
  pauseMs?: number;
}

export interface IdlePickup {
  /** started_at − the moment the bench had POST /tasks' answer. */
  sinceAnswer: Percentiles;
  /** started_at − created_at, for comparison. */
  sinceCreation: Percentiles;
}

/**
 * Creates `tasks` tasks one at a time (each request waits for the previous answer, then
 * `pauseMs`), records when each answer arrived, and compares with the row's started_at once all
 * have started. Negative values (the worker claimed before the bench read the answer) are kept.
 */
export async function measureIdlePickup(options: IdlePickupOptions): Promise<IdlePickup> {
  const answeredAt = new Map<string, number>();
  for (let i = 0; i < options.tasks; i++) {
    const response = await fetch(`${options.baseUrl}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: options.body,
    });
    // fetch resolves once the headers are in; the whole (small) answer is in the same packet.
    const at = performance.timeOrigin + performance.now();
    if (response.status !== 201) throw new Error(`POST /tasks answered ${response.status}: ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    answeredAt.set(id, at);
    await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? PAUSE_MS));
  }
  const rows = await waitAllStarted(options.db, [...answeredAt.keys()]);
  return {
    sinceAnswer: percentiles(rows.map((row) => row.started_ms - answeredAt.get(row.id)!)),
    sinceCreation: percentiles(rows.map((row) => row.started_ms - row.created_ms)),
  };
}

async function waitAllStarted(db: BenchDatabase, ids: string[], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.query<{ id: string; started_ms: number; created_ms: number }>(
      `SELECT id, (extract(epoch FROM started_at) * 1000)::float8 AS started_ms, (extract(epoch FROM created_at) * 1000)::float8 AS created_ms
         FROM tasks WHERE id = ANY($1::uuid[]) AND started_at IS NOT NULL`,
      [ids],
    );
    if (rows.length === ids.length) return rows;
    if (Date.now() > deadline)
      throw new Error(`${ids.length - rows.length} of ${ids.length} tasks not started after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** "p50 3.1 ms · p99 9.8 ms (min 1.2, max 12.0; 200 tasks)" */
export function showPercentiles(figures: Percentiles): string {
  return `p50 ${num(figures.p50)} ms · p99 ${num(figures.p99)} ms (min ${num(figures.min)}, max ${num(figures.max)}; ${figures.count} tasks)`;
}

/** The section's rows: the idle figures, the first against its target (p50 ≤ 10 ms). */
export function idlePickupRows(pickup: IdlePickup): Row[] {
  return [
    {
      measure: 'idle worker: POST /tasks answered → started_at',
      value: showPercentiles(pickup.sinceAnswer),
      target: 'p50 ≤ 10 ms',
      met: pickup.sinceAnswer.p50 <= 10,
    },
    { measure: 'idle worker: created_at → started_at (for reference)', value: showPercentiles(pickup.sinceCreation) },
  ];
}

/**
 * The `pickup` section, with an API and one idle worker already running: an unrecorded round
 * first (JIT, connections, the worker's first jobs), then the measured one.
 */
export async function idlePickupSection(options: IdlePickupOptions & { log: (line: string) => void }): Promise<ReportSection> {
  await measureIdlePickup({ ...options, tasks: Math.min(50, options.tasks) });
  const figures = await measureIdlePickup(options);
  options.log(`pickup since answer ${showPercentiles(figures.sinceAnswer)}; since created_at ${showPercentiles(figures.sinceCreation)}`);
  return {
    title: `Pickup latency: ${options.tasks} tasks created one at a time (POST /tasks, answer awaited, ${options.pauseMs ?? PAUSE_MS} ms apart), 1 idle worker`,
    rows: idlePickupRows(figures),
    notes: [
      "Idle pickup: started_at (set by the worker's claim UPDATE: PostgreSQL's now(), the start of that statement) minus the moment " +
        "the bench had POST /tasks' answer (same host clock, ms resolution); negative values, a claim before the answer was read, are kept as they are.",
    ],
  };
}

/** Pickup during the end-to-end POST /tasks runs with one worker: the spread of each run's p50 and p99. */
export function loadedPickupSection(runs: Percentiles[], clients: number): ReportSection {
  return {
    title: `Pickup under load: POST /tasks, ${clients} clients, 1 worker, same runs`,
    rows: [
      { measure: 'created_at → started_at, p50 (min–max over the runs)', value: show(spread(runs.map((run) => run.p50)), ' ms') },
      { measure: 'created_at → started_at, p99 (min–max over the runs)', value: show(spread(runs.map((run) => run.p99)), ' ms') },
    ],
    notes: [
      "Pickup under load: started_at − created_at over every task of the run (created_at: the API's insert transaction; started_at: " +
        "the worker's claim statement), for reference: it includes the time tasks wait in the queue while the worker is busy.",
    ],
  };
}
