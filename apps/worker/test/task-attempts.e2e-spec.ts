import { createDataSource, runMigrations } from '@atropos/db';
import type { TestDatabase } from '@atropos/testing';
import { createTestDatabase } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TaskAttemptsRepository } from '../src/attempts/task-attempts.repository.js';

/**
 * The repository against the real PostgreSQL: claims and completions issued together go out as
 * one grouped statement, and that statement must still fence every row by its own attempt.
 */
let db: TestDatabase;
let dataSource: DataSource;
let attempts: TaskAttemptsRepository;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = await createDataSource({ url: db.url, poolSize: 4 }).initialize();
  await runMigrations(dataSource);
  attempts = new TaskAttemptsRepository(dataSource);
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

describe('TaskAttemptsRepository', () => {
  it('claims concurrent jobs each with its own row, and none that is final or gone', async () => {
    const ids = await insertTasks(12);
    const [cancelled] = await insertTasks(1, 'cancelled');
    const gone = randomUUID();

    const claims = await Promise.all([...ids, cancelled!, gone].map((id) => attempts.claim(id, 'worker-a')));

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

    outcomes.slice(0, 5).forEach((snapshot, index) =>
      expect(snapshot).toMatchObject({ id: ids[index], status: 'completed', progress: 100, progress_message: `done ${index}` }),
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
