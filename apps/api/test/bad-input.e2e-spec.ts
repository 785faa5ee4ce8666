import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';

/**
 * The bad-input suite: hundreds of malformed requests across every route. Each must get a 4xx
 * with the error shape and a message, never a 5xx, and the API must still serve afterwards.
 */
let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;
/** The same API with keys, for the headers it reads only then (Authorization, X-API-Key). */
let keyed: RunningApi;
const ADMIN_KEY = 'admin-key-0123456789abcdef';

const ID = '0b9f3c3e-6a7d-4f0e-9d59-2f0c3a1e7b21';
const weirdValues: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  ' ',
  'x'.repeat(5000),
  '\u0000',
  '💥',
  '<script>alert(1)</script>',
  "'; DROP TABLE tasks; --",
  [],
  [1, 2],
  {},
  { nested: { deep: [{}] } },
];
const taskTypes = ['data_processing', 'report_generation', 'video_processing', 'default'];
const parameterNames = [
  'processing_time',
  'fail_attempts',
  'record_count',
  'seed',
  'title',
  'sections',
  'format',
  'duration_s',
  'fps',
  'resolution',
  'message',
  'unknown',
];

function badCreateBodies(): unknown[] {
  const bodies: unknown[] = [null, [], 'text', 42, {}, { task_type: null }, { task_type: 42 }, { task_type: 'x'.repeat(100) }];
  for (const value of weirdValues) {
    bodies.push({ task_type: value });
    bodies.push({
      task_type: 'default',
      parameters: value === null || typeof value !== 'object' || Array.isArray(value) ? value : { value },
    });
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
  // Every hostile key sent here is a refused authentication; the lockout after AUTH_FAILURES_PER_MINUTE
  // (hardened-edges.e2e-spec.ts) would answer the later ones 429 before their header is even read.
  keyed = await startApi({
    DATABASE_URL: db.url,
    REDIS_URL: queue.redisUrl,
    QUEUE_PREFIX: queue.prefix,
    API_KEYS: `admin:${ADMIN_KEY}`,
    AUTH_FAILURES_PER_MINUTE: '0',
  });
});

