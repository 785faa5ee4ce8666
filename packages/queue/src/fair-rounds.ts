import type { Redis } from 'ioredis';

/**
 * Fairness between the concurrency keys of a queue, by start-time fair queueing on Bull's own
 * priorities: each task of a key gets the next round of its key (at least the round the queue has
 * reached, so a key that was idle does not jump ahead of the others with old credit), and its job's
 * Bull priority orders by the task's priority first, then by round. Keys thus take turns within a
 * priority: one key's 10,000 waiting tasks take rounds 1…10,000, another's one task queued after
 * them the round the queue is at. Tasks without a key have round 0: first within their priority.
 */
const ROUND_SPAN = 2 ** 40;

/** The Bull priority of a task's job (1 = first): its priority (1-10) first, then its round. */
export function fairPriority(priority: number, round: number): number {
  return (priority - 1) * ROUND_SPAN + round + 1;
}

/** The task priority and round a job's Bull priority encodes. */
export function roundOfJobPriority(jobPriority: number): { priority: number; round: number } {
  const zeroBased = Math.max(0, jobPriority - 1);
  return { priority: Math.floor(zeroBased / ROUND_SPAN) + 1, round: zeroBased % ROUND_SPAN };
}

/** The hash of one Bull queue's rounds: `v:<priority>` the round reached, `k:<priority>:<key>` each key's last round. */
export function fairRoundsKey(prefix: string, bullQueue: string): string {
  return `${prefix}:fair:${bullQueue}`;
}

const ASSIGN = `
local out = {}
for i = 1, tonumber(ARGV[1]) do
  local p, k = ARGV[2 * i], ARGV[2 * i + 1]
  local reached = tonumber(redis.call('HGET', KEYS[1], 'v:' .. p) or '0')
  local last = tonumber(redis.call('HGET', KEYS[1], 'k:' .. p .. ':' .. k) or '0')
  local round = math.max(last, reached) + 1
  redis.call('HSET', KEYS[1], 'k:' .. p .. ':' .. k, round)
  out[i] = round
end
redis.call('PEXPIRE', KEYS[1], 604800000)
return out`;

const ADVANCE = `
local field = 'v:' .. ARGV[1]
if tonumber(ARGV[2]) > tonumber(redis.call('HGET', KEYS[1], field) or '0') then
  redis.call('HSET', KEYS[1], field, ARGV[2])
  redis.call('PEXPIRE', KEYS[1], 604800000)
end
return 1`;

/** The rounds of tasks about to be queued, in order, one atomic step for the batch. */
export async function assignFairRounds(
  redis: Redis,
  prefix: string,
  bullQueue: string,
  tasks: ReadonlyArray<{ priority: number; key: string }>,
): Promise<number[]> {
  if (tasks.length === 0) return [];
  const args = tasks.flatMap((task) => [String(task.priority), task.key]);
  return (await redis.eval(ASSIGN, 1, fairRoundsKey(prefix, bullQueue), tasks.length, ...args)) as number[];
}

/** A task of this round started: the queue has reached it, so a key that starts waiting now starts from here. */
export async function advanceFairRound(redis: Redis, prefix: string, bullQueue: string, jobPriority: number): Promise<void> {
  const { priority, round } = roundOfJobPriority(jobPriority);
  if (round === 0) return;
  await redis.eval(ADVANCE, 1, fairRoundsKey(prefix, bullQueue), priority, round);
}
