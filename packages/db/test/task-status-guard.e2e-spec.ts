import type { TestDatabase } from '@atropos/testing';
import { createTestDatabase } from '@atropos/testing';
import { statusChanges, TASK_STATUSES } from '@atropos/tasks';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../src/index.js';

/**
 * The transition table at the database: every pair of different statuses is tried with a plain
 * UPDATE, and exactly the changes some action of TASK_TRANSITIONS allows go through. A table changed
 * without a migration that installs it again fails here.
 */
let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = await createDataSource({ url: db.url }).initialize();
  await runMigrations(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

describe('the status guard trigger', () => {
  const allowed = new Set(statusChanges().map(([from, to]) => `${from}>${to}`));
  const pairs = TASK_STATUSES.flatMap((from) => TASK_STATUSES.filter((to) => to !== from).map((to) => [from, to] as const));

  it.each(pairs)('%s -> %s is allowed exactly when the table has it', async (from, to) => {
    const id = randomUUID();
    await db.query(`INSERT INTO tasks (id, task_type, status) VALUES ($1, 'default', $2::task_status)`, [id, from]);
    const change = db.query(`UPDATE tasks SET status = $2::task_status WHERE id = $1`, [id, to]);
    if (allowed.has(`${from}>${to}`)) {
      await change;
      const [row] = await db.query<{ status: string }>(`SELECT status FROM tasks WHERE id = $1`, [id]);
      expect(row?.status).toBe(to);
    } else {
      await expect(change).rejects.toThrow(`cannot change from ${from} to ${to}`);
    }
  });

  it('leaves writes that keep the status alone (progress) untouched', async () => {
    const id = randomUUID();
    await db.query(`INSERT INTO tasks (id, task_type, status) VALUES ($1, 'default', 'processing')`, [id]);
    await db.query(`UPDATE tasks SET progress = 40, status = 'processing' WHERE id = $1`, [id]);
    const [row] = await db.query<{ progress: number }>(`SELECT progress FROM tasks WHERE id = $1`, [id]);
    expect(row?.progress).toBe(40);
  });
});
