import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { freePort, waitFor } from '@atropos/testing';
import type { ApiError, Health } from './platform.js';
import { Platform } from './platform.js';

/**
 * A Redis of the test's own, really killed (SIGKILL, no persistence: its data is gone) and started
 * again under a running API and worker: nothing accepted is lost, and nobody needs a restart.
 */
let port: number;
let redis: ChildProcess | undefined;
let platform: Platform;

async function startRedis(): Promise<void> {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await waitFor('redis-server to answer', async () => {
    const probe = spawn('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
    return (await new Promise((resolve) => probe.on('exit', resolve))) === 0;
  });
}

async function killRedis(): Promise<void> {
  const exited = new Promise((resolve) => redis?.on('exit', resolve));
  redis?.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  port = await freePort();
  await startRedis();
  platform = await Platform.start({ REDIS_URL: `redis://127.0.0.1:${port}`, SWEEP_INTERVAL_MS: '300', SWEEP_GRACE_MS: '200' });
  await platform.startWorker({ REDIS_URL: `redis://127.0.0.1:${port}` });
});

afterAll(async () => {
  await platform?.stop().catch(() => undefined);
  await killRedis();
});

describe('Redis killed and restarted empty', () => {
  it('refuses new tasks meanwhile, then runs every task it had accepted', async () => {
    const accepted = await Promise.all(Array.from({ length: 10 }, () => platform.createTask('default', { processing_time: 1 })));
    await killRedis();

    const health = await platform.getJson<Health>('/health');
    expect(health.status).toBe(503);
    expect(health.body.redis.status).toBe('down');
    const refused = await platform.request<ApiError>('POST', '/tasks', { task_type: 'default' });
    expect(refused.status).toBe(503);
    expect(refused.body.message).toContain('Redis');

    await startRedis();
    await waitFor(
      'the API to take tasks again',
      async () => (await platform.request('POST', '/tasks', { task_type: 'default', parameters: { processing_time: 0 } })).status === 201,
      {
        timeoutMs: 20_000,
      },
    );
    for (const task of accepted) {
      expect((await platform.waitForStatus(task.id, ['completed', 'failed'], 60_000)).status).toBe('completed');
    }
    expect((await platform.getJson<Health>('/health')).body.workers.count).toBe(1);
  });
});
