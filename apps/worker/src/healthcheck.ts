/**
 * The worker container's health check (`node dist/healthcheck.js`): exits 0 when the worker in this
 * container has a live heartbeat in Redis, 1 otherwise. A worker that cannot reach Redis, or whose
 * process hangs, stops refreshing its heartbeat and turns unhealthy within three beats.
 *
 * It runs as its own process, so it cannot compute the worker's default id (`<hostname>:<pid>`, pid
 * of the other process): it accepts the heartbeat that names this host, or this WORKER_ID.
 */
import os from 'node:os';
import { createRedisClient, readLiveWorkers } from '@atropos/queue';
import { loadWorkerConfig } from './config/worker.config.js';

const TIMEOUT_MS = 3_000;

async function check(): Promise<boolean> {
  const config = loadWorkerConfig();
  // One try, no reconnect loop: a health check answers now or fails.
  const redis = createRedisClient(config.redisUrl, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined); // the failed command below reports it
  try {
    const live = await readLiveWorkers(redis, config.queuePrefix);
    return live.some((heartbeat) => heartbeat.hostname === os.hostname() || heartbeat.worker_id === config.workerId);
  } finally {
    redis.disconnect();
  }
}

setTimeout(() => process.exit(1), TIMEOUT_MS).unref();
check().then(
  (alive) => {
    if (!alive) console.error(`No live heartbeat from a worker on ${os.hostname()}`);
    process.exit(alive ? 0 : 1);
  },
  (error: unknown) => {
    console.error(`Health check failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