afterAll(async () => {
  await api?.process.stop();
  await keyed?.process.stop();
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
      'limit=-1',
      'limit=abc',
      'limit=1e9',
      'status=done',
      'status=',
      'status=pending,,x',
      'task_type=%00',
      'cursor=%%%',
      'cursor=' + 'A'.repeat(300),
      'created_after=yesterday',
      'created_before=2026-13-45T00:00:00Z',
      'param.=1',
      'param.a%20b=1',
      'result.x=%00',
      'param.a=1&param.b=2&param.c=3&param.d=4&param.e=5&param.f=6',
      'unknown=1',
      'limit=1&limit=2',
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

/**
 * Strings PostgreSQL cannot store, strings far too long, and nesting far too deep, in every field
 * of every route: each must be refused with a 4xx (a 400 naming the field for the unstorable
 * ones), and nothing may reach the database and fail there.
 */
const DEEP = 5_000;
const unstorable: Array<[string, string]> = [
  ['NUL', '\u0000'],
  ['NUL inside', 'a\u0000b'],
  ['lone high surrogate', '\ud800'],
  ['lone low surrogate', 'a\udfffb'],
  ['high surrogate at the end', 'ok \ud83d'],
];
const OVERLONG = 'x'.repeat(20_000);
/** Marks where the deep nesting goes: JSON.stringify could not build it (nor would anyone). */
const DEEP_MARK = '__deeply_nested__';
const deepJson = '['.repeat(DEEP) + ']'.repeat(DEEP);
const futureIso = () => new Date(Date.now() + 3_600_000).toISOString();

/** Valid bodies of every route that takes one; each leaf (and each object's keys) gets every hostile value. */
const bodyRoutes: Array<{ method: string; path: string; bases: unknown[]; taskOutput?: boolean }> = [
  {
    method: 'POST',
    path: '/tasks',
    bases: [
      { task_type: 'default', parameters: { message: 'm' }, priority: 5 },
      { task_type: 'report_generation', parameters: { title: 't', format: 'csv', sections: 2 } },
      { task_type: 'video_processing', parameters: { resolution: '720p', fps: 30 } },
      { task_type: 'echo_text', parameters: { text: 'x' } },
      { task_type: 'data_processing', parameters: { seed: 1 }, run_at: futureIso(), timeout_s: 30 },
    ],
  },
  {
    method: 'POST',
    path: '/tasks/batch',
    bases: [
      { tasks: [{ task_type: 'default' }, { task_type: 'report_generation', parameters: { title: 't', format: 'json' } }] },
      { tasks: [{ task_type: 'default' }, { task_type: 'default', parameters: { message: 'm' }, delay_ms: 1000 }] },
    ],
  },
  {
    method: 'POST',
    path: '/tasks/bulk',
    bases: [
      {
        action: 'retry',
        filter: { status: 'failed', task_type: 'default', 'label.project': 'beta', 'param.seed': '1' },
        ids: [ID],
        dry_run: true,
      },
    ],
  },
  { method: 'POST', path: `/tasks/${ID}/retry`, bases: [{ parameters: { message: 'm' }, mode: 'merge' }] },
  { method: 'POST', path: '/workflows/sales-report/runs', bases: [{ input: { title: 'Daily', sections: 2, extra: { nested: ['a'] } } }] },
  { method: 'POST', path: `/workflow-runs/${ID}/resume`, bases: [{ parameters: { title: 't', fail_attempts: 0 } }] },
  { method: 'POST', path: `/workflow-runs/${ID}/rerun`, bases: [{ from_step: 'report', parameters: { title: 't' } }] },
  { method: 'POST', path: `/workflow-runs/${ID}/steps/report/approve`, bases: [{ payload: { amount: 'a' }, comment: 'ok' }] },
  { method: 'POST', path: `/workflow-runs/${ID}/steps/report/reject`, bases: [{ comment: 'no' }] },
  {
    method: 'PUT',
    path: '/workflows/hostile-flow',
    bases: [{ description: 'd', steps: [{ name: 'one', task_type: 'default', parameters: { message: 'm ${input.x}' } }] }],
  },
  { method: 'POST', path: '/worker/claims', bases: [{ worker_id: 'w', types: ['word_count'], wait_s: 0 }] },
  {
    method: 'POST',
    path: '/schedules',
    bases: [
      {
        name: 'nightly',
        cron: '0 3 * * *',
        timezone: 'Europe/Berlin',
        task_type: 'default',
        parameters: { message: 'm' },
        priority: 5,
        overlap: 'skip',
        catch_up: 'none',
        enabled: true,
      },
    ],
  },
  {
    method: 'PUT',
    path: `/schedules/${ID}`,
    bases: [
      {
        name: 'nightly',
        cron: '0 3 * * *',
        timezone: 'Europe/Berlin',
        task_type: 'default',
        parameters: { message: 'm' },
        priority: 5,
        overlap: 'skip',
        catch_up: 'none',
        enabled: true,
      },
    ],
  },
  { method: 'PATCH', path: `/schedules/${ID}`, bases: [{ cron: '*/5 * * * *', parameters: { message: 'm' } }] },
  // What a worker in another language produced is stored with U+FFFD in place, not refused (as a
  // handler's output is): these answer 404 here, there being no such task, and never a 5xx.
  { method: 'POST', path: `/worker/tasks/${ID}/progress`, bases: [{ attempt: 1, progress: 5, message: 'm' }], taskOutput: true },
  { method: 'POST', path: `/worker/tasks/${ID}/complete`, bases: [{ attempt: 1, result: { text: 't' }, message: 'm' }], taskOutput: true },
  { method: 'POST', path: `/worker/tasks/${ID}/fail`, bases: [{ attempt: 1, error: 'e', retryable: true }], taskOutput: true },
];

interface Leaf {
  path: string[];
  /** The body with `value` at this leaf. */
  with(value: unknown): unknown;
}

function leavesOf(value: unknown, path: string[] = [], rebuild: (v: unknown) => unknown = (v) => v): Leaf[] {
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.flatMap(([key, child]) =>
      leavesOf(child, [...path, key], (replacement) =>
        rebuild(
          Array.isArray(value)
            ? value.map((item: unknown, index) => (String(index) === key ? replacement : item))
            : { ...value, [key]: replacement },
        ),
      ),
    );
  }
  return [{ path, with: rebuild }];
}

/** Each object of `value` with one more key, by the path of that object. */
function objectsOf(value: unknown, path: string[] = [], rebuild: (v: unknown) => unknown = (v) => v): Leaf[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const here: Leaf = { path, with: (extra) => rebuild({ ...value, ...(extra as object) }) };
  return [
    here,
    ...Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
      objectsOf(child, [...path, key], (replacement) => rebuild({ ...value, [key]: replacement })),
    ),
  ];
}

