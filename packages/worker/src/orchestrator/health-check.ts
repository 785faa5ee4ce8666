import { parseEnv } from '@atropos/config';
import { createRedisClient, readLiveWorkers, redisEnv } from '@atropos/queue';
import os from 'node:os';
import { z } from 'zod';
import { envVar } from '@atropos/config';

const TIMEOUT_MS = 3_000;

/** What the check reads: where Redis is, and the worker's configured name, if any. */
const healthEnv = { ...redisEnv, workerId: envVar('WORKER_ID', z.string().optional(), 'The worker id the heartbeat names') };

/**
 * A container's health check (`atropos-worker --health`): whether a worker of this host has a live
 * heartbeat in Redis. It runs as a process of its own, so it cannot know the worker's default id
 * (`<hostname>:<pid>`, another process's pid): it accepts a heartbeat that names this host, or
 * WORKER_ID (or, with several processes, WORKER_ID-<n>). A worker that cannot reach Redis, or
 * whose process hangs, stops refreshing its heartbeat and turns unhealthy within three beats.
 */
export async function checkWorkerHealth(env: NodeJS.ProcessEnv = process.env): Promise<{ alive: boolean; message: string }> {
  const settings = parseEnv(healthEnv, env, 'health check');
  // One try, no reconnect loop: a health check answers now or fails.
  const redis = createRedisClient(settings.redisUrl, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined); // the failed command below reports it
  try {
    const live = await readLiveWorkers(redis, settings.queuePrefix);
    const id = settings.workerId;
    const mine = live.filter(
      (heartbeat) =>
        heartbeat.hostname === os.hostname() ||
        (id !== undefined && (heartbeat.worker_id === id || heartbeat.worker_id.startsWith(`${id}-`))),
    );
    return mine.length > 0
      ? { alive: true, message: `${mine.length} live worker(s) on ${os.hostname()}` }
      : { alive: false, message: `No live heartbeat from a worker on ${os.hostname()}` };
  } finally {
    redis.disconnect();
  }
}

/** Runs the check and exits 0 (healthy) or 1, within TIMEOUT_MS whatever happens. */
export function runHealthCheck(): void {
  setTimeout(() => process.exit(1), TIMEOUT_MS).unref();
  checkWorkerHealth().then(
    ({ alive, message }) => {
      (alive ? console.log : console.error)(message);
      process.exit(alive ? 0 : 1);
    },
    (error: unknown) => {
      console.error(`Health check failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
