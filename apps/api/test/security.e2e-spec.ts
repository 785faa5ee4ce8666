import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/** API keys with scopes, a rate limit shared by replicas, CORS, and limits on what a request may carry. */
const ADMIN = 'admin-key-0123456789abcdef';
const WRITE = 'write-key-0123456789abcdef';
const READ = 'read-key-0123456789abcdef';

let db: TestDatabase;
let queue: TestQueue;
let secured: RunningApi;
let limited: RunningApi[];

const call = (api: RunningApi, method: string, path: string, key?: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${api.baseUrl}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  const env = { DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix };
  secured = await startApi({
    ...env,
    // The admin key is of another tenant: its tasks have their own count.
    API_KEYS: `admin@ops:${ADMIN},write:${WRITE},read:${READ}`,
    CORS_ORIGINS: 'https://tasks.example.com',
    MAX_OPEN_TASKS_PER_TENANT: '3',
    SSE_MAX_CONNECTIONS: '3',
    SSE_MAX_CONNECTIONS_PER_KEY: '2',
  });
  // Two replicas sharing one limit of 5 requests a minute.
  limited = [];
  for (let i = 0; i < 2; i++) limited.push(await startApi({ ...env, RATE_LIMIT_PER_MINUTE: '5' }));
});

afterAll(async () => {
  await secured?.process.stop();
  for (const api of limited ?? []) await api.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('API keys', () => {
  it('leaves /health open and asks every other route for a key', async () => {
    expect((await call(secured, 'GET', '/health')).status).toBe(200);
    const missing = await call(secured, 'GET', '/tasks');
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { message: string }).message).toContain('Authorization: Bearer');
    expect((await call(secured, 'GET', '/tasks', 'not-a-key-0123456789')).status).toBe(401);
  });

  it('lets each scope do what it allows, by Bearer or X-API-Key', async () => {
    expect((await call(secured, 'GET', '/tasks', READ)).status).toBe(200);
    expect((await call(secured, 'GET', '/tasks', undefined, undefined, { 'x-api-key': READ })).status).toBe(200);
    const readCannotWrite = await call(secured, 'POST', '/tasks', READ, { task_type: 'default' });
    expect(readCannotWrite.status).toBe(403);
    expect(((await readCannotWrite.json()) as { message: string }).message).toContain('write scope');
    expect((await call(secured, 'POST', '/tasks', WRITE, { task_type: 'default' })).status).toBe(201);
    expect((await call(secured, 'POST', '/queue/pause', WRITE)).status).toBe(403);
    expect((await call(secured, 'POST', '/queue/pause', ADMIN)).status).toBe(200);
    expect((await call(secured, 'POST', '/queue/resume', ADMIN)).status).toBe(200);
  });
});

