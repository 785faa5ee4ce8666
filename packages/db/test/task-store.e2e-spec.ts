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

describe("TaskStore: the worker's writes", () => {
  it('claims concurrent jobs each with its own row, and none that is final or gone', async () => {
    const ids = await insertTasks(12);
    const [cancelled] = await insertTasks(1, 'cancelled');
    const gone = randomUUID();

    const claims = await Promise.all(
      [...ids, cancelled!, gone].map(async (id) => {
        const claim = await attempts.claim(id, 'worker-a');
        // None of these has spent its budget: a claim either starts an attempt or finds nothing.
        return claim && 'claimed' in claim ? claim.claimed : null;
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

    outcomes
      .slice(0, 5)
      .forEach((write, index) =>
        expect(write?.snapshot).toMatchObject({ id: ids[index], status: 'completed', progress: 100, progress_message: `done ${index}` }),
      );
    expect(outcomes[5]).toBeNull();
    const rows = await db.query<{ id: string; status: string; result: unknown; worker_id: string }>(
      'SELECT id, status, result, worker_id FROM tasks WHERE id = ANY($1::uuid[])',
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    ids
      .slice(0, 5)
      .forEach((id, index) => expect(byId.get(id)).toMatchObject({ status: 'completed', result: { index, text: 'a "quoted" \\ value' } }));
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

describe('TaskStore: leases of attempts taken over HTTP', () => {
  const leaseOf = (id: string) =>
    db.query<{ lease_expires_at: Date | null; status: string; attempts: number }>(
      'SELECT lease_expires_at, status, attempts FROM tasks WHERE id = $1',
      [id],
    );

  it('leases the attempt it claims, and takes a processing task over only once its lease ran out', async () => {
    const [id] = await insertTasks(1);
    const first = await attempts.claimLease(id!, 'http-a', 60_000);
    expect(first && 'claimed' in first ? first.claimed : first).toMatchObject({ taskId: id, attempt: 1, timeoutS: 7200 });
    const lease = first && 'claimed' in first ? first.claimed.leaseExpiresAt : null;
    expect(lease!.getTime()).toBeGreaterThan(Date.now() + 50_000);

    expect(await attempts.claimLease(id!, 'http-b', 60_000)).toEqual({ leased: true });
    expect((await leaseOf(id!))[0]).toMatchObject({ status: 'processing', attempts: 1 });

    await db.query(`UPDATE tasks SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    const second = await attempts.claimLease(id!, 'http-b', 60_000);
    expect(second && 'claimed' in second ? second.claimed.snapshot : second).toMatchObject({ attempts: 2, worker_id: 'http-b' });
    const [{ attempt_errors }] = (await db.query('SELECT attempt_errors FROM tasks WHERE id = $1', [id])) as [{ attempt_errors: unknown }];
    expect(attempt_errors).toEqual([
      expect.objectContaining({ attempt: 1, worker_id: 'http-a', error: expect.stringMatching(/lease of the attempt ran out/) }),
    ]);
    // The superseded attempt can no longer extend its lease nor record an outcome.
    expect(await attempts.extendLease({ taskId: id!, attempt: 1 }, 60_000)).toBeNull();
    expect(await attempts.complete({ taskId: id!, attempt: 1 }, { late: true }, null)).toBeNull();
    expect(await attempts.claimLease(randomUUID(), 'http-b', 60_000)).toBeNull();
  });

  it('extends the lease of the current attempt, with or without progress, never past its timeout', async () => {
    const [id] = await insertTasks(1);
    await db.query(`UPDATE tasks SET timeout_s = 30 WHERE id = $1`, [id]);
    await attempts.claimLease(id!, 'http-a', 1_000);
    const ref = { taskId: id!, attempt: 1 };

    const beat = await attempts.extendLease(ref, 10_000);
    expect(beat?.events).toEqual([]);
    expect(beat!.leaseExpiresAt.getTime()).toBeGreaterThan(Date.now() + 5_000);
    const capped = await attempts.extendLease(ref, 3_600_000, { percent: 40, message: 'almost half' });
    expect(capped?.snapshot).toMatchObject({ progress: 40, progress_message: 'almost half' });
    expect(capped?.events).toEqual([{ type: 'task.updated', task: expect.objectContaining({ progress: 40 }) }]);
    expect(capped!.leaseExpiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 31_000);

    // Past its timeout, the attempt's lease is not extended any more.
    await db.query(`UPDATE tasks SET started_at = now() - interval '31 seconds' WHERE id = $1`, [id]);
    expect(await attempts.extendLease(ref, 10_000)).toBeNull();
    expect((await leaseOf(id!))[0]).toMatchObject({ status: 'processing', attempts: 1 });
  });

  it('fails at the claim a task whose budget is spent once its lease ran out, and clears the lease at a worker claim', async () => {
    const [spent, other] = await insertTasks(2);
    await db.query(
      `UPDATE tasks SET status = 'processing', attempts = 4, max_attempts = 4, lease_expires_at = now() - interval '1 second' WHERE id = $1`,
      [spent],
    );
    const claim = await attempts.claimLease(spent!, 'http-b', 60_000);
    expect(claim && 'exhausted' in claim ? claim.exhausted.snapshot : claim).toMatchObject({ status: 'failed', attempts: 4 });

    await attempts.claimLease(other!, 'http-a', 60_000);
    await db.query(`UPDATE tasks SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [other]);
    await attempts.claim(other!, 'node-worker');
    expect((await leaseOf(other!))[0]).toEqual({ lease_expires_at: null, status: 'processing', attempts: 2 });
  });
});

describe("TaskStore: a person's actions are guarded by the transition table", () => {
  it('refuses a transition the table forbids, saying which', async () => {
    const [id] = await insertTasks(1, 'completed');
    await expect(attempts.cancel(id!)).rejects.toThrow(new TaskRefusedError('cancel', id!, 'completed', 'it is already final'));
    await expect(attempts.retry(id!, 4)).rejects.toThrow(/is completed and cannot be retried/);
    await expect(attempts.delete(randomUUID())).rejects.toMatchObject({ status: null });
    const deleted = await attempts.delete(id!);
    expect(deleted.events).toEqual([{ type: 'task.deleted', task_id: id, tenant: 'default' }]);
  });

  it('returns the row it wrote and the event to publish', async () => {
    const [id] = await insertTasks(1);
    const cancelled = await attempts.cancel(id!);
    expect(cancelled.previous).toBe('pending');
    expect(cancelled.events).toEqual([{ type: 'task.updated', task: expect.objectContaining({ id, status: 'cancelled' }) }]);
  });
});