interface Probe {
  method: string;
  path: string;
  body?: string;
  /** The field the 400 must name; undefined: any 4xx will do. */
  field?: string;
}

function hostileBodies(): Probe[] {
  const probes: Probe[] = [];
  for (const route of bodyRoutes) {
    for (const base of route.bases) {
      for (const leaf of leavesOf(base)) {
        const field = leaf.path.join('.');
        for (const [, value] of unstorable) {
          probes.push({ ...route, body: JSON.stringify(leaf.with(value)), field: route.taskOutput ? undefined : field });
          probes.push({
            ...route,
            body: JSON.stringify(leaf.with({ inner: [value] })),
            field: route.taskOutput ? undefined : `${field}.inner.0`,
          });
        }
        probes.push({ ...route, body: JSON.stringify(leaf.with(OVERLONG)) });
        probes.push({ ...route, body: JSON.stringify(leaf.with(DEEP_MARK)).replace(`"${DEEP_MARK}"`, deepJson) });
      }
      for (const object of objectsOf(base)) {
        for (const [, value] of unstorable) {
          const field = route.taskOutput ? undefined : object.path.join('.') || 'body';
          probes.push({ ...route, body: JSON.stringify(object.with({ [`k${value}`]: 1 })), field });
        }
        probes.push({ ...route, body: JSON.stringify(object.with({ [OVERLONG]: 1 })) });
      }
    }
  }
  return probes;
}

/** Percent-encoded hostile query and path values: those Node and Express decode to what they stand for. */
const encodedUnstorable = ['%00', 'a%00b', '%22%5Cu0000%22', '%22%5Cud800%22', '%22a%5Cudfffb%22'];
/** Bytes of a UTF-16 surrogate encoded as UTF-8 (invalid): decoded to U+FFFD, which is storable. */
const encodedSurrogateBytes = '%ED%A0%80';
const longValue = 'x'.repeat(4_000);

function hostileQueries(): Array<Probe & { mayAccept?: boolean }> {
  const probes: Array<Probe & { mayAccept?: boolean }> = [];
  const routes: Array<[string, string[]]> = [
    [
      '/tasks',
      ['status', 'task_type', 'created_after', 'created_before', 'workflow_run_id', 'limit', 'cursor', 'param.seed', 'result.format'],
    ],
    ['/workflow-runs', ['status', 'workflow', 'limit', 'cursor']],
    ['/tasks/events', ['task_id']],
    [`/tasks/${ID}/logs`, ['attempt', 'level', 'cursor', 'limit']],
    [`/tasks/${ID}/logs/stream`, ['attempt', 'level', 'after']],
    // Takes no query: what is storable is ignored (200), what is not is refused all the same.
    ['/schedules', ['anything']],
  ];
  for (const [path, keys] of routes) {
    for (const key of keys) {
      const jsonFilter = key.startsWith('param.') || key.startsWith('result.');
      for (const value of encodedUnstorable) {
        // A quoted JSON string is read as JSON only by the param.* and result.* filters: elsewhere
        // `"\u0000"` is six plain characters, which a free-text filter (workflow) may accept.
        const plainText = value.startsWith('%22') && !jsonFilter;
        const ignoredQuery = path === '/schedules';
        probes.push({
          method: 'GET',
          path: `${path}?${key}=${value}`,
          field: plainText ? undefined : key,
          mayAccept: plainText || ignoredQuery,
        });
      }
      const ignored = path === '/schedules';
      probes.push({
        method: 'GET',
        path: `${path}?${key}=${encodedSurrogateBytes}`,
        mayAccept: key === 'workflow' || jsonFilter || ignored,
      });
      probes.push({ method: 'GET', path: `${path}?${key}=${longValue}`, mayAccept: ignored });
    }
    for (const key of ['%00', 'a%00b', 'param.%00', 'param.a%00', 'result.%ED%A0%80', longValue, `param.${longValue}`]) {
      probes.push({ method: 'GET', path: `${path}?${key}=1`, mayAccept: path === '/schedules' && !key.includes('%00') });
    }
  }
  return probes;
}