describe('open tasks per tenant', () => {
  it('refuses a tenant more unfinished tasks than MAX_OPEN_TASKS_PER_TENANT (429), counting only its own', async () => {
    await call(secured, 'POST', '/queue/flush', ADMIN);
    expect(
      (await call(secured, 'POST', '/tasks/batch', WRITE, { tasks: [{ task_type: 'default' }, { task_type: 'default' }] })).status,
    ).toBe(201);
    const overBatch = await call(secured, 'POST', '/tasks/batch', WRITE, { tasks: [{ task_type: 'default' }, { task_type: 'default' }] });
    expect(overBatch.status).toBe(429);
    expect(((await overBatch.json()) as { message: string }).message).toContain('at most 3');
    expect((await call(secured, 'POST', '/tasks', WRITE, { task_type: 'default' })).status).toBe(201);
    expect((await call(secured, 'POST', '/tasks', WRITE, { task_type: 'default' })).status).toBe(429);
    // Another tenant has its own count; a finished task frees a place.
    expect((await call(secured, 'POST', '/tasks', ADMIN, { task_type: 'default' })).status).toBe(201);
    await call(secured, 'POST', '/queue/flush', ADMIN);
    expect((await call(secured, 'POST', '/tasks', WRITE, { task_type: 'default' })).status).toBe(201);
    await call(secured, 'POST', '/queue/flush', ADMIN);
  });

  it('counts the step tasks of a workflow run against the tenant that started it, and refuses it a run at the cap', async () => {
    await call(secured, 'POST', '/queue/flush', ADMIN);
    // No worker runs here: the first step's task stays pending, one open task of the WRITE key.
    const input = { input: { title: 'Daily', sections: 2 } };
    const started = await call(secured, 'POST', '/workflows/sales-report/runs', WRITE, input);
    expect(started.status).toBe(201);
    const run = (await started.json()) as { id: string };
    type Owner = { api_key_id: string | null; tenant: string };
    const [step] = await db.query<Owner>(`SELECT api_key_id, tenant FROM tasks WHERE workflow_run_id = $1`, [run.id]);
    const [starter] = await db.query<Owner>(`SELECT api_key_id, tenant FROM workflow_runs WHERE id = $1`, [run.id]);
    expect(step!.api_key_id).toEqual(expect.any(String));
    expect(starter).toEqual(step);
    expect(step!.tenant).toBe('default');

    expect(
      (await call(secured, 'POST', '/tasks/batch', WRITE, { tasks: [{ task_type: 'default' }, { task_type: 'default' }] })).status,
    ).toBe(201);
    const refused = await call(secured, 'POST', '/workflows/sales-report/runs', WRITE, input);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { message: string }).message).toContain('at most 3');
    expect((await call(secured, 'POST', '/tasks', WRITE, { task_type: 'default' })).status).toBe(429);
    const runs = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM workflow_runs`);
    expect(runs[0]!.n).toBe(1);
    // Another tenant has its own count.
    expect((await call(secured, 'POST', '/workflows/sales-report/runs', ADMIN, input)).status).toBe(201);
    await call(secured, 'POST', '/queue/flush', ADMIN);
  });
});

describe('requests', () => {
  it('refuses a body over the size limit (413) and parameters over 16 KB (400)', async () => {
    const huge = JSON.stringify({ task_type: 'default', parameters: { message: 'x'.repeat(2 * 1024 * 1024) } });
    const tooLarge = await call(secured, 'POST', '/tasks', WRITE, huge);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ statusCode: 413, message: expect.stringContaining('too large') });

    const bigParameters = await call(secured, 'POST', '/tasks', WRITE, {
      task_type: 'default',
      parameters: { message: 'x'.repeat(17_000) },
    });
    expect(bigParameters.status).toBe(400);
    expect(((await bigParameters.json()) as { message: string }).message).toContain('parameters');
  });

  it('rejects __proto__ and other unknown parameters instead of merging them', async () => {
    const response = await call(secured, 'POST', '/tasks', WRITE, '{"task_type": "default", "parameters": {"__proto__": {"admin": true}}}');
    expect(response.status).toBe(400);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('answers CORS preflights only for the listed origins, sends security headers and hides the framework', async () => {
    const allowed = await call(secured, 'OPTIONS', '/tasks', undefined, undefined, {
      origin: 'https://tasks.example.com',
      'access-control-request-method': 'POST',
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://tasks.example.com');
    const other = await call(secured, 'OPTIONS', '/tasks', undefined, undefined, {
      origin: 'https://evil.example.com',
      'access-control-request-method': 'POST',
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const health = await call(secured, 'GET', '/health');
    expect(health.headers.get('x-powered-by')).toBeNull();
    // JSON answers: OWASP's REST set
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('x-frame-options')).toBe('DENY');
    expect(health.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    // Swagger UI: helmet's page headers, its CSP letting the UI's own scripts run
    const docs = await call(secured, 'GET', '/docs');
    expect(docs.headers.get('x-powered-by')).toBeNull();
    expect(docs.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(docs.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });
});

describe('event streams', () => {
  it('caps the open streams per API key and in all (429), and frees a slot when a client leaves', async () => {
    const open: AbortController[] = [];
    const stream = async (key: string) => {
      const abort = new AbortController();
      const response = await fetch(`${secured.baseUrl}/tasks/events`, {
        headers: { authorization: `Bearer ${key}` },
        signal: abort.signal,
      });
      if (response.status === 200) {
        open.push(abort);
        return { status: 200, body: null };
      }
      return { status: response.status, body: (await response.json()) as { message: string } };
    };
    try {
      expect((await stream(READ)).status).toBe(200);
      expect((await stream(READ)).status).toBe(200);
      const perKey = await stream(READ);
      expect(perKey.status).toBe(429);
      expect(perKey.body?.message).toContain('SSE_MAX_CONNECTIONS_PER_KEY');
      expect((await stream(WRITE)).status).toBe(200);
      const total = await stream(ADMIN);
      expect(total.status).toBe(429);
      expect(total.body?.message).toContain('SSE_MAX_CONNECTIONS');
      open.shift()!.abort();
      await waitFor('the closed stream to free its slot', async () => (await stream(READ)).status === 200);
    } finally {
      for (const abort of open) abort.abort();
    }
  });
});

describe('rate limit', () => {
  it('counts across replicas and answers 429 with Retry-After past the limit', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await call(limited[i % 2]!, 'GET', '/task-types'));
    expect(answers.slice(0, 5).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    const refused = answers[5]!;
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { message: string }).message).toContain('at most 5 a minute');
  });
});
