import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';

/**
 * Names and labels: given at creation (one task, a batch, a workflow run for its step tasks),
 * returned with the task, and found again with `GET /tasks?label.<key>=` and `?name=`. Each test
 * labels its tasks with a value of its own (`run`), so the tests do not see each other's tasks.
 * No worker runs: every task stays pending, which is all these tests need.
 */
let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;

interface Task {
  id: string;
  name: string | null;
  labels: Record<string, string>;
  workflow_run_id: string | null;
}

interface ErrorBody {
  statusCode: number;
  message: string;
  details: Array<{ field: string; message: string }>;
}

const post = (path: string, body: unknown) =>
  fetch(`${api.baseUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function create(body: Record<string, unknown>): Promise<Task> {
  const response = await post('/tasks', { task_type: 'default', ...body });
  expect(response.status).toBe(201);
  return (await response.json()) as Task;
}

async function ids(query: string): Promise<string[]> {
  const response = await fetch(`${api.baseUrl}/tasks?${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Task[] }).data.map((task) => task.id);
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

describe('labels and names at creation', () => {
  it('keeps the name and labels of a task, and gives a task without them null and {}', async () => {
    const run = randomUUID();
    const labelled = await create({ name: '  Invoice run, ACME  ', labels: { run, project: 'beta', customer: '42' } });
    expect(labelled).toMatchObject({ name: 'Invoice run, ACME', labels: { run, project: 'beta', customer: '42' } });
    const plain = await create({});
    expect(plain).toMatchObject({ name: null, labels: {} });

    const read = (await (await fetch(`${api.baseUrl}/tasks/${labelled.id}`)).json()) as Task;
    expect(read).toMatchObject({ name: 'Invoice run, ACME', labels: { run, project: 'beta', customer: '42' } });
    const [row] = await db.query<{ name: string; labels: unknown }>(`SELECT name, labels FROM tasks WHERE id = $1`, [labelled.id]);
    expect(row).toEqual({ name: 'Invoice run, ACME', labels: { run, project: 'beta', customer: '42' } });
  });

  it('takes names and labels per item of a batch', async () => {
    const run = randomUUID();
    const response = await post('/tasks/batch', {
      tasks: [
        { task_type: 'default', name: 'first', labels: { run, part: '1' } },
        { task_type: 'default', labels: { run, part: '2' } },
      ],
    });
    expect(response.status).toBe(201);
    const { data } = (await response.json()) as { data: Task[] };
    expect(data.map((task) => [task.name, task.labels])).toEqual([
      ['first', { run, part: '1' }],
      [null, { run, part: '2' }],
    ]);
  });

  it('answers 400 naming the field for too many labels, too long ones, bad keys and non-string values', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [Object.fromEntries(Array.from({ length: 21 }, (_, index) => [`k${index}`, 'v'])), 'labels', /at most 20 labels per task; got 21/],
      [{ project: 'x'.repeat(201) }, 'labels.project', /at most 200 characters/],
      [{ ['k'.repeat(64)]: 'v' }, `labels.${'k'.repeat(64)}`, /at most 63 characters/],
      [{ 'no spaces': 'v' }, 'labels.no spaces', /letters, digits/],
      [{ count: 42 }, 'labels.count', /expected string/],
      [{ note: 'line\nbreak' }, 'labels.note', /control characters/],
      [['project: beta'], 'labels', /expected record/],
    ];
    for (const [labels, field, message] of cases) {
      const response = await post('/tasks', { task_type: 'default', labels });
      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect(body.details).toHaveLength(1);
      expect(body.details[0]?.field).toBe(field);
      expect(body.details[0]?.message).toMatch(message);
    }
    const batch = await post('/tasks/batch', { tasks: [{ task_type: 'default' }, { task_type: 'default', name: 'n'.repeat(201) }] });
    expect(batch.status).toBe(400);
    expect(((await batch.json()) as ErrorBody).details).toEqual([{ field: 'tasks.1.name', message: 'has at most 200 characters' }]);
    const blank = await post('/tasks', { task_type: 'default', name: '   ' });
    expect(((await blank.json()) as ErrorBody).details[0]?.field).toBe('name');
    // Nothing of the refused requests was stored.
    const [row] = await db.query<{ count: string }>(`SELECT count(*) FROM tasks WHERE name LIKE 'nnn%' OR labels ? 'no spaces'`);
    expect(row?.count).toBe('0');
  });
});

