import type { Redis } from 'ioredis';

/** What each live worker writes to Redis, refreshed every few seconds with an expiry. */
export interface WorkerHeartbeat {
  worker_id: string;
  hostname: string;
  pid: number;
  concurrency: number;
  started_at: string;
  seen_at: string;
  /** Ids of the tasks the worker is running right now. */
  active_task_ids: string[];
}

export function workerHeartbeatKey(prefix: string, workerId: string): string {
  return `${prefix}:workers:${workerId}`;
}

export async function writeHeartbeat(redis: Redis, prefix: string, heartbeat: WorkerHeartbeat, ttlMs: number) {
  await redis.set(workerHeartbeatKey(prefix, heartbeat.worker_id), JSON.stringify(heartbeat), 'PX', ttlMs);
}

export async function removeHeartbeat(redis: Redis, prefix: string, workerId: string) {
  await redis.del(workerHeartbeatKey(prefix, workerId));
}

/** Workers whose heartbeat has not expired. SCAN, not KEYS, so a large Redis is not blocked. */
export async function readLiveWorkers(redis: Redis, prefix: string): Promise<WorkerHeartbeat[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', workerHeartbeatKey(prefix, '*'), 'COUNT', 200);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await redis.mget(keys);
  return values
    .filter((value): value is string => value !== null)
    .map((value) => JSON.parse(value) as WorkerHeartbeat)
    .sort((a, b) => a.worker_id.localeCompare(b.worker_id));
}
