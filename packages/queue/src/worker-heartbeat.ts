import type { WorkerHeartbeat } from '@atropos/tasks';
import { workerHeartbeatSchema } from '@atropos/tasks';
import type { Redis } from 'ioredis';

/** The shape is defined with the other wire shapes in @atropos/tasks. */
export type { WorkerHeartbeat };

export function workerHeartbeatKey(prefix: string, workerId: string): string {
  return `${prefix}:workers:${workerId}`;
}

export async function writeHeartbeat(redis: Redis, prefix: string, heartbeat: WorkerHeartbeat, ttlMs: number) {
  await redis.set(workerHeartbeatKey(prefix, heartbeat.worker_id), JSON.stringify(heartbeat), 'PX', ttlMs);
}

export async function removeHeartbeat(redis: Redis, prefix: string, workerId: string) {
  await redis.del(workerHeartbeatKey(prefix, workerId));
}

/**
 * Workers whose heartbeat has not expired. SCAN, not KEYS, so a large Redis is not blocked. A value
 * that is not a heartbeat (another version's, or not JSON) is left out rather than hiding the rest.
 */
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
