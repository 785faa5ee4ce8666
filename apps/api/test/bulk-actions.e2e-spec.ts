import type { RunningApi, TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, startApi, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';

/**
 * Bulk actions (POST /tasks/bulk): a dry run counts, a real run is a job that works in batches and
 * ends with a report naming every task it skipped and why. No worker runs: retried tasks stay
 * pending, which is all these tests look at. Each test labels its tasks with a `run` of its own,
 * and filters by it, so the tests do not see each other's tasks.
 */
let db: TestDatabase;
let queue: TestQueue;
let api: RunningApi;

interface BulkOperation {
  id: string;
  action: string;
  status: string;
  matched: number;
  processed: number;
  acted: number;
  skipped: number;
  skipped_by_reason: Record<string, number>;
  progress: number;
}

interface ErrorBody {
  message: string;
  details: Array<{ field: string; message: string }>;
}

const post = (path: string, body?: unknown) =>
  fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** Creates `count` default tasks labelled `run`, in batches of 1000; returns their ids. */
async function createTasks(run: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const size = Math.min(1000, count - start);
    const response = await post('/tasks/batch', {
      tasks: Array.from({ length: size }, () => ({ task_type: 'default', parameters: { processing_time: 0 }, labels: { run } })),
    });
    expect(response.status).toBe(201);
    ids.push(...((await response.json()) as { data: Array<{ id: string }> }).data.map((task) => task.id));
  }
  return ids;
}

/** Fails pending tasks as an exhausted budget would (pending → failed is an arrow of the transition table). */
async function fail(ids: string[]): Promise<void> {
  await db.query(`UPDATE tasks SET status = 'failed', error = 'the outside service was down', completed_at = now() WHERE id = ANY($1)`, [
    ids,
  ]);
}

