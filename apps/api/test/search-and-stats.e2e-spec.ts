import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, waitFor } from '@atropos/testing';
import { TASK_STATUSES, TASK_TYPE_NAMES } from '@atropos/tasks';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';

/**
 * GET /tasks filters and GET /tasks/stats, on rows written straight into the table so that
 * statuses, results and timestamps are exactly what each test needs. The list tests keep apart
 * by giving their rows creation times in a window of their own; the stats tests use task types
 * of their own (the table accepts any type) and completion times no other test uses.
 */
let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;

const get = (path: string) => fetch(`${api.baseUrl}${path}`);

interface Page {
  data: Array<{ id: string; status: string; parameters: Record<string, unknown>; result: unknown }>;
  next_cursor: string | null;
}

const list = async (query: string): Promise<Page> => {
  const response = await get(`/tasks?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
};

interface Row {
  task_type?: string;
  status?: string;
  parameters?: Record<string, unknown>;
  result?: unknown;
  /** ISO time; now() when left out. */
  created_at?: string;
  /** Interval before now(), e.g. '5 minutes'. */
  started_ago?: string;
  completed_ago?: string;
}

async function insert(row: Row): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO tasks (id, task_type, status, parameters, result, created_at, started_at, completed_at)
     VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()), now() - $7::interval, now() - $8::interval)`,
    [
      id,
      row.task_type ?? 'default',
      row.status ?? 'pending',
      JSON.stringify(row.parameters ?? {}),
      row.result === undefined ? null : JSON.stringify(row.result),
      row.created_at ?? null,
      row.started_ago ?? null,
      row.completed_ago ?? null,
    ],
  );
  return id;
}

