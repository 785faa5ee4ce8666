import type { Redis } from 'ioredis';

/**
 * Flow control shared by every worker of a deployment, kept in Redis and changed only by the
 * scripts below, each atomic: a task starts only when every scope it belongs to (its type, its
 * concurrency key) is under its concurrency limit and its rate limit, counted across the fleet.
 *
 * Per scope: `active` (a sorted set of the task ids that hold a slot, scored by when the slot
 * lapses, so a killed worker's slots free themselves), `parked` (task ids waiting for a slot of
 * this scope, oldest first, each freed slot handed to the oldest) and `rate` (the starts of the
 * sliding window).
 * Times come from Redis (TIME), so skewed clocks do not matter.
 */
export interface FlowScope {
  /** Unique per scope: `type:<type>` or `key:<type>:<key>`. */
  id: string;
  /** How a waiting reason names it: the type, or the key (`customer 42`). */
  label: string;
  /** Most tasks of the scope at once; undefined: no limit. */
  concurrency?: number;
  /** Most starts per window; undefined: no limit. */
  rate?: { limit: number; windowMs: number };
}

export type FlowDecision =
  | { started: true }
  /** `retryAt` (Redis time, ms): when the rate window lets the next start in; 0 for a concurrency limit. */
  | { started: false; scope: FlowScope; limit: 'concurrency' | 'rate'; retryAt: number };

/** The scope of a task type's own limits. */
export function typeFlowScopeId(taskType: string): string {
  return `type:${taskType}`;
}

/** The scope of one concurrency key of a task type (its key limits). */
export function keyFlowScopeId(taskType: string, key: string): string {
  return `key:${taskType}:${key}`;
}

export function flowScopeKeys(prefix: string, scopeId: string): { active: string; parked: string; rate: string } {
  const base = `${prefix}:flow:${scopeId}`;
  return { active: `${base}:active`, parked: `${base}:parked`, rate: `${base}:rate` };
}