async function operation(id: string): Promise<BulkOperation> {
  const response = await fetch(`${api.baseUrl}/bulk-operations/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as BulkOperation;
}

const finished = (id: string) =>
  waitFor(
    `bulk operation ${id} to end`,
    async () => {
      const current = await operation(id);
      return ['completed', 'cancelled', 'failed'].includes(current.status) ? current : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 200 },
  );

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Times GET /tasks/{id}/status reads, one after another, until `until` resolves (or `count` reads without it). */
async function statusLatencies(id: string, options: { count?: number; until?: Promise<unknown> }): Promise<number[]> {
  let done = false;
  void options.until?.then(() => (done = true));
  const latencies: number[] = [];
  while (!done && (options.count === undefined || latencies.length < options.count)) {
    const started = performance.now();
    const response = await fetch(`${api.baseUrl}/tasks/${id}/status`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
  }
  return latencies;
}

beforeAll(async () => {
  db = await createTestDatabase();
  queue = createTestQueue();
  api = await startApi({ DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix });
}, 60_000);

afterAll(async () => {
  await api?.process.stop();
  await queue?.cleanUp();
  await db?.drop();
});

describe('a bulk retry after an incident', () => {
  it('retries 3,000 failed tasks in batches after a dry run, reports the ones skipped and why, and keeps status reads answering', async () => {
    const run = randomUUID();
    const failed = await createTasks(run, 3000);
    await fail(failed);
    // Matched by the filter but not failed: the report must say why each was left alone.
    const stillPending = await createTasks(run, 7);
    const completed = await createTasks(run, 3);
    await db.query(`UPDATE tasks SET status = 'processing', attempts = 1, started_at = now() WHERE id = ANY($1)`, [completed]);
    await db.query(`UPDATE tasks SET status = 'completed', result = '{"message": null}', completed_at = now() WHERE id = ANY($1)`, [
      completed,
    ]);
    const filter = { 'label.run': run };

    const dry = await post('/tasks/bulk', { action: 'retry', filter, dry_run: true });
    expect(dry.status).toBe(200);
    expect(await dry.json()).toEqual({
      dry_run: true,
      action: 'retry',
      matched: 3010,
      applicable: 3000,
      by_status: { failed: 3000, pending: 7, completed: 3 },
    });
    // A dry run changes nothing.
    const [unchanged] = await db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM tasks WHERE labels @> $1::jsonb AND status = 'failed'`,
      [JSON.stringify({ run })],
    );
    expect(unchanged!.count).toBe(3000);

    const baseline = await statusLatencies(failed[0]!, { count: 50 });
    const started = await post('/tasks/bulk', { action: 'retry', filter });
    expect(started.status).toBe(202);
    const { id, matched } = (await started.json()) as BulkOperation;
    expect(matched).toBe(3010);
    const end = finished(id);
    const during = await statusLatencies(failed[1]!, { until: end });
    const done = await end;
    // Timing goals belong to bench/; here the figures are printed for a person to read.
    console.log(
      `status reads: before the bulk retry p50 ${percentile(baseline, 50).toFixed(1)} ms, p95 ${percentile(baseline, 95).toFixed(1)} ms; ` +
        `during it (${during.length} reads) p50 ${percentile(during, 50).toFixed(1)} ms, p95 ${percentile(during, 95).toFixed(1)} ms`,
    );

    expect(done).toMatchObject({
      status: 'completed',
      matched: 3010,
      processed: 3010,
      acted: 3000,
      skipped: 10,
      progress: 100,
      skipped_by_reason: {
        'pending: only failed, cancelled tasks can be retried': 7,
        'completed: only failed, cancelled tasks can be retried': 3,
      },
    });
    const rows = await db.query<{ status: string; count: number }>(
      `SELECT status, count(*)::int AS count FROM tasks WHERE id = ANY($1) GROUP BY status`,
      [failed],
    );
    expect(rows).toEqual([{ status: 'pending', count: 3000 }]);
    const [fresh] = await db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM tasks WHERE id = ANY($1) AND error IS NULL AND max_attempts > attempts`,
      [failed],
    );
    expect(fresh!.count).toBe(3000);

    const report = await fetch(`${api.baseUrl}/bulk-operations/${id}/report?format=csv`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-disposition')).toContain(`bulk-${id}.csv`);
    const lines = (await report.text()).trim().split('\n');
    expect(lines[0]).toBe('task_id,outcome,reason');
    expect(lines).toHaveLength(3011);
    const skippedLines = lines.filter((line) => line.includes(',skipped,'));
    expect(skippedLines.sort()).toEqual(
      [
        ...stillPending.map((task) => `${task},skipped,"pending: only failed, cancelled tasks can be retried"`),
        ...completed.map((task) => `${task},skipped,"completed: only failed, cancelled tasks can be retried"`),
      ].sort(),
    );

    const jsonl = await fetch(`${api.baseUrl}/bulk-operations/${id}/report?format=jsonl`);
    const entries = (await jsonl.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { task_id: string; outcome: string; reason: string | null });
    expect(
      entries
        .filter((entry) => entry.outcome === 'acted')
        .map((entry) => entry.task_id)
        .sort(),
    ).toEqual([...failed].sort());

    const [audit] = await db.query<{ action: string; target: string; detail: { action: string; filter: unknown; matched: number } }>(
      `SELECT action, target, detail FROM audit_log WHERE action = 'task.bulk' AND target = $1`,
      [id],
    );
    expect(audit).toMatchObject({ detail: { action: 'retry', filter, matched: 3010 } });
  }, 240_000);
});

describe('bulk actions', () => {
  it('cancels and deletes by the list filters and the selected ids, and reports "already cancelled"', async () => {
    const run = randomUUID();
    const ids = await createTasks(run, 5);
    const dry = await post('/tasks/bulk', {
      action: 'cancel',
      filter: { 'label.run': run, status: 'pending' },
      ids: ids.slice(0, 3),
      dry_run: true,
    });
    expect(await dry.json()).toMatchObject({ matched: 3, applicable: 3 });

    const cancel = await post('/tasks/bulk', { action: 'cancel', filter: { 'label.run': run }, ids: ids.slice(0, 3) });
    expect(cancel.status).toBe(202);
    const cancelled = await finished(((await cancel.json()) as BulkOperation).id);
    expect(cancelled).toMatchObject({ status: 'completed', acted: 3, skipped: 0 });
    const [left] = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM tasks WHERE id = ANY($1) AND status = 'pending'`, [
      ids,
    ]);
    expect(left!.count).toBe(2);

    const again = await post('/tasks/bulk', { action: 'cancel', filter: { 'label.run': run, status: 'cancelled' } });
    expect(await finished(((await again.json()) as BulkOperation).id)).toMatchObject({
      acted: 0,
      skipped: 3,
      skipped_by_reason: { 'already cancelled': 3 },
    });

    const remove = await post('/tasks/bulk', { action: 'delete', filter: { 'label.run': run } });
    expect(await finished(((await remove.json()) as BulkOperation).id)).toMatchObject({
      acted: 3,
      skipped: 2,
      skipped_by_reason: { 'pending: only completed, failed, cancelled tasks can be deleted': 2 },
    });
    const rows = await db.query<{ id: string }>(`SELECT id FROM tasks WHERE id = ANY($1) ORDER BY id`, [ids]);
    expect(rows.map((row) => row.id)).toEqual(ids.slice(3).sort());
  }, 60_000);

  it('stops a bulk operation that is cancelled: the tasks not reached are left alone and reported not processed', async () => {
    const run = randomUUID();
    const ids = await createTasks(run, 2000);
    const started = await post('/tasks/bulk', { action: 'cancel', filter: { 'label.run': run } });
    const { id } = (await started.json()) as BulkOperation;
    const stop = await post(`/bulk-operations/${id}/cancel`);
    // Whatever the runner had done by then: it stops at a batch boundary.
    expect(stop.status).toBe(200);
    const stopped = await finished(id);
    expect(stopped.status).toBe('cancelled');
    // Settled: no batch runs after the cancel.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const [counts] = await db.query<{ cancelled: number; pending: number }>(
      `SELECT count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled, count(*) FILTER (WHERE status = 'pending')::int AS pending
         FROM tasks WHERE id = ANY($1)`,
      [ids],
    );
    const after = await operation(id);
    expect(after.acted).toBe(counts!.cancelled);
    expect(counts!.pending).toBeGreaterThan(0);
    expect(counts!.cancelled % 200).toBe(0);
    const report = await (await fetch(`${api.baseUrl}/bulk-operations/${id}/report?format=jsonl`)).text();
    const notProcessed = report.split('\n').filter((line) => line.includes('"not_processed"'));
    expect(notProcessed).toHaveLength(counts!.pending);
    expect(notProcessed[0]).toContain('cancelled before it was reached');

    const twice = await post(`/bulk-operations/${id}/cancel`);
    expect(twice.status).toBe(409);
  }, 60_000);

  it('refuses a filter GET /tasks would refuse, naming the field, and answers 404 for an unknown operation', async () => {
    const bad = await post('/tasks/bulk', { action: 'retry', filter: { status: 'broken' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).details).toEqual([
      { field: 'filter.status', message: expect.stringContaining('"broken" is not a status') },
    ]);
    const unknownKey = await post('/tasks/bulk', { action: 'retry', filter: { colour: 'red' } });
    expect(((await unknownKey.json()) as ErrorBody).details.map((detail) => detail.field)).toEqual(['filter.colour']);

    const unknownType = await post('/tasks/bulk', { action: 'retry', filter: { task_type: 'nope' } });
    expect(unknownType.status).toBe(400);
    expect(((await unknownType.json()) as ErrorBody).details[0]!.field).toBe('filter.task_type');

    const badAction = await post('/tasks/bulk', { action: 'explode', filter: {} });
    expect(badAction.status).toBe(400);

    expect((await fetch(`${api.baseUrl}/bulk-operations/${randomUUID()}`)).status).toBe(404);
    expect((await fetch(`${api.baseUrl}/bulk-operations/${randomUUID()}/report`)).status).toBe(404);
  });
});

