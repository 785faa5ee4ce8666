import { readFile } from 'node:fs/promises';
import type { Redis } from 'ioredis';

/** Resident set size of a process, from /proc/<pid>/status (VmRSS), in bytes. */
export async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/**
 * A process's RSS once it has gone quiet: the least of readings every half second over `windowMs`.
 * Right after a burst, RSS still holds the garbage V8 has not collected yet (one reading after
 * the same 100,000 tasks said +27 % once and -2 % another time); V8's memory reducer collects it
 * within a few idle seconds, and what a leak holds stays in every reading.
 */
export async function settledRssBytes(pid: number, windowMs = 10_000): Promise<number> {
  let least = await rssBytes(pid);
  for (let waited = 0; waited < windowMs; waited += 500) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    least = Math.min(least, await rssBytes(pid));
  }
  return least;
}

/** Redis' INFO memory used_memory: the whole server's, so other users of the server move it too. */
export async function redisUsedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)\r?$/m.exec(info);
  if (!match) throw new Error('no used_memory in INFO memory');
  return Number(match[1]);
}

/**
 * Bytes held by the keys under one prefix (MEMORY USAGE of each, every element counted: by default
 * Redis samples 5 and extrapolates, far off for a stream whose entries hold 1 to 500 events): this
 * bench's share alone.
 */
export async function prefixBytes(redis: Redis, prefix: string): Promise<{ keys: number; bytes: number }> {
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (found.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of found) pipeline.memory('USAGE', key, 'SAMPLES', 0);
    for (const [, value] of (await pipeline.exec()) ?? []) {
      if (typeof value === 'number') {
        keys += 1;
        bytes += value;
      }
    }
  } while (cursor !== '0');
  return { keys, bytes };
}