describe('GET /tasks by label and name', () => {
  it('matches every label.* filter exactly, as strings, newest first', async () => {
    const run = randomUUID();
    const beta42 = await create({ labels: { run, project: 'beta', customer: '42' } });
    const beta7 = await create({ labels: { run, project: 'beta', customer: '7' } });
    const gamma = await create({ labels: { run, project: 'gamma' } });
    await create({ parameters: { message: run } });

    expect(await ids(`label.run=${run}`)).toEqual([gamma.id, beta7.id, beta42.id]);
    expect(await ids(`label.run=${run}&label.project=beta`)).toEqual([beta7.id, beta42.id]);
    expect(await ids(`label.run=${run}&label.project=beta&label.customer=42`)).toEqual([beta42.id]);
    expect(await ids(`label.run=${run}&label.project=Beta`)).toEqual([]);
    expect(await ids(`label.run=${run}&label.absent=x`)).toEqual([]);
    // Other filters combine with them, and the cursor pages through the matches.
    expect(await ids(`label.run=${run}&status=pending&task_type=default`)).toHaveLength(3);
    const first = (await (await fetch(`${api.baseUrl}/tasks?label.run=${run}&limit=2`)).json()) as { next_cursor: string };
    expect(await ids(`label.run=${run}&limit=2&cursor=${first.next_cursor}`)).toEqual([beta42.id]);
  });

  it('searches names for the text anywhere in them, in any case, taking % and _ literally', async () => {
    const run = randomUUID();
    const acme = await create({ name: 'Invoices for ACME, November', labels: { run } });
    const percent = await create({ name: '50% of the ACME_backlog', labels: { run } });
    await create({ name: 'Something else', labels: { run } });
    await create({ labels: { run } });

    expect(await ids(`label.run=${run}&name=acme`)).toEqual([percent.id, acme.id]);
    expect(await ids(`label.run=${run}&name=${encodeURIComponent('50%')}`)).toEqual([percent.id]);
    expect(await ids(`label.run=${run}&name=ACME_b`)).toEqual([percent.id]);
    expect(await ids(`label.run=${run}&name=ACME%2Cb`)).toEqual([]);
  });

  it('answers 400 for a label filter key that cannot be a label, and for too many label filters', async () => {
    const bad = await fetch(`${api.baseUrl}/tasks?label.-x=1`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).details[0]?.field).toBe('label.-x');
    const many = Array.from({ length: 21 }, (_, index) => `label.k${index}=v`).join('&');
    const tooMany = await fetch(`${api.baseUrl}/tasks?${many}`);
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as ErrorBody).message).toMatch(/at most 20 label\.\* filters/);
  });

  it('finds tasks however they were inserted, newest first with ties by id, and forgets deleted ones', async () => {
    const run = randomUUID();
    // Inserted by SQL as a script or a restore would, three in one statement, two at the same instant.
    const [older, tieLow, tieHigh] = [
      '00000000-0000-4000-8000-000000000001',
      '00000000-0000-4000-8000-000000000002',
      '00000000-0000-4000-8000-000000000003',
    ];
    await db.query(
      `INSERT INTO tasks (id, task_type, labels, created_at) VALUES
         ($1, 'default', jsonb_build_object('run', $4::text, 'project', 'sql'), timestamptz '2031-01-01T00:00:00.001Z'),
         ($2, 'default', jsonb_build_object('run', $4::text), timestamptz '2031-01-01T00:00:00.002Z'),
         ($3, 'default', jsonb_build_object('run', $4::text), timestamptz '2031-01-01T00:00:00.002Z')`,
      [older, tieLow, tieHigh, run],
    );
    const viaApi = await create({ labels: { run } });
    expect(await ids(`label.run=${run}`)).toEqual([tieHigh, tieLow, older, viaApi.id]);
    expect(await ids(`label.run=${run}&label.project=sql`)).toEqual([older]);
    const page = (await (await fetch(`${api.baseUrl}/tasks?label.run=${run}&limit=1`)).json()) as { next_cursor: string };
    expect(await ids(`label.run=${run}&limit=2&cursor=${page.next_cursor}`)).toEqual([tieLow, older]);

    // Only a final task may be deleted: cancelled first.
    expect((await post(`/tasks/${tieHigh}/cancel`, {})).status).toBe(200);
    expect((await fetch(`${api.baseUrl}/tasks/${tieHigh}`, { method: 'DELETE' })).status).toBe(204);
    expect(await ids(`label.run=${run}`)).toEqual([tieLow, older, viaApi.id]);
    const left = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM task_labels WHERE task_id = $1`, [tieHigh]);
    expect(left[0]!.count).toBe(0);
  });

  it("reads one label's newest page from the label index, not by scanning the table", async () => {
    const scans = async () =>
      (
        await db.query<{ scans: string }>(
          `SELECT coalesce(sum(idx_scan), 0)::text AS scans FROM pg_stat_user_indexes WHERE indexrelname = 'task_labels_newest_idx'`,
        )
      )[0]!.scans;
    const before = Number(await scans());
    await ids(`label.project=beta&limit=5`);
    // The API's backend reports its counts when its transaction ends, within about a second.
    let after = before;
    for (let tries = 0; tries < 50 && after === before; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await db.query('SELECT pg_stat_clear_snapshot()');
      after = Number(await scans());
    }
    expect(after).toBeGreaterThan(before);
  });

  it('has an index PostgreSQL can use for the label filter and the name search', async () => {
    // With sequential scans priced out, a plan still scanning the table would mean no index serves the condition.
    const plan = async (condition: string) => {
      // The test database's one connection: the setting holds for the EXPLAIN that follows.
      await db.query(`SET enable_seqscan = off`);
      const rows = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM tasks WHERE ${condition}`);
      await db.query(`RESET enable_seqscan`);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    expect(await plan(`labels @> '{"project":"beta"}'::jsonb`)).toContain('tasks_labels_idx');
    expect(await plan(`name ILIKE '%acme%'`)).toContain('tasks_name_trgm_idx');
  });
});

describe('workflow runs', () => {
  it('give their labels to their step tasks', async () => {
    const run = randomUUID();
    const response = await post('/workflows/sales-report/runs', { input: { title: 'Q4', sections: 2 }, labels: { run, project: 'beta' } });
    expect(response.status).toBe(201);
    const started = (await response.json()) as { id: string; labels: Record<string, string> };
    expect(started.labels).toEqual({ run, project: 'beta' });

    const response2 = await fetch(`${api.baseUrl}/tasks?label.run=${run}&label.project=beta`);
    const { data } = (await response2.json()) as { data: Task[] };
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((task) => task.workflow_run_id === started.id)).toBe(true);

    const refused = await post('/workflows/sales-report/runs', { input: { title: 'Q4', sections: 2 }, labels: { 'bad key': 'x' } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as ErrorBody).details[0]?.field).toBe('labels.bad key');
  });
});
