import type { RunningApi, TestDatabase } from '@atropos/testing';
import { AppProcess, createTestDatabase, freePort, startApi } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/** What the API does when it is misconfigured or Redis is not there. */
describe('the API with Redis unreachable', () => {
  let db: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A port nothing listens on: Redis "down" without touching the shared Redis.
    api = await startApi({ DATABASE_URL: db.url, REDIS_URL: `redis://127.0.0.1:${await freePort()}`, QUEUE_PREFIX: 'unreachable' });
  });

  afterAll(async () => {
    await api?.process.stop();
    await db?.drop();
  });

  it('answers /health with 503 within about a second, saying Redis is down', async () => {
    const started = Date.now();
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'down', database: { status: 'up' }, redis: { status: 'down' } });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses a new task with 503 and keeps no row of it', async () => {
    const response = await fetch(`${api.baseUrl}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task_type: 'default' }),
    });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { message: string }).message).toContain('Redis');
    const rows = await db.query('SELECT id FROM tasks');
    expect(rows).toEqual([]);
  });
});

describe('configuration', () => {
  it('stops at start with a message naming each malformed setting', async () => {
    const api = AppProcess.spawn('api', { PORT: 'eighty', DATABASE_URL: 'mysql://localhost/x' });
    expect(await api.exited).toEqual({ code: 1, signal: null });
    expect(api.log).toContain('PORT');
    expect(api.log).toContain('DATABASE_URL: must be a postgres:// URL');
  });
});
