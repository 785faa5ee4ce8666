import { describe, expect, it } from '@jest/globals';
import { resolveWorkerConfig, WorkerConfigError } from './worker-config.js';

describe('resolveWorkerConfig', () => {
  it('fills every option left out from its environment variable, else its default', () => {
    const config = resolveWorkerConfig(
      { concurrency: 2 },
      { REDIS_URL: 'redis://cache:6380', QUEUE_PREFIX: 'staging', WORKER_CONCURRENCY: '9', SHUTDOWN_GRACE_MS: '100' },
    );
    expect(config).toMatchObject({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/atropos',
      redisUrl: 'redis://cache:6380',
      queuePrefix: 'staging',
      concurrency: 2,
      shutdownGraceMs: 100,
      heartbeatIntervalMs: 5000,
      queue: undefined,
    });
    expect(config.workerId).toMatch(/:\d+$/);
  });

  it('names each bad option, and the variable when it came from the environment', () => {
    const resolve = () => resolveWorkerConfig({ concurrency: 0, databaseUrl: 'mysql://db' }, { HEARTBEAT_INTERVAL_MS: 'soon' });
    expect(resolve).toThrow(WorkerConfigError);
    expect(resolve).toThrow(/concurrency: .*>=1/);
    expect(resolve).toThrow('databaseUrl: must be a postgres:// URL');
    expect(resolve).toThrow('HEARTBEAT_INTERVAL_MS (from the environment):');
  });

  it('reads the queues to serve from the option or WORKER_QUEUES, every queue when neither says', () => {
    expect(resolveWorkerConfig({}, {}).queues).toBeUndefined();
    expect(resolveWorkerConfig({}, { WORKER_QUEUES: 'video, default' }).queues).toEqual(['video', 'default']);
    expect(resolveWorkerConfig({ queues: ['video'] }, { WORKER_QUEUES: 'default' }).queues).toEqual(['video']);
    expect(() => resolveWorkerConfig({ queues: ['Big Machines'] }, {})).toThrow(/queues: must be 1-63 characters/);
  });
});
