import type { WorkerHeartbeat } from '@atropos/tasks';
import { workerHeartbeatSchema } from '@atropos/tasks';
import type { Redis } from 'ioredis';

/** The shape is defined with the other wire shapes in @atropos/tasks. */
export type { WorkerHeartbeat };

/** Most workers a read lists: /health's answer and cost stay bounded whatever is in Redis. */
export const MAX_LISTED_WORKERS = 1_000;

/**
 * The registry of heartbeats: a sorted set of worker ids scored by when each heartbeat expires,
 * and a hash of the heartbeats themselves. Reading the live workers is then one bounded range
 * query, instead of a SCAN of the whole keyspace (which grows with every queued job and cost
 * /health a full pass over Redis on each call).
 */
export function workerRegistryKeys(prefix: string): { expiries: string; heartbeats: string } {
  return { expiries: `${prefix}:worker-registry:expiries`, heartbeats: `${prefix}:worker-registry:heartbeats` };
}

/**
 * Times come from Redis (TIME), not from each machine's clock, so skewed clocks cannot keep a dead
 * worker listed or hide a live one. Each write also prunes expired entries (at most 100 at a time),
 * and both keys expire with the last heartbeat, so a deployment whose workers are all gone leaves
 * nothing behind.
 */
const WRITE_HEARTBEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 100)
if #stale > 0 then
  redis.call('ZREM', KEYS[1], unpack(stale))
  redis.call('HDEL', KEYS[2], unpack(stale))
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
redis.call('PEXPIREAT', KEYS[2], last[2])
return 1`;

const READ_LIVE_WORKERS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf', 'LIMIT', 0, tonumber(ARGV[1]))
if #ids == 0 then return {} end
return redis.call('HMGET', KEYS[2], unpack(ids))`;

export async function writeHeartbeat(redis: Redis, prefix: string, heartbeat: WorkerHeartbeat, ttlMs: number) {
  const keys = workerRegistryKeys(prefix);
  await redis.eval(WRITE_HEARTBEAT, 2, keys.expiries, keys.heartbeats, heartbeat.worker_id, JSON.stringify(heartbeat), ttlMs);
}

export async function removeHeartbeat(redis: Redis, prefix: string, workerId: string) {
  const keys = workerRegistryKeys(prefix);
  await redis.multi().zrem(keys.expiries, workerId).hdel(keys.heartbeats, workerId).exec();
}

/**
 * Workers whose heartbeat has not expired, by id: one round trip, one bounded range read. A value
 * that is not a heartbeat (another version's, or not JSON) is left out rather than hiding the rest.
 */
export async function readLiveWorkers(redis: Redis, prefix: string): Promise<WorkerHeartbeat[]> {
  const keys = workerRegistryKeys(prefix);
  const values = (await redis.eval(READ_LIVE_WORKERS, 2, keys.expiries, keys.heartbeats, MAX_LISTED_WORKERS)) as Array<string | null>;
  return values
    .flatMap((value) => {
      const heartbeat = value === null ? undefined : workerHeartbeatSchema.safeParse(parseJson(value)).data;
      return heartbeat ? [heartbeat] : [];
    })
    .sort((a, b) => a.worker_id.localeCompare(b.worker_id));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