/** A creation-time window of its own for one test: `at(n)` is its n-th second. */
function window(year: number) {
  const start = Date.UTC(year, 0, 1);
  const at = (second: number) => new Date(start + second * 1000).toISOString();
  return { at, query: `created_after=${at(0)}&created_before=${at(3600)}` };
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

describe('GET /tasks filters', () => {
  it('filters by several statuses at once, and still by one', async () => {
    const w = window(2001);
    const pending = await insert({ status: 'pending', created_at: w.at(1) });
    const retrying = await insert({ status: 'retrying', created_at: w.at(2) });
    const processing = await insert({ status: 'processing', created_at: w.at(3) });
    await insert({ status: 'completed', created_at: w.at(4), completed_ago: '2 days' });

    const several = await list(`status=pending,retrying&${w.query}`);
    expect(several.data.map((task) => task.id)).toEqual([retrying, pending]);

    const one = await list(`status=processing&${w.query}`);
    expect(one.data.map((task) => task.id)).toEqual([processing]);

    const all = await list(`status=${TASK_STATUSES.join(',')}&${w.query}`);
    expect(all.data).toHaveLength(4);
  });

  it('takes created_after as inclusive and created_before as exclusive', async () => {
    const w = window(2002);
    const first = await insert({ created_at: w.at(10) });
    const second = await insert({ created_at: w.at(20) });
    await insert({ created_at: w.at(30) });

    const page = await list(`created_after=${w.at(10)}&created_before=${w.at(30)}`);
    expect(page.data.map((task) => task.id)).toEqual([second, first]);
    const after = await list(`created_after=${w.at(20)}&created_before=${w.at(3600)}`);
    expect(after.data).toHaveLength(2);
    // Any zone: 00:00:20 UTC written as 01:00:20+01:00.
    const zoned = w.at(20).replace('T00:', 'T01:').replace('Z', '%2B01:00');
    expect((await list(`created_after=${zoned}&created_before=${w.at(3600)}`)).data).toHaveLength(2);
  });

  it('matches param.<key> on the parameters by containment, reading JSON scalars as such', async () => {
    const w = window(2003);
    const seed42 = await insert({ parameters: { seed: 42, format: 'csv', fast: true, note: null }, created_at: w.at(1) });
    const seedText = await insert({ parameters: { seed: '42', format: 'csv', fast: false }, created_at: w.at(2) });
    const other = await insert({ parameters: { seed: 7, format: 'json', nested: { seed: 42 } }, created_at: w.at(3) });

    const ids = async (filter: string) => (await list(`${filter}&${w.query}`)).data.map((task) => task.id);
    expect(await ids('param.seed=42')).toEqual([seed42]);
    expect(await ids('param.seed=%2242%22')).toEqual([seedText]);
    expect(await ids('param.format=csv')).toEqual([seedText, seed42]);
    expect(await ids('param.fast=true')).toEqual([seed42]);
    expect(await ids('param.fast=false')).toEqual([seedText]);
    expect(await ids('param.note=null')).toEqual([seed42]);
    expect(await ids('param.format=json&param.seed=7')).toEqual([other]);
    expect(await ids('param.format=csv&param.seed=7')).toEqual([]);
    // Top-level keys only: the nested seed does not match.
    expect(await ids('param.seed=42&param.format=json')).toEqual([]);
    expect(await ids('param.format=csv&status=pending')).toEqual([seedText, seed42]);
  });

  it('matches result.<key> on the result, and combines with param.* and status', async () => {
    const w = window(2004);
    const csv = await insert({
      status: 'completed',
      parameters: { format: 'csv' },
      result: { content_type: 'text/csv', sections: 3 },
      created_at: w.at(1),
      completed_ago: '2 days',
    });
    await insert({
      status: 'completed',
      parameters: { format: 'markdown' },
      result: { content_type: 'text/markdown', sections: 3 },
      created_at: w.at(2),
      completed_ago: '2 days',
    });
    await insert({ status: 'pending', parameters: { format: 'csv' }, created_at: w.at(3) });

    const ids = async (filter: string) => (await list(`${filter}&${w.query}`)).data.map((task) => task.id);
    expect(await ids('result.content_type=text/csv')).toEqual([csv]);
    expect(await ids('result.sections=3')).toHaveLength(2);
    expect(await ids('result.sections=3&param.format=csv&status=completed,failed')).toEqual([csv]);
    expect(await ids('result.sections=4')).toEqual([]);
  });

  it('pages through filtered results with the cursor, without gaps or repeats', async () => {
    const w = window(2005);
    const matching: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const id = await insert({
        status: i % 2 === 0 ? 'pending' : 'retrying',
        parameters: { batch: 'b1', i },
        created_at: w.at(10 + i),
      });
      matching.push(id);
      await insert({ status: 'pending', parameters: { batch: 'b2' }, created_at: w.at(10 + i) });
      await insert({ status: 'processing', parameters: { batch: 'b1' }, created_at: w.at(10 + i) });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await list(`status=pending,retrying&param.batch=b1&${w.query}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.data.map((task) => task.id));
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...matching].reverse());
  });

  it('answers 400 naming the field for bad filter values and unknown keys', async () => {
    const cases: Array<[string, string]> = [
      ['status=pending,done', 'status'],
      ['status=', 'status'],
      ['status=pending&status=failed', 'status'],
      ['created_after=yesterday', 'created_after'],
      ['created_before=2026-11-23', 'created_before'],
      ['created_after=2026-01-02T00:00:00Z&created_before=2026-01-01T00:00:00Z', 'created_before'],
      ['param.bad%20key=1', 'param.bad key'],
      ['param.=1', 'param.'],
      [`result.${'k'.repeat(65)}=1`, `result.${'k'.repeat(65)}`],
      ['param.seed=1&param.seed=2', 'param.seed'],
      ['param.note=a%00b', 'param.note'],
      ['params.seed=1', 'params.seed'],
      ['colour=red', 'colour'],
      ['param.a=1&param.b=2&param.c=3&result.d=4&result.e=5&result.f=6', 'result.f'],
    ];
    for (const [query, field] of cases) {
      const response = await get(`/tasks?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      const body = (await response.json()) as { message: string; details: Array<{ field: string }> };
      expect({ query, fields: body.details.map((problem) => problem.field) }).toEqual({ query, fields: [field] });
      expect(body.message).toContain(field);
    }
    // Five JSON filters are allowed.
    const five = await get('/tasks?param.a=1&param.b=2&param.c=3&result.d=4&result.e=5');
    expect(five.status).toBe(200);
  });

  it('has GIN indexes the containment filters can use, and a partial index on completed_at covering the stats windows', async () => {
    const indexes = await db.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'tasks'`,
    );
    const byName = Object.fromEntries(indexes.map((index) => [index.indexname, index.indexdef]));
    expect(byName.tasks_parameters_idx).toContain('USING gin (parameters jsonb_path_ops)');
    expect(byName.tasks_result_idx).toContain('USING gin (result jsonb_path_ops)');
    // With the columns the stats windows read of a finished task, so an index-only scan answers them.
    expect(byName.tasks_completed_at_idx).toMatch(
      /\(completed_at\) INCLUDE \(status, task_type, tenant, started_at\) WHERE \(completed_at IS NOT NULL\)/,
    );

    // With sequential scans ruled out, the planner reaches for the GIN index: it can serve @>.
    const explain = async (condition: string) => {
      await db.query('BEGIN');
      try {
        await db.query('SET LOCAL enable_seqscan = off');
        const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM tasks WHERE ${condition}`);
        return plan.map((line) => line['QUERY PLAN']).join('\n');
      } finally {
        await db.query('COMMIT');
      }
    };
    expect(await explain(`parameters @> '{"seed": 42}'::jsonb`)).toContain('tasks_parameters_idx');
    expect(await explain(`result @> '{"sections": 3}'::jsonb`)).toContain('tasks_result_idx');
    expect(await explain(`completed_at >= now() - interval '1 hour'`)).toContain('tasks_completed_at_idx');
  });
});

