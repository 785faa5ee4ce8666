
import type { TestDatabase } from '@atropos/testing';
import { createTestDatabase } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations, TaskRefusedError, TaskStore, UnstorableValueError } from '../src/index.js';

/**
 * The store's worker writes against the real PostgreSQL: claims and completions issued together go out as
 * one grouped statement, and that statement must still fence every row by its own attempt.
 */
let db: TestDatabase;
let dataSource: DataSource;
let attempts: TaskStore;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = await createDataSource({ url: db.url, poolSize: 4 }).initialize();
  await runMigrations(dataSource);
  attempts = new TaskStore(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

async function insertTasks(count: number, status = 'pending'): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await db.query(
    `INSERT INTO tasks (id, task_type, status, parameters) SELECT id, 'default', $2::task_status, '{"processing_time": 0}'
       FROM unnest($1::uuid[]) AS id`,
    [ids, status],
  );
  return ids;
}

describe('TaskStore: the worker\'s writes', () => {
  it('claims concurrent jobs each with its own row, and none that is final or gone', async () => {
    const ids = await insertTasks(12);
    const [cancelled] = await insertTasks(1, 'cancelled');
    const gone = randomUUID();

    const claims = await Promise.all(
      [...ids, cancelled!, gone].map(async (id) => {
        const claim = await attempts.claim(id, 'worker-a');
        return claim && 'claimed' in claim ? claim.claimed : claim;
      }),
    );

    claims.slice(0, 12).forEach((claim, index) => {
      expect(claim).toMatchObject({ taskId: ids[index], taskType: 'default', attempt: 1 });
      expect(claim?.snapshot).toMatchObject({ id: ids[index], status: 'processing', worker_id: 'worker-a' });
      expect(claim?.snapshot).not.toHaveProperty('parameters');
    });
    expect(claims.slice(12)).toEqual([null, null]);
    const rows = await db.query<{ status: string; attempts: number }>(
      'SELECT DISTINCT status, attempts FROM tasks WHERE id = ANY($1::uuid[])',
      [ids],
    );
    expect(rows).toEqual([{ status: 'processing', attempts: 1 }]);
  });

  it('completes the current attempts of a group and leaves a superseded attempt unwritten', async () => {
    const ids = await insertTasks(6);
    await Promise.all(ids.map((id) => attempts.claim(id, 'worker-a')));
    // The last task was taken over by another worker: its attempt 1 is stale.
    const stale = ids[5]!;
    await attempts.claim(stale, 'worker-b');

    const outcomes = await Promise.all(
      ids.map((id, index) => attempts.complete({ taskId: id, attempt: 1 }, { index, text: 'a "quoted" \\ value' }, `done ${index}`)),
    );

    outcomes.slice(0, 5).forEach((write, index) =>
      expect(write?.snapshot).toMatchObject({ id: ids[index], status: 'completed', progress: 100, progress_message: `done ${index}` }),
    );
    expect(outcomes[5]).toBeNull();
    const rows = await db.query<{ id: string; status: string; result: unknown; worker_id: string }>(
      'SELECT id, status, result, worker_id FROM tasks WHERE id = ANY($1::uuid[])',
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    ids.slice(0, 5).forEach((id, index) =>
      expect(byId.get(id)).toMatchObject({ status: 'completed', result: { index, text: 'a "quoted" \\ value' } }),
    );
    expect(byId.get(stale)).toMatchObject({ status: 'processing', result: null, worker_id: 'worker-b' });
  });

  it('writes the same task twice in one turn as two separate, fenced writes', async () => {
    const [id] = await insertTasks(1);
    await attempts.claim(id!, 'worker-a');

    const [first, second] = await Promise.all([
      attempts.complete({ taskId: id!, attempt: 1 }, 'first', null),
      attempts.complete({ taskId: id!, attempt: 1 }, 'second', null),
    ]);

    // Exactly one completion took effect; the other found the row already final.
    expect([first, second].filter((snapshot) => snapshot !== null)).toHaveLength(1);
    const [row] = await db.query<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [id]);
    expect(row?.status).toBe('completed');
  });
});

