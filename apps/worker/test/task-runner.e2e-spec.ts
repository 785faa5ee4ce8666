import 'reflect-metadata';
import { createDataSource, runMigrations } from '@atropos/db';
import { createTasksQueue } from '@atropos/queue';
import type { TasksQueue } from '@atropos/queue';
import { defaultTask, TASK_TYPES, TaskTypeCatalog } from '@atropos/tasks';
import type { TestDatabase, TestQueue } from '@atropos/testing';
import { createTestDatabase, createTestQueue, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { loadWorkerConfig } from '../src/config/worker.config.js';
import { WorkerModule } from '../src/worker.module.js';

/**
 * The worker's runner in this process, on the real PostgreSQL and Redis, with a catalog whose
 * `default` type declares a result schema its handler does not meet (the handler echoes
 * `message`, null when none is given; this schema wants a string).
 */
let db: TestDatabase;
let redis: TestQueue;
let queue: TasksQueue;
let worker: INestApplicationContext;

const stricterDefault = { ...defaultTask, result: z.strictObject({ message: z.string() }) };

beforeAll(async () => {
  db = await createTestDatabase();
  const dataSource = await createDataSource({ url: db.url, poolSize: 2 }).initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();
  redis = createTestQueue();
  queue = createTasksQueue({ redisUrl: redis.redisUrl, prefix: redis.prefix });
  const config = loadWorkerConfig({
    DATABASE_URL: db.url,
    REDIS_URL: redis.redisUrl,
    QUEUE_PREFIX: redis.prefix,
    WORKER_ID: 'runner-test',
    SHUTDOWN_GRACE_MS: '1000',
  });
  const catalog = new TaskTypeCatalog(
    [],
    [],
    TASK_TYPES.map((definition) => (definition.name === 'default' ? stricterDefault : definition)),
  );
  worker = await NestFactory.createApplicationContext(WorkerModule.with({ config, catalog }), { logger: false });
  await worker.init();
});

afterAll(async () => {
  await worker?.close();
  await queue?.close();
  await redis?.cleanUp();
  await db?.drop();
});

async function runTask(parameters: Record<string, unknown>): Promise<string> {
  const id = randomUUID();
  await db.query(`INSERT INTO tasks (id, task_type, status, parameters, max_attempts) VALUES ($1, 'default', 'pending', $2, 4)`, [
    id,
    JSON.stringify({ processing_time: 0, ...parameters }),
  ]);
  await queue.add({ taskId: id }, { jobId: id, attempts: 4, backoff: 10, removeOnComplete: true, removeOnFail: true });
  return id;
}

interface Row {
  status: string;
  attempts: number;
  result: unknown;
  error: string | null;
  attempt_errors: Array<{ attempt: number; error: string }>;
}

async function finalRow(id: string): Promise<Row> {
  let row: Row | undefined;
  await waitFor(`task ${id} to be final`, async () => {
    [row] = await db.query<Row & Record<string, unknown>>(
      'SELECT status, attempts, result, error, attempt_errors FROM tasks WHERE id = $1',
      [id],
    );
    return row?.status === 'completed' || row?.status === 'failed';
  });
  return row!;
}

describe('the runner and result schemas', () => {
  it('stores a result its schema accepts', async () => {
    const row = await finalRow(await runTask({ message: 'hello' }));
    expect(row).toMatchObject({ status: 'completed', attempts: 1, result: { message: 'hello' }, error: null, attempt_errors: [] });
  });

  it('fails the task at its first attempt, without retries, naming the field at fault, when the schema refuses the result', async () => {
    const row = await finalRow(await runTask({}));
    expect(row).toMatchObject({ status: 'failed', attempts: 1, result: null });
    expect(row.error).toBe(
      'The result does not match the result schema of default: result.message: Invalid input: expected string, received null',
    );
    expect(row.attempt_errors).toEqual([expect.objectContaining({ attempt: 1, error: row.error })]);
  });
});
