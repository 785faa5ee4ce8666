import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, TcpProxy, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/**
 * PostgreSQL and Redis going away under a running API (through proxies the test cuts): the API
 * answers 503 naming the dependency, never a 500 or a hang, and recovers by itself.
 */
let db: TestDatabase;
let queue: TestQueue;
let postgres: TcpProxy;
let redis: TcpProxy;
let api: RunningApi;

const createTask = () =>
  fetch(`${api.baseUrl}/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ task_type: 'default', parameters: { processing_time: 0 } }),
  });

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  postgres = await TcpProxy.start({ host: '127.0.0.1', port: Number(new URL(db.url).port || 5432) });
  redis = await TcpProxy.start({ host: '127.0.0.1', port: Number(new URL(queue.redisUrl).port || 6379) });
  api = await startApi({ DATABASE_URL: postgres.url(db.url), REDIS_URL: redis.url(queue.redisUrl), QUEUE_PREFIX: queue.prefix });
});

afterAll(async () => {
  await api?.process.stop();
  await postgres?.down();
  await redis?.down();
  await queue?.cleanUp();
  await db?.drop();
});

describe('outages', () => {
  it('answers 503 naming PostgreSQL while it is down, and serves again once it is back', async () => {
    expect((await createTask()).status).toBe(201);
    await postgres.down();

    const started = Date.now();
    const list = await fetch(`${api.baseUrl}/tasks`);
    expect(list.status).toBe(503);
    expect(await list.json()).toMatchObject({ statusCode: 503, message: expect.stringContaining('PostgreSQL') });
    expect(Date.now() - started).toBeLessThan(6_000);
    const health = await fetch(`${api.baseUrl}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: { status: 'down' }, redis: { status: 'up' } });

    await postgres.up();
    await waitFor('the API to serve again', async () => (await createTask()).status === 201);
  });

  it('answers 503 naming Redis within a second while it is down, and accepts tasks again once it is back', async () => {
    await redis.down();
    await waitFor('the API to notice', async () => (await fetch(`${api.baseUrl}/health`)).status === 503);

    const started = Date.now();
    const refused = await createTask();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ message: expect.stringContaining('Redis') });

    await redis.up();
    await waitFor('the API to accept tasks again', async () => (await createTask()).status === 201, { timeoutMs: 20_000 });
    expect((await fetch(`${api.baseUrl}/health`)).status).toBe(200);
  });
});