describe('TaskStore: what workers produce is always storable', () => {
  async function claimed(): Promise<string> {
    const [id] = await insertTasks(1);
    await attempts.claim(id!, 'worker-a');
    return id!;
  }

  it('stores a result, message and error holding NUL and lone surrogates, replaced', async () => {
    const done = await claimed();
    const write = await attempts.complete({ taskId: done, attempt: 1 }, { out: 'a\u0000b', bad: '\ud800', ['k\u0000']: 1 }, 'm\u0000');
    expect(write?.snapshot).toMatchObject({ status: 'completed', progress_message: 'm\ufffd' });
    const failing = await claimed();
    await attempts.progress({ taskId: failing, attempt: 1 }, 10, 'p\u0000');
    const failed = await attempts.fail({ taskId: failing, attempt: 1 }, 'exit 3: bad\u0000byte', true);
    expect(failed?.snapshot.status).toBe('failed');
    const rows = await db.query<{ id: string; result: unknown; error: string | null; attempt_errors: Array<{ error: string }> }>(
      'SELECT id, result, error, attempt_errors FROM tasks WHERE id = ANY($1::uuid[])',
      [[done, failing]],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(done)?.result).toEqual({ out: 'a\ufffdb', bad: '\ufffd', 'k\ufffd': 1 });
    expect(byId.get(failing)).toMatchObject({ error: 'exit 3: bad\ufffdbyte', attempt_errors: [{ error: 'exit 3: bad\ufffdbyte' }] });
  });

  it('refuses a result that cannot become JSON before writing anything', async () => {
    const id = await claimed();
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    await expect(attempts.complete({ taskId: id, attempt: 1 }, cycle, null)).rejects.toThrow(UnstorableValueError);
    const [row] = await db.query<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [id]);
    expect(row?.status).toBe('processing');
  });

  it('fails the task with the reason when PostgreSQL refuses its outcome anyway', async () => {
    // A real refusal by the server: a trigger of this test rejects one result value.
    await db.query(`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.result ? 'boom' THEN RAISE EXCEPTION 'value too large to store'; END IF; RETURN NEW; END $$`);
    await db.query(`CREATE TRIGGER refuse_boom BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION refuse_boom()`);
    try {
      const id = await claimed();
      const write = await attempts.complete({ taskId: id, attempt: 1 }, { boom: true }, null);
      expect(write?.snapshot).toMatchObject({ status: 'failed' });
      const [row] = await db.query<{ error: string }>('SELECT error FROM tasks WHERE id = $1', [id]);
      expect(row?.error).toMatch(/result could not be stored: value too large to store/);
    } finally {
      await db.query('DROP TRIGGER refuse_boom ON tasks');
    }
  });
});

describe('TaskStore: the attempt budget is enforced at the claim', () => {
  it('fails a task whose every attempt was started instead of running it again', async () => {
    const [id] = await insertTasks(1);
    await db.query(`UPDATE tasks SET status = 'processing', attempts = 4, max_attempts = 4, worker_id = 'dead' WHERE id = $1`, [id]);
    const claim = await attempts.claim(id!, 'worker-b');
    expect(claim && 'exhausted' in claim ? claim.exhausted.snapshot : claim).toMatchObject({ status: 'failed', attempts: 4 });
    const [row] = await db.query<{ status: string; attempts: number; error: string; attempt_errors: unknown[] }>(
      'SELECT status, attempts, error, attempt_errors FROM tasks WHERE id = $1',
      [id],
    );
    expect(row).toMatchObject({ status: 'failed', attempts: 4, attempt_errors: [{ attempt: 4, worker_id: 'dead' }] });
    expect(row?.error).toMatch(/Every attempt of its budget/);
  });
});

describe('TaskStore: a person\'s actions are guarded by the transition table', () => {
  it('refuses a transition the table forbids, saying which', async () => {
    const [id] = await insertTasks(1, 'completed');
    await expect(attempts.cancel(id!)).rejects.toThrow(new TaskRefusedError('cancel', id!, 'completed', 'it is already final'));
    await expect(attempts.retry(id!, 4)).rejects.toThrow(/is completed and cannot be retried/);
    await expect(attempts.delete(randomUUID())).rejects.toMatchObject({ status: null });
    const deleted = await attempts.delete(id!);
    expect(deleted.events).toEqual([{ type: 'task.deleted', task_id: id }]);
  });

  it('returns the row it wrote and the event to publish', async () => {
    const [id] = await insertTasks(1);
    const cancelled = await attempts.cancel(id!);
    expect(cancelled.previous).toBe('pending');
    expect(cancelled.events).toEqual([{ type: 'task.updated', task: expect.objectContaining({ id, status: 'cancelled' }) }]);
  });
});
