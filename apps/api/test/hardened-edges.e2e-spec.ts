import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/** What an API with keys tells and allows a caller without one: guessing is throttled, /health says little. */
const READ = 'edges-read-key-0123456789abcdef';

let db: TestDatabase;
let queue: TestQueue;
/** AUTH_FAILURES_PER_MINUTE=3, no general rate limit. */
let throttled: RunningApi;
/** RATE_LIMIT_PER_MINUTE=3 and no failure limit: refused authentications count as requests. */
let limited: RunningApi;

const get = (api: RunningApi, path: string, key?: string) =>
  fetch(`${api.baseUrl}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

/** The counts are per minute: start a test's burst early in a minute, so that it cannot straddle two. */
async function freshMinute(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  const env = { DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, API_KEYS: `read:${READ}` };
  throttled = await startApi({ ...env, QUEUE_PREFIX: `${queue.prefix}-a`, AUTH_FAILURES_PER_MINUTE: '3' });
  limited = await startApi({ ...env, QUEUE_PREFIX: `${queue.prefix}-b`, AUTH_FAILURES_PER_MINUTE: '0', RATE_LIMIT_PER_MINUTE: '3' });
}, 60_000);

afterAll(async () => {
  await throttled?.process.stop();
  await limited?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('refused authentications', () => {
  it('lock an address out after AUTH_FAILURES_PER_MINUTE wrong keys, the right key too, until the minute ends', async () => {
    await freshMinute();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(throttled, '/tasks', `wrong-key-${i}-0123456789abcdef`)).status);
    expect(statuses).toEqual([401, 401, 401]);
    const locked = await get(throttled, '/tasks', 'wrong-key-3-0123456789abcdef');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await locked.json()) as { message: string }).message).toContain('3 failed authentications a minute');
    // A guess that happened to be right gains nothing now.
    expect((await get(throttled, '/tasks', READ)).status).toBe(429);
    // Public routes stay open.
    expect((await get(throttled, '/health')).status).toBe(200);
  });

  it('count towards RATE_LIMIT_PER_MINUTE like any request of the address', async () => {
    await freshMinute();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(limited, '/tasks')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // A valid key is counted on its own.
    expect((await get(limited, '/tasks', READ)).status).toBe(200);
  });
});

describe('GET /health', () => {
  it('tells a caller without a key only up, degraded or down', async () => {
    const response = await get(throttled, '/health');
    // No worker runs here: degraded.
    expect(await response.json()).toEqual({ status: 'degraded' });
  });

  it('gives the details to a caller with a key', async () => {
    const report = (await (await get(limited, '/health', READ)).json()) as Record<string, unknown>;
    expect(report).toMatchObject({ status: 'degraded', database: { status: 'up' }, redis: { status: 'up' }, workers: { count: 0 } });
  });
});