function hostilePaths(): Probe[] {
  const probes: Probe[] = [];
  for (const value of [...encodedUnstorable.slice(0, 2), encodedSurrogateBytes, '%22%5Cud800%22', longValue]) {
    const field = value.includes('%00') ? 'id' : undefined;
    for (const suffix of ['', '/status', '/result']) probes.push({ method: 'GET', path: `/tasks/${value}${suffix}`, field });
    for (const suffix of ['/cancel', '/retry']) probes.push({ method: 'POST', path: `/tasks/${value}${suffix}`, field });
    probes.push({ method: 'DELETE', path: `/tasks/${value}`, field });
    probes.push({ method: 'GET', path: `/tasks/${ID}/artifacts/${value}`, field: value.includes('%00') ? 'name' : undefined });
    probes.push({ method: 'GET', path: `/tasks/${value}/artifacts/a.txt`, field });
    probes.push({ method: 'POST', path: `/workflows/${value}/runs`, body: '{}', field: value.includes('%00') ? 'name' : undefined });
    probes.push({ method: 'GET', path: `/workflow-runs/${value}`, field });
    for (const action of ['pause', 'resume', 'cancel', 'rerun'])
      probes.push({ method: 'POST', path: `/workflow-runs/${value}/${action}`, field });
    for (const action of ['approve', 'reject']) {
      probes.push({ method: 'POST', path: `/workflow-runs/${ID}/steps/${value}/${action}`, field: field && 'step' });
      probes.push({ method: 'POST', path: `/workflow-runs/${value}/steps/report/${action}`, field });
    }
    probes.push({ method: 'PUT', path: `/workflows/${value}`, body: '{"steps":[]}', field: field && 'name' });
    probes.push({ method: 'GET', path: `/workflows/${value}/versions`, field: field && 'name' });
    for (const action of ['heartbeat', 'progress', 'complete', 'fail']) {
      probes.push({ method: 'POST', path: `/worker/tasks/${value}/${action}`, body: '{"attempt":1}', field });
    }
    probes.push({ method: 'GET', path: `/tasks/${value}/logs`, field });
    probes.push({ method: 'GET', path: `/schedules/${value}`, field });
    probes.push({ method: 'DELETE', path: `/schedules/${value}`, field });
    probes.push({ method: 'PATCH', path: `/schedules/${value}`, body: '{}', field });
    for (const action of ['pause', 'resume', 'trigger']) probes.push({ method: 'POST', path: `/schedules/${value}/${action}`, field });
  }
  return probes;
}

/** A request written byte for byte on a socket: fetch refuses to send a NUL or a non-Latin-1 header. */
function rawRequest(base: string, head: Buffer, body = ''): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
      resolve({ status, text: raw.slice(raw.indexOf('\r\n\r\n') + 4) });
    });
    socket.end(Buffer.concat([head, Buffer.from(body)]));
  });
}

function headerRequest(
  base: string,
  header: string,
  value: Buffer,
  method = 'POST',
  path = '/tasks',
): Promise<{ status: number; text: string }> {
  const body = method === 'POST' ? JSON.stringify({ task_type: 'default' }) : '';
  const head = Buffer.concat([
    Buffer.from(
      `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n${header}: `,
    ),
    value,
    Buffer.from('\r\n\r\n'),
  ]);
  return rawRequest(base, head, body);
}