/** Why a task waits (written by the worker that found it over a limit), for GET /tasks/{id}. */
export function flowReasonKey(prefix: string, taskId: string): string {
  return `${prefix}:flow:reason:${taskId}`;
}

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: active, parked, rate of each scope. ARGV: task id, slot lease (ms), park (1: a task refused
 * for a concurrency limit joins that scope's parked set), scopes, then per scope its concurrency
 * limit, rate limit and window (0: none). A task that already holds a slot of a scope (its attempt
 * run again, or the slot was handed to it when it was woken) keeps it, even when another scope
 * refuses it: it is next for that scope, and an unused slot lapses with its lease.
 * Returns {1} or {0, refusing scope (1-based), 'concurrency'|'rate', retry at}.
 */
const ACQUIRE = `${NOW}
local id, lease, park, n = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1', tonumber(ARGV[4])
for i = 1, n do
  local active, parked, rate = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local limit, rateLimit, window = tonumber(ARGV[3 * i + 2]), tonumber(ARGV[3 * i + 3]), tonumber(ARGV[3 * i + 4])
  if limit > 0 then
    redis.call('ZREMRANGEBYSCORE', active, '-inf', now)
    if not redis.call('ZSCORE', active, id) and redis.call('ZCARD', active) >= limit then
      if park then
        redis.call('ZADD', parked, 'NX', now, id)
        redis.call('PEXPIRE', parked, 86400000)
      end
      return {0, i, 'concurrency', 0}
    end
  end
  if rateLimit > 0 then
    redis.call('ZREMRANGEBYSCORE', rate, '-inf', now - window)
    if redis.call('ZCARD', rate) >= rateLimit then
      local oldest = redis.call('ZRANGE', rate, 0, 0, 'WITHSCORES')
      return {0, i, 'rate', tonumber(oldest[2]) + window}
    end
  end
end
for i = 1, n do
  local active, parked, rate = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local limit, rateLimit, window = tonumber(ARGV[3 * i + 2]), tonumber(ARGV[3 * i + 3]), tonumber(ARGV[3 * i + 4])
  if limit > 0 then
    redis.call('ZADD', active, now + lease, id)
    redis.call('PEXPIRE', active, lease * 2)
    redis.call('ZREM', parked, id)
  end
  if rateLimit > 0 then
    redis.call('ZADD', rate, now, now .. ':' .. id)
    redis.call('PEXPIRE', rate, window + 1000)
  end
end
return {1}`;

/**
 * KEYS: active, parked of each scope. ARGV: task id, slot lease (ms), then each scope's concurrency
 * limit (0: none). Frees the task's slots and hands each free slot to the oldest parked task: the
 * slot is taken in its name (for one lease) and the caller wakes it, so a task that reaches the gate
 * in between parks behind it instead of taking the slot it was woken for. A woken task that has
 * gone (cancelled, removed) is the caller's to release again; one that never comes back loses the
 * slot when the lease lapses.
 */
const RELEASE = `${NOW}
local id, lease, woken = ARGV[1], tonumber(ARGV[2]), {}
for i = 1, #KEYS / 2 do
  local active, parked, limit = KEYS[2 * i - 1], KEYS[2 * i], tonumber(ARGV[i + 2])
  redis.call('ZREM', active, id)
  if limit > 0 then
    redis.call('ZREMRANGEBYSCORE', active, '-inf', now)
    local free = limit - redis.call('ZCARD', active)
    while free > 0 do
      local next = redis.call('ZPOPMIN', parked)
      if #next == 0 then break end
      redis.call('ZADD', active, now + lease, next[1])
      redis.call('PEXPIRE', active, lease * 2)
      table.insert(woken, next[1])
      free = free - 1
    end
  end
end
return woken`;

/** KEYS: active of each scope. ARGV: lease (ms), then task ids: pushes their slots' lapse forward. */
const EXTEND = `${NOW}
local lease = tonumber(ARGV[1])
for _, active in ipairs(KEYS) do
  for j = 2, #ARGV do redis.call('ZADD', active, 'XX', now + lease, ARGV[j]) end
  redis.call('PEXPIRE', active, lease * 2)
end
return 1`;

/**
 * Starts the task if every scope lets it (taking a slot of each with a limit, counting a start in
 * each with a rate), else says which limit holds it. With `park`, a task held by a concurrency
 * limit is parked on that scope, to be woken by the next release of one of its slots.
 */
export async function acquireFlowSlots(
  redis: Redis,
  prefix: string,
  taskId: string,
  scopes: readonly FlowScope[],
  options: { leaseMs: number; park: boolean },
): Promise<FlowDecision> {
  const keys = scopes.flatMap((scope) => Object.values(flowScopeKeys(prefix, scope.id)));
  const limits = scopes.flatMap((scope) => [scope.concurrency ?? 0, scope.rate?.limit ?? 0, scope.rate?.windowMs ?? 0]);
  const answer = (await redis.eval(
    ACQUIRE,
    keys.length,
    ...keys,
    taskId,
    options.leaseMs,
    options.park ? 1 : 0,
    scopes.length,
    ...limits,
  )) as [number, number?, string?, number?];
  if (answer[0] === 1) return { started: true };
  return {
    started: false,
    scope: scopes[(answer[1] ?? 1) - 1]!,
    limit: answer[2] === 'rate' ? 'rate' : 'concurrency',
    retryAt: answer[3] ?? 0,
  };
}

/**
 * Frees the task's slots and hands them to parked tasks, each slot taken in its new holder's name
 * for `leaseMs`; returns the ids of the tasks to wake, one per slot handed over.
 */
export async function releaseFlowSlots(
  redis: Redis,
  prefix: string,
  taskId: string,
  scopes: readonly FlowScope[],
  leaseMs: number,
): Promise<string[]> {
  const keys = scopes.flatMap((scope) => {
    const { active, parked } = flowScopeKeys(prefix, scope.id);
    return [active, parked];
  });
  const limits = scopes.map((scope) => scope.concurrency ?? 0);
  return (await redis.eval(RELEASE, keys.length, ...keys, taskId, leaseMs, ...limits)) as string[];
}

/** Keeps the slots of tasks still running from lapsing. */
export async function extendFlowSlots(
  redis: Redis,
  prefix: string,
  scopes: readonly FlowScope[],
  taskIds: readonly string[],
  leaseMs: number,
): Promise<void> {
  const keys = scopes.filter((scope) => scope.concurrency !== undefined).map((scope) => flowScopeKeys(prefix, scope.id).active);
  if (keys.length === 0 || taskIds.length === 0) return;
  await redis.eval(EXTEND, keys.length, ...keys, leaseMs, ...taskIds);
}