interface Stats {
  generated_at: string;
  total: number;
  by_status: Record<string, number>;
  by_type: Record<string, number>;
  durations: { since: string; by_type: Record<string, { completed: number; p50_ms: number | null; p95_ms: number | null }> };
  throughput: { since: string; per_minute: Array<{ minute: string; completed: number; failed: number }> };
}

const statsAsServed = async (): Promise<Stats> => {
  const response = await get('/tasks/stats');
  expect(response.status).toBe(200);
  return (await response.json()) as Stats;
};

/**
 * The figures computed after everything written so far: the API serves one computation for a
 * second (STATS_CACHE_MS), so an answer from before the last insert is asked for again.
 */
const stats = async (): Promise<Stats> => {
  const [written] = await db.query<{ now: Date }>('SELECT now() AS now');
  return waitFor('stats computed after the last write', async () => {
    const answer = await statsAsServed();
    return Date.parse(answer.generated_at) > written!.now.getTime() ? answer : undefined;
  });
};

describe('GET /tasks/stats', () => {
  it('is matched before GET /tasks/:id, which still refuses ids that are not UUIDs', async () => {
    const response = await get('/tasks/stats');
    expect(response.status).toBe(200);
    const malformed = await get('/tasks/statistics');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ details: [expect.objectContaining({ field: 'id' })] });
  });

  it('serves one computation to the requests of the same second', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => statsAsServed()));
    expect(new Set(answers.map((answer) => answer.generated_at)).size).toBe(1);
    const fresh = await stats();
    expect(Date.parse(fresh.generated_at)).toBeGreaterThan(Date.parse(answers[0]!.generated_at));
  });

  it('counts tasks by status (every status listed) and by type (every registered type listed)', async () => {
    const before = await stats();
    expect(Object.keys(before.by_status).sort()).toEqual([...TASK_STATUSES].sort());
    for (const name of TASK_TYPE_NAMES) expect(before.by_type).toHaveProperty(name);

    const type = `count_probe_${randomUUID().slice(0, 8)}`;
    const added = { pending: 3, processing: 2, failed: 1 } as const;
    for (const [status, n] of Object.entries(added)) {
      for (let i = 0; i < n; i += 1) {
        await insert({ task_type: type, status, completed_ago: status === 'failed' ? '3 hours' : undefined });
      }
    }
    await insert({ task_type: 'video_processing', status: 'pending' });

    const after = await stats();
    expect(after.total - before.total).toBe(7);
    expect(after.by_status.pending! - before.by_status.pending!).toBe(4);
    expect(after.by_status.processing! - before.by_status.processing!).toBe(2);
    expect(after.by_status.failed! - before.by_status.failed!).toBe(1);
    expect(after.by_type[type]).toBe(6);
    expect(after.by_type.video_processing! - before.by_type.video_processing!).toBe(1);
    expect(Object.values(after.by_status).reduce((sum, n) => sum + n, 0)).toBe(after.total);
    expect(Object.values(after.by_type).reduce((sum, n) => sum + n, 0)).toBe(after.total);
  });

  it('gives p50 and p95 durations per type over the tasks completed in the last 24 hours', async () => {
    const type = `duration_probe_${randomUUID().slice(0, 8)}`;
    // Durations of 1 … 10 s, completed 2 hours ago (outside the per-minute window).
    for (let seconds = 1; seconds <= 10; seconds += 1) {
      await insert({
        task_type: type,
        status: 'completed',
        started_ago: `2 hours ${seconds} seconds`,
        completed_ago: '2 hours',
      });
    }
    // Not counted: completed 25 hours ago; failed; completed without a start time.
    await insert({ task_type: type, status: 'completed', started_ago: '26 hours', completed_ago: '25 hours' });
    await insert({ task_type: type, status: 'failed', started_ago: '5 hours', completed_ago: '3 hours' });
    await insert({ task_type: type, status: 'completed', completed_ago: '3 hours' });

    const result = await stats();
    // percentile_cont interpolates: p50 of 1…10 s is 5.5 s, p95 is 1 + 0.95 × 9 = 9.55 s.
    expect(result.durations.by_type[type]).toEqual({ completed: 10, p50_ms: 5500, p95_ms: 9550 });
    expect(Date.parse(result.generated_at) - Date.parse(result.durations.since)).toBe(24 * 3_600_000);
    for (const name of TASK_TYPE_NAMES) expect(result.durations.by_type).toHaveProperty(name);
  });

  it('counts completions and failures per minute over the last hour, 60 minutes, zero-filled', async () => {
    const type = `throughput_probe_${randomUUID().slice(0, 8)}`;
    const rows: Array<{ status: 'completed' | 'failed'; ago: string }> = [
      { status: 'completed', ago: '0 seconds' },
      { status: 'completed', ago: '0 seconds' },
      { status: 'failed', ago: '0 seconds' },
      { status: 'completed', ago: '5 minutes' },
      { status: 'failed', ago: '5 minutes' },
      { status: 'failed', ago: '5 minutes' },
      { status: 'completed', ago: '30 minutes' },
      { status: 'completed', ago: '58 minutes' },
      { status: 'completed', ago: '61 minutes' },
      { status: 'completed', ago: '3 hours' },
    ];
    const ids: string[] = [];
    for (const row of rows) ids.push(await insert({ task_type: type, status: row.status, completed_ago: row.ago }));
    // Not counted: a cancelled task, and a pending one.
    await insert({ task_type: type, status: 'cancelled', completed_ago: '1 minute' });
    await insert({ task_type: type, status: 'pending' });

    const result = await stats();
    const minutes = result.throughput.per_minute;
    expect(minutes).toHaveLength(60);
    expect(minutes[0]!.minute).toBe(result.throughput.since);
    for (let i = 1; i < minutes.length; i += 1) {
      expect(Date.parse(minutes[i]!.minute) - Date.parse(minutes[i - 1]!.minute)).toBe(60_000);
    }
    expect(Date.parse(minutes.at(-1)!.minute)).toBe(Math.floor(Date.parse(result.generated_at) / 60_000) * 60_000);

    // The expected buckets, from the stored completion times and the window the API answered
    // for: right even if a minute turned between the inserts and the request.
    const stored = await db.query<{ status: 'completed' | 'failed'; completed_at: Date }>(
      `SELECT status, completed_at FROM tasks WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const expected = minutes.map((minute) => ({ minute: minute.minute, completed: 0, failed: 0 }));
    const since = Date.parse(result.throughput.since);
    for (const row of stored) {
      const index = Math.floor((row.completed_at.getTime() - since) / 60_000);
      if (index >= 0 && index < 60) expected[index]![row.status] += 1;
    }
    expect(minutes).toEqual(expected);
    // The rows at 0, 5, 30 and 58 minutes ago are in the window, the ones 61 minutes and 3 hours ago are not.
    expect(minutes.reduce((sum, minute) => sum + minute.completed, 0)).toBe(5);
    expect(minutes.reduce((sum, minute) => sum + minute.failed, 0)).toBe(3);
  });

  it('documents the stats answer and every list filter at /docs-json', async () => {
    const document = (await (await get('/docs-json')).json()) as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const statsRoute = document.paths['/tasks/stats']?.get;
    expect(JSON.stringify(statsRoute?.responses['200'])).toContain('#/components/schemas/TaskStats');
    expect(Object.keys(document.components.schemas.TaskStats?.properties ?? {}).sort()).toEqual(
      ['by_status', 'by_type', 'durations', 'generated_at', 'throughput', 'total'].sort(),
    );
    const listParameters = document.paths['/tasks']!.get!.parameters!.filter((parameter) => parameter.in === 'query');
    expect(listParameters.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(['created_after', 'created_before', 'cursor', 'limit', 'param.<key>', 'result.<key>', 'status', 'task_type']),
    );
  });
});