describe('a bulk operation and an API that dies', () => {
  it('is taken over by the next API once its lease lapses, and goes through every task exactly once', async () => {
    const run = randomUUID();
    const ids = await createTasks(run, 3000);
    await fail(ids);
    const started = await post('/tasks/bulk', { action: 'retry', filter: { 'label.run': run } });
    const { id } = (await started.json()) as BulkOperation;
    const midway = await waitFor('the first batches', async () => {
      const current = await operation(id);
      return current.processed > 0 ? current : undefined;
    });
    await api.process.stop('SIGKILL');
    // Killed mid-way: what it had done is committed batch by batch, the batch under way rolled back.
    expect(midway.status).toBe('running');
    const [recorded] = await db.query<{ processed: number }>(`SELECT processed FROM bulk_operations WHERE id = $1`, [id]);
    expect(recorded!.processed).toBeLessThan(3000);

    api = await startApi({ DATABASE_URL: db.url, REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix });
    const done = await finished(id);
    expect(done).toMatchObject({ status: 'completed', matched: 3000, processed: 3000, acted: 3000, skipped: 0 });
    const rows = await db.query<{ status: string; count: number }>(
      `SELECT status, count(*)::int AS count FROM tasks WHERE id = ANY($1) GROUP BY status`,
      [ids],
    );
    expect(rows).toEqual([{ status: 'pending', count: 3000 }]);
  }, 180_000);
});
