import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/**
 * The bad-input suite: hundreds of malformed requests across every route. Each must get a 4xx
 * with the error shape and a message, never a 5xx, and the API must still serve afterwards.
 */
let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;

const ID = '0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21';
const weirdValues: unknown[] = [
  null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, '', ' ', 'x'.repeat(5000),
  '\u0000', '💥', '<script>alert(1)</script>', "'; DROP TABLE tasks; --", [], [1, 2], {}, { nested: { deep: [{}] } },
];
const taskTypes = ['data_processing', 'report_generation', 'video_processing', 'default'];
const parameterNames = ['processing_time', 'fail_attempts', 'record_count', 'seed', 'title', 'sections', 'format', 'duration_s', 'fps', 'resolution', 'message', 'unknown'];

function badCreateBodies(): unknown[] {
  const bodies: unknown[] = [null, [], 'text', 42, {}, { task_type: null }, { task_type: 42 }, { task_type: 'x'.repeat(100) }];
  for (const value of weirdValues) {
    bodies.push({ task_type: value });
    bodies.push({ task_type: 'default', parameters: value === null || typeof value !== 'object' || Array.isArray(value) ? value : { value } });
    bodies.push({ task_type: 'default', priority: value });
    bodies.push({ task_type: 'default', delay_ms: value });
    bodies.push({ task_type: 'default', run_at: value });
    bodies.push({ task_type: 'default', timeout_s: value });
  }
  for (const type of taskTypes) {
    for (const name of parameterNames) {
      for (const value of [null, -1, 1e12, 'text', [], {}]) {
        bodies.push({ task_type: type, parameters: { [name]: value } });
      }
    }
  }
  return bodies;
}

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  api = await startApi({ DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix });
});

afterAll(async () => {
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('bad input', () => {
  it('never answers 5xx, always says what is wrong', async () => {
    const requests: Array<{ method: string; path: string; body?: string; contentType?: string }> = [];
    for (const body of badCreateBodies()) {
      requests.push({ method: 'POST', path: '/tasks', body: JSON.stringify(body) });
      requests.push({ method: 'POST', path: '/tasks/batch', body: JSON.stringify({ tasks: [body] }) });
    }
    for (const raw of ['{', '{"task_type":', '[1,', 'null', '"', '{"a":1}{"b":2}', '\u0000']) {
      requests.push({ method: 'POST', path: '/tasks', body: raw });
    }
    requests.push({ method: 'POST', path: '/tasks', body: 'task_type=default', contentType: 'application/x-www-form-urlencoded' });
    requests.push({ method: 'POST', path: '/tasks/batch', body: JSON.stringify({ tasks: [] }) });
    requests.push({ method: 'POST', path: '/tasks/batch', body: JSON.stringify({ tasks: 'all' }) });
    for (const id of ['x', '..%2F..%2Fetc%2Fpasswd', '1', `${ID}x`, "'%20OR%201=1", '%00', 'null']) {
      for (const suffix of ['', '/status', '/result', '/cancel', '/retry']) {
        requests.push({ method: suffix === '/cancel' || suffix === '/retry' ? 'POST' : 'GET', path: `/tasks/${id}${suffix}` });
      }
      requests.push({ method: 'DELETE', path: `/tasks/${id}` });
    }
    for (const query of [
      'limit=-1', 'limit=abc', 'limit=1e9', 'status=done', 'status=', 'status=pending,,x', 'task_type=%00', 'cursor=%%%',
      'cursor=' + 'A'.repeat(300), 'created_after=yesterday', 'created_before=2026-13-45T00:00:00Z', 'param.=1',
      'param.a%20b=1', 'result.x=%00', 'param.a=1&param.b=2&param.c=3&param.d=4&param.e=5&param.f=6', 'unknown=1', 'limit=1&limit=2',
    ]) {
      requests.push({ method: 'GET', path: `/tasks?${query}` });
    }
    requests.push({ method: 'GET', path: '/tasks/events?task_id=nope' });
    requests.push({ method: 'GET', path: `/tasks/${ID}` });

    const seen: Array<{ request: string; status: number }> = [];
    for (const request of requests) {
      const response = await fetch(`${api.baseUrl}${request.path}`, {
        method: request.method,
        headers: request.body === undefined ? {} : { 'content-type': request.contentType ?? 'application/json' },
        body: request.body,
      });
      const text = await response.text();
      seen.push({ request: `${request.method} ${request.path} ${request.body?.slice(0, 80) ?? ''}`, status: response.status });
      if (response.status >= 400) {
        const body = JSON.parse(text) as { statusCode: number; message: string };
        expect(body.statusCode).toBe(response.status);
        expect(body.message.length).toBeGreaterThan(0);
        expect(text).not.toMatch(/at .*\.(js|ts):\d+/);
      }
    }
    const serverErrors = seen.filter((entry) => entry.status >= 500);
    expect(serverErrors).toEqual([]);
    // A few generated bodies happen to be valid (e.g. title "text"); nearly all must be refused.
    expect(seen.filter((entry) => entry.status >= 400).length).toBeGreaterThan(seen.length * 0.9);
    expect(seen.length).toBeGreaterThan(500);
    expect((await fetch(`${api.baseUrl}/health`)).status).toBe(200);
    process.stdout.write(`bad-input suite: ${seen.length} requests, ${serverErrors.length} 5xx\n`);
  });
});
