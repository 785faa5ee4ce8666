/**
 * CPU per completed task (issue 20): what the whole stack (API or producer, workers or consumer,
 * PostgreSQL, Redis) spent, read as the machine's busy time from /proc/stat, minus the load
 * client's own CPU. The client (autocannon, the batch sender, the completion polling) runs inside
 * the bench process, so its share is the bench process's `process.cpuUsage()` over the same
 * interval; what remains does not depend on how efficient the client is.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Redis } from 'ioredis';
import type { BenchDatabase } from './bench-database.js';
import type { ReportSection, Row } from './report-row.js';
import { num, ratio, show, spread } from './stats.js';

/** Kernel clock ticks per second, the unit of /proc/stat (USER_HZ: 100 on every Linux we run on). */
const TICKS_PER_SECOND = readTicksPerSecond();

function readTicksPerSecond(): number {
  try {
    const value = Number(
      execFileSync('getconf', ['CLK_TCK'], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim(),
    );
    return Number.isInteger(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

/**
 * Busy time of all CPUs since boot, in ms: user + nice + system + irq + softirq + steal. Idle and
 * iowait are waiting, not work; guest and guest_nice are already counted in user and nice.
 */
export function machineBusyMs(stat: string = readFileSync('/proc/stat', 'utf8')): number {
  const line = stat.split('\n').find((each) => each.startsWith('cpu '));
  if (!line) throw new Error('/proc/stat has no "cpu " line');
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND) * 1000;
}

/** The bench process's own CPU (every thread: autocannon, libuv's pool, GC), in ms. */
function clientMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** User + system CPU of one process since it started, in ms (fields 14 and 15 of /proc/<pid>/stat); 0 once it is gone. */
export function processCpuMs(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
}

/** What runs the stack under test, besides the machine as a whole. */
export interface StackProcesses {
  /** The API or the ceiling's producer, and the workers or the consumer. */
  pids: number[];
  /** The run's database: its backends serve the stack (the bench's own pool, application_name 'atropos-bench', excepted). */
  db: BenchDatabase;
  /** Any connection to the Redis server (INFO cpu is the whole server's). */
  redis: Redis;
}

export interface CpuSpent {
  /** Machine busy time over the interval, ms. */
  machineMs: number;
  /** Of which the bench process (the load client), ms. */
  clientMs: number;
  /** The rest: the stack under test (and whatever else the machine ran meanwhile), ms. */
  stackMs: number;
  /**
   * The stack's processes alone, for a machine shared with others: the node processes, the
   * database's backends (and autovacuum workers) and the Redis server, ms.
   */
  stackProcessesMs: number;
  /** Of those, each of `StackProcesses.pids` (the API, the workers…) alone, ms, in the same order. */
  pidsMs: number[];
}

/**
 * Starts measuring; the function it returns reads what was spent since. The /proc/stat readings
 * are the innermost, so the queries that list the backends and ask Redis fall outside them.
 */
export async function startCpuMeter(stack: StackProcesses): Promise<() => Promise<CpuSpent>> {
  const processesAtStart = await readStackProcesses(stack);
  const machineAtStart = machineBusyMs();
  const clientAtStart = clientMs();
  return async () => {
    const machine = machineBusyMs() - machineAtStart;
    const client = clientMs() - clientAtStart;
    const processesAtEnd = await readStackProcesses(stack);
    // A backend born during the run counts from zero; one that ended during it is lost (pools keep theirs).
    let processes = processesAtEnd.redisMs - processesAtStart.redisMs;
    for (const [pid, ms] of processesAtEnd.byPid) processes += ms - (processesAtStart.byPid.get(pid) ?? 0);
    const pidsMs = stack.pids.map((pid) => (processesAtEnd.byPid.get(pid) ?? 0) - (processesAtStart.byPid.get(pid) ?? 0));
    return { machineMs: machine, clientMs: client, stackMs: machine - client, stackProcessesMs: processes, pidsMs };
  };
}

async function readStackProcesses(stack: StackProcesses): Promise<{ byPid: Map<number, number>; redisMs: number }> {
  const backends = await stack.db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name <> 'atropos-bench'`,
  );
  const info = await stack.redis.info('cpu');
  const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  const byPid = new Map<number, number>();
  for (const pid of [...stack.pids, ...backends.map((backend) => backend.pid)]) byPid.set(pid, processCpuMs(pid));
  return { byPid, redisMs: (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1000 };
}

/**
 * The machine's busy rate while the bench itself does nothing (ms of CPU per second): other users
 * of a shared machine land in every /proc/stat figure, and this says how much.
 */
export async function backgroundBusyPerSecond(durationMs = 2_000): Promise<number> {
  const atStart = machineBusyMs();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  return (machineBusyMs() - atStart) / (durationMs / 1000);
}

/** A run's CPU per completed task, ms, measured both ways. */
export interface CpuPerTask {
  /** Machine busy time less the load client's: the figure. */
  machine: number;
  /** The stack's processes alone: less exposed to the machine's other users. */
  processes: number;
}

export function perTask(spent: CpuSpent, tasks: number): CpuPerTask {
  return { machine: spent.stackMs / tasks, processes: spent.stackProcessesMs / tasks };
}

/** Ceiling of each variant's CPU per task, as a multiple of the ceiling script's (issue 20). */
const CPU_TARGETS: Record<string, number> = { post: 1.0, batch: 0.5 };

/**
 * One row per end-to-end variant: its median CPU per task (min–max over the runs) and the ratio
 * to the ceiling's median, held to the target (`post*` ≤ 1.0×, `batch*` ≤ 0.5×); the stack
 * processes' figure and ratio beside it, for reference.
 */
export function cpuPerTaskRows(variants: Array<{ key: string; label: string }>, runs: Map<string, CpuPerTask[]>): Row[] {
  const figures = (key: string, way: keyof CpuPerTask) => spread((runs.get(key) ?? []).map((run) => run[way]));
  const ceiling = { machine: figures('ceiling', 'machine').median, processes: figures('ceiling', 'processes').median };
  return variants.map((variant) => {
    const machine = figures(variant.key, 'machine');
    const processes = figures(variant.key, 'processes');
    const value = `${show(machine, ' ms')} CPU/task; stack processes alone ${show(processes, ' ms')}, ${ratio(processes.median / ceiling.processes)}`;
    if (variant.key === 'ceiling') return { measure: variant.label, value, ratio: '1.00×' };
    const target = Object.entries(CPU_TARGETS).find(([prefix]) => variant.key.startsWith(prefix))?.[1];
    const r = machine.median / ceiling.machine;
    return {
      measure: variant.label,
      value,
      ratio: ratio(r),
      ...(target === undefined ? {} : { target: `≤ ${target.toFixed(1)}× ceiling`, met: r <= target }),
    };
  });
}

/** The end-to-end section's CPU table; `background`: the machine's busy ms/s with the bench idle, before and after the runs. */
export function cpuPerTaskSection(
  variants: Array<{ key: string; label: string }>,
  runs: Map<string, CpuPerTask[]>,
  background: { before: number; after: number },
): ReportSection {
  return {
    title: 'CPU per completed task, same runs: machine busy time (/proc/stat) less the bench process (the load client)',
    rows: cpuPerTaskRows(variants, runs),
    notes: [
      'CPU per task: busy time of all CPUs (/proc/stat user+nice+system+irq+softirq+steal) from the first request to the poll that saw ' +
        "the last row completed, minus the bench process's own CPU (process.cpuUsage(): autocannon or the batch sender, and the " +
        "completion polling every 100 ms), divided by the tasks. What is left is the API or the ceiling's producer (a child process, " +
        "so not subtracted), the workers or the consumer, PostgreSQL (with its side of the polling: one count over the run's rows " +
        `per 100 ms), Redis, and anything else the machine ran meanwhile: with nothing of the bench running, it was busy ${num(background.before)} ms/s ` +
        `just before the runs and ${num(background.after)} ms/s just after them (of ${cpus().length * 1000} ms/s).`,
      "Stack processes alone (for reference, on a shared machine): user + system time (/proc/<pid>/stat) of the API or producer, the workers or consumer, and the run database's backends other than the bench's own (autovacuum included), plus the Redis server's (INFO cpu: the whole server's, other users' commands included); PostgreSQL's background writers are not in it.",
    ],
  };
}
