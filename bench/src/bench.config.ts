/**
 * The bench's settings, read once from the environment. Defaults run the whole suite in under
 * fifteen minutes on the 2-core development machine even while others load it; BENCH_QUICK=1
 * shrinks every count for a smoke check of a few minutes (its figures are not the ones
 * RESULTS.md records).
 */
export interface BenchConfig {
  quick: boolean;
  /** Tasks per end-to-end run (ceiling, POST /tasks, POST /tasks/batch). */
  tasks: number;
  /** Runs per figure; each figure is their median, with min–max. */
  runs: number;
  /** An unrecorded end-to-end round before the measured ones (not in BENCH_QUICK). */
  warmUp: boolean;
  /** Concurrent clients creating tasks one by one (POST /tasks and the ceiling's producer). */
  clients: number;
  batchSize: number;
  /** Concurrent clients sending batches. */
  batchClients: number;
  /** WORKER_CONCURRENCY of every Atropos worker, and the ceiling consumer's concurrency. */
  workerConcurrency: number;
  /** Connections of each latency measurement. */
  connections: number;
  /** Seconds each latency measurement lasts. */
  durationS: number;
  /** Rows in the tasks table for the growth comparison: the small and the large table. */
  growthRows: [number, number];
  /** Tasks completed between the two memory readings. */
  memoryTasks: number;
  /** Tasks created one at a time for the idle worker's pickup latency. */
  pickupTasks: number;
  /** The `sse` section: concurrent event streams, the tenants they and the tasks are spread over, tasks created per second, seconds of flow. */
  sse: { clients: number; tenants: number; rate: number; seconds: number };
  /** Sections to run, in this order; BENCH_ONLY=e2e,latency picks some. */
  sections: Section[];
  /**
   * Instead of the suite: one profiled run of each create route and of the read routes, and where
   * their CPU time went (BENCH_PROFILE=1); `writes` or `reads` profiles only those.
   */
  profile: false | 'all' | 'writes' | 'reads';
  /** Also write the report to this file. */
  out: string | undefined;
}

export const SECTIONS = ['e2e', 'pickup', 'latency', 'growth', 'memory', 'observe', 'sse'] as const;
export type Section = (typeof SECTIONS)[number];

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = flag(env.BENCH_QUICK);
  const sections = (env.BENCH_ONLY ?? SECTIONS.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = sections.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  const growth = (env.BENCH_GROWTH_ROWS ?? (quick ? '10000,100000' : '10000,1000000')).split(',').map(Number);
  if (growth.length !== 2 || !growth.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error('BENCH_GROWTH_ROWS must be two row counts, e.g. 10000,1000000');
  }
  const config: BenchConfig = {
    quick,
    tasks: int(env, 'BENCH_TASKS', quick ? 1_000 : 5_000),
    runs: int(env, 'BENCH_RUNS', quick ? 2 : 3),
    warmUp: !quick,
    clients: int(env, 'BENCH_CLIENTS', 50),
    batchSize: int(env, 'BENCH_BATCH_SIZE', 500),
    batchClients: int(env, 'BENCH_BATCH_CLIENTS', 4),
    workerConcurrency: int(env, 'BENCH_WORKER_CONCURRENCY', 16),
    connections: int(env, 'BENCH_CONNECTIONS', 50),
    durationS: int(env, 'BENCH_DURATION_S', quick ? 2 : 10),
    growthRows: growth as [number, number],
    memoryTasks: int(env, 'BENCH_MEMORY_TASKS', quick ? 5_000 : 100_000),
    pickupTasks: int(env, 'BENCH_PICKUP_TASKS', quick ? 50 : 200),
    sse: {
      clients: int(env, 'BENCH_SSE_CLIENTS', 1_000),
      tenants: int(env, 'BENCH_SSE_TENANTS', 20),
      rate: int(env, 'BENCH_SSE_RATE', 300),
      seconds: int(env, 'BENCH_SSE_SECONDS', 20),
    },
    sections: sections as Section[],
    profile: profileMode(env.BENCH_PROFILE),
    out: env.BENCH_OUT || undefined,
  };
  if (config.tasks % config.batchSize !== 0 || config.memoryTasks % config.batchSize !== 0) {
    throw new Error(`BENCH_TASKS and BENCH_MEMORY_TASKS must be multiples of BENCH_BATCH_SIZE (${config.batchSize})`);
  }
  return config;
}

function flag(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer; got ${JSON.stringify(raw)}`);
  return value;
}

function profileMode(value: string | undefined): BenchConfig['profile'] {
  if (value === 'writes' || value === 'reads') return value;
  return flag(value) ? 'all' : false;
}
