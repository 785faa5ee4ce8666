import type { TestDatabase } from '@atropos/testing';
import { createTestDatabase } from '@atropos/testing';
import { TASK_STATUSES } from '@atropos/tasks';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createDataSource, ensureDatabase, MIGRATIONS, runMigrations, TaskEntity } from '../src/index.js';

let db: TestDatabase;

beforeEach(async () => {
  db = await createTestDatabase();
});

afterEach(async () => {
  await db?.drop();
});

describe('migrations', () => {
  it('create the tasks table once, even when several replicas start together', async () => {
    const sources = [createDataSource({ url: db.url }), createDataSource({ url: db.url })];
    await Promise.all(sources.map((source) => source.initialize()));
    const applied = await Promise.all(sources.map((source) => runMigrations(source)));
    expect(applied.flat()).toEqual(MIGRATIONS.map((migration) => migration.name));
    expect(await runMigrations(sources[0]!)).toEqual([]);
    await Promise.all(sources.map((source) => source.destroy()));

    const [row] = await db.query<{ values: string[] }>(`SELECT enum_range(NULL::task_status)::text[] AS values`);
    expect(row?.values).toEqual([...TASK_STATUSES]);
  });

  it('leave nothing for the entity to change: entity and migrations describe the same schema', async () => {
    const source = await createDataSource({ url: db.url }).initialize();
    await runMigrations(source);
    const pending = await source.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    await source.destroy();
  });

  it('give the list queries an index for each filter and newest-first order', async () => {
    const source = await createDataSource({ url: db.url }).initialize();
    await runMigrations(source);
    await source.destroy();
    const indexes = await db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = 'tasks'`);
    const definitions = indexes.map((index) => index.indexdef);
    expect(definitions).toEqual(
      expect.arrayContaining([
        expect.stringContaining('(created_at, id)'),
        expect.stringContaining('(status, created_at, id)'),
        expect.stringContaining('(task_type, created_at, id)'),
        expect.stringContaining('USING gin (labels jsonb_path_ops)'),
        expect.stringContaining('USING gin (name gin_trgm_ops)'),
      ]),
    );
  });

  it('match the entity: a task saved through TypeORM reads back the same, timestamps to the millisecond', async () => {
    const source = await createDataSource({ url: db.url }).initialize();
    await runMigrations(source);
    const tasks = source.getRepository(TaskEntity);
    const id = randomUUID();
    await tasks.insert({ id, taskType: 'default', parameters: { message: 'hi' } });
    const task = await tasks.findOneByOrFail({ id });
    expect(task).toMatchObject({ status: 'pending', attempts: 0, maxAttempts: 4, attemptErrors: [], priority: 5 });
    const [raw] = await db.query<{ created_at: string }>(`SELECT created_at::text FROM tasks WHERE id = $1`, [id]);
    expect(new Date(raw!.created_at).getTime()).toBe(task.createdAt.getTime());
    await source.destroy();
  });
});

describe('ensureDatabase', () => {
  it('creates a missing database once and leaves an existing one alone', async () => {
    const url = new URL(db.url);
    url.pathname = `${url.pathname}_extra`;
    expect(await ensureDatabase(url.toString())).toBe(true);
    expect(await ensureDatabase(url.toString())).toBe(false);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`DROP DATABASE ${url.pathname.slice(1)}`);
    await admin.end();
  });
});