/** Checks one answer: a 4xx (or a 2xx where allowed) in the error shape, naming the field when one is expected. */
function expectRefused(request: string, status: number, text: string, field?: string, mayAccept = false): void {
  const context = `${request} answered ${status}: ${text.slice(0, 300)}`;
  expect({ context, serverError: status >= 500 }).toEqual({ context, serverError: false });
  if (mayAccept && status < 300) return;
  expect({ context, clientError: status >= 400 && status < 500 }).toEqual({ context, clientError: true });
  const body = JSON.parse(text) as { statusCode: number; message: string; details?: Array<{ field: string }> };
  expect(body.statusCode).toBe(status);
  expect(body.message.length).toBeGreaterThan(0);
  expect(text).not.toMatch(/at .*\.(js|ts):\d+/);
  if (field !== undefined) {
    expect({ context, fields: (body.details ?? []).map((detail) => detail.field) }).toEqual({
      context,
      fields: expect.arrayContaining([field]),
    });
  }
}

describe('hostile strings', () => {
  it('are refused with a 4xx naming the field in every body, query and path, and nothing reaches the database', async () => {
    const [before] = await db.query<{ tasks: string; runs: string; schedules: string; workflows: string }>(
      'SELECT (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM workflow_runs) AS runs, (SELECT count(*) FROM schedules) AS schedules, (SELECT count(*) FROM workflow_definitions) AS workflows',
    );
    const probes: Array<Probe & { mayAccept?: boolean }> = [...hostileBodies(), ...hostileQueries(), ...hostilePaths()];
    let count = 0;
    for (const probe of probes) {
      const abort = new AbortController();
      const response = await fetch(`${api.baseUrl}${probe.path}`, {
        method: probe.method,
        headers: probe.body === undefined ? {} : { 'content-type': 'application/json' },
        body: probe.body,
        signal: abort.signal,
      });
      // An event stream that was accepted never ends: what matters is its status.
      const text = response.headers.get('content-type')?.includes('text/event-stream') ? (abort.abort(), '') : await response.text();
      expectRefused(
        `${probe.method} ${probe.path.slice(0, 120)} ${probe.body?.slice(0, 120) ?? ''}`,
        response.status,
        text,
        probe.field,
        probe.mayAccept,
      );
      count++;
    }
    const [after] = await db.query<{ tasks: string; runs: string; schedules: string; workflows: string }>(
      'SELECT (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM workflow_runs) AS runs, (SELECT count(*) FROM schedules) AS schedules, (SELECT count(*) FROM workflow_definitions) AS workflows',
    );
    expect(after).toEqual(before);
    // No statement failed in PostgreSQL, and nothing unexpected happened in the API.
    expect(api.process.log).not.toContain('query failed');
    expect(api.process.log).not.toContain('Internal server error');
    expect(count).toBeGreaterThan(1_000);
    process.stdout.write(`hostile strings: ${count} requests, 0 5xx\n`);
  });

  it('are refused in the headers the API reads, byte for byte as a client could send them', async () => {
    const values: Array<[string, Buffer]> = [
      ['NUL', Buffer.from('a\u0000b', 'latin1')],
      ['UTF-8 of a lone surrogate', Buffer.from([0x61, 0xed, 0xa0, 0x80])],
      ['Latin-1 bytes', Buffer.from('caf\u00e9', 'latin1')],
      ['a line break', Buffer.from('a\rb', 'latin1')],
      ['overlong', Buffer.from('x'.repeat(10_000))],
      ['far too long', Buffer.from('x'.repeat(100_000))],
    ];
    let count = 0;
    for (const [name, value] of values) {
      for (const path of ['/tasks', '/tasks/batch']) {
        const answer = await headerRequest(api.baseUrl, 'Idempotency-Key', value, 'POST', path);
        expectRefused(`Idempotency-Key with ${name} on ${path}`, answer.status, answer.text);
        count++;
      }
      for (const header of ['Authorization', 'X-API-Key']) {
        const sent = header === 'Authorization' ? Buffer.concat([Buffer.from('Bearer '), value]) : value;
        const answer = await headerRequest(keyed.baseUrl, header, sent, 'GET', '/tasks');
        expectRefused(`${header} with ${name}`, answer.status, answer.text);
        count++;
      }
    }
    // The valid key still works, and nothing was created by the refused requests.
    expect((await fetch(`${keyed.baseUrl}/tasks`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).status).toBe(200);
    process.stdout.write(`hostile headers: ${count} requests, 0 5xx\n`);
  });
});
